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
