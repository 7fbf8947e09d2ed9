"""Rate limits a user would meet: too many sign-ins from one address, an API client that floods."""

from __future__ import annotations

import pytest

from tests.helpers import csrf_token


@pytest.fixture
def low_limits(app):
    """Lower the limits for one test and start from empty counters."""
    saved = {key: app.config[key] for key in ("TSUNAGU_RATE_LOGIN", "TSUNAGU_RATE_API")}
    app.config.update(TSUNAGU_RATE_LOGIN="3 per minute", TSUNAGU_RATE_API="2 per minute")
    for limiter in app.extensions["limiter"]:
        limiter.reset()
    yield
    app.config.update(saved)
    for limiter in app.extensions["limiter"]:
        limiter.reset()


def test_sign_in_attempts_from_one_address_are_limited_across_accounts(client, low_limits):
    for n in range(3):
        token = csrf_token(client)
        attempt = client.post("/login", data={"email": f"guess{n}@example.jp", "password": "x", "csrf_token": token})
        assert attempt.status_code == 401
    token = csrf_token(client)
    blocked = client.post("/login", data={"email": "guess9@example.jp", "password": "x", "csrf_token": token})
    assert blocked.status_code == 429
    assert "リクエストが多すぎます" in blocked.get_data(as_text=True)
    assert blocked.headers.get("Retry-After")
    assert client.get("/login").status_code == 200  # looking at the form is never limited


def test_an_api_client_that_floods_gets_problem_json_and_retry_after(client, low_limits):
    assert client.get("/api/v1/services").status_code == 200
    assert client.get("/api/v1/services").status_code == 200
    flooded = client.get("/api/v1/services")
    assert flooded.status_code == 429
    assert flooded.mimetype == "application/problem+json"
    assert flooded.get_json()["status"] == 429
    assert flooded.headers.get("Retry-After")


def test_every_anonymous_form_is_rate_limited(app):
    """A new public form without a limit fails here: anonymous POST endpoints are listed in tsunagu.limits."""
    from tsunagu.limits import POST_LIMITS

    anonymous_forms = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ())
        # signed-in areas (a volunteer's own profile and interests included) are not anonymous forms
        and not rule.rule.startswith(
            ("/admin", "/coordinator", "/contribute", "/api/", "/volunteer/profile", "/volunteer/interests")
        )
        and rule.endpoint != "auth.logout"
    }
    assert anonymous_forms <= set(POST_LIMITS), anonymous_forms - set(POST_LIMITS)


def test_an_oversized_request_is_refused_with_a_clear_page(app, client):
    assert app.config["MAX_CONTENT_LENGTH"] == 25 * 1024 * 1024
    saved, app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_CONTENT_LENGTH"], 1000
    try:
        response = client.post("/register", data={"organization_name": "x" * 5000})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = saved
    assert response.status_code == 413
    assert "送られたデータが大きすぎます" in response.get_data(as_text=True)


def test_with_limits_switched_off_every_limited_form_still_works(database_url, tmp_path, monkeypatch):
    import gc

    from tsunagu import create_app

    monkeypatch.setenv("TSUNAGU_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False, "SECRET_KEY": "off"})
    gc.collect()  # a limiter kept only weakly would be gone now
    client = app.test_client()
    assert client.get("/login").status_code == 200
    assert client.get("/password/forgot").status_code == 200
    from tsunagu.db import db

    with app.app_context():
        db.engine.dispose()
