"""Password reset by mail: one link, one hour, one use; the same answer for unknown addresses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories import make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role

NEW_PASSWORD = "a-new-long-passphrase"


def _mail_log(app) -> str:
    path = Path(app.instance_path) / "mail.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _ask_for_link(client, email: str):
    return client.post("/password/forgot", data={"email": email, "csrf_token": csrf_token(client, "/password/forgot")})


def _last_link(app) -> str:
    links = re.findall(r"http://localhost(/password/reset/\S+)", _mail_log(app))
    assert links, "no reset mail was sent"
    return links[-1]


def _set_password(client, link: str, password: str, confirm: str | None = None):
    token = csrf_token(client, link)
    return client.post(link, data={"password": password, "confirm": confirm or password, "csrf_token": token})


@pytest.fixture
def member(db_session):
    user = make_user(db_session, Role.COORDINATOR, email="reset-me@example.jp")
    db_session.commit()
    return user


def test_a_reset_link_sets_a_new_password_once(app, client, member):
    before = _mail_log(app)
    response = _ask_for_link(client, "Reset-Me@example.jp")
    assert response.status_code == 302
    assert len(_mail_log(app)) > len(before)
    link = _last_link(app)

    assert _set_password(client, link, NEW_PASSWORD).status_code == 302
    assert login(client, "reset-me@example.jp", password=NEW_PASSWORD).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    assert login(client, "reset-me@example.jp").status_code == 401  # the old password is gone

    again = client.get(link)  # the same link a second time
    assert again.status_code == 400
    assert "このリンクは使えません" in again.get_data(as_text=True)


def test_unknown_addresses_get_the_same_answer_and_no_mail(app, client, member):
    before = _mail_log(app)
    unknown = _ask_for_link(client, "nobody@example.jp")
    known = _ask_for_link(client, "reset-me@example.jp")
    assert unknown.status_code == known.status_code == 302
    assert unknown.headers["Location"] == known.headers["Location"]
    assert _mail_log(app).count("nobody@example.jp") == before.count("nobody@example.jp")


def test_an_expired_link_is_refused(app, client, member):
    _ask_for_link(client, "reset-me@example.jp")
    link = _last_link(app)
    app.config["TSUNAGU_RESET_MAX_AGE"] = -1
    try:
        assert client.get(link).status_code == 400
    finally:
        del app.config["TSUNAGU_RESET_MAX_AGE"]


def test_a_short_or_mismatched_password_re_renders_with_errors_and_changes_nothing(app, client, member):
    _ask_for_link(client, "reset-me@example.jp")
    link = _last_link(app)
    short = _set_password(client, link, "short")
    assert short.status_code == 200
    assert "12文字以上" in short.get_data(as_text=True)
    mismatch = _set_password(client, link, NEW_PASSWORD, "something-else-entirely")
    assert "一致しません" in mismatch.get_data(as_text=True)
    assert login(client, "reset-me@example.jp").status_code == 302  # still the old password


def test_the_forms_need_their_csrf_token(app, client, member):
    assert client.post("/password/forgot", data={"email": "reset-me@example.jp"}).status_code == 400
    _ask_for_link(client, "reset-me@example.jp")
    assert client.post(_last_link(app), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 400
