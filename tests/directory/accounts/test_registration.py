"""Group self-registration: sign-up, confirmation link by mail (or from an admin), then sign-in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from directory.accounts.registration import register_group
from directory.accounts.services import confirm_email, confirmation_token
from directory.models import EntryStatus, Organization
from tests.factories import make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role, User

PASSWORD = "hidamari-2026-pass"  # noqa: S105 - test account


def _register(client, email="hidamari@example.test", **overrides):
    data = {
        "organization_name": "みんなの食堂ひだまり",
        "organization_kind": "npo",
        "display_name": "佐藤 花子",
        "email": email,
        "password": PASSWORD,
        "password_again": PASSWORD,
        "csrf_token": csrf_token(client, "/register"),
        **overrides,
    }
    return client.post("/register", data=data)


def _waiting(session) -> User:
    user = register_group(
        session,
        organization_name="つなぐ会",
        organization_kind="other",
        display_name="担当",
        email="waiting-user@example.test",
        password=PASSWORD,
    )
    assert user is not None
    return user


def _mail_log(app) -> Path:
    return Path(app.instance_path) / "mail.log"


def _last_link(app) -> str:
    links = re.findall(r"http://localhost(/register/confirm/\S+)", _mail_log(app).read_text(encoding="utf-8"))
    assert links, "no confirmation link in the mail log"
    return links[-1]


def test_sign_up_creates_a_draft_organisation_and_an_inactive_account(client, db_session):
    response = _register(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/register/sent")
    user = db_session.scalar(select(User).where(User.email == "hidamari@example.test"))
    assert user is not None and user.role == Role.GROUP and not user.active and user.email_confirmed_at is None
    organization = db_session.get(Organization, user.organization_id)
    assert organization.name == "みんなの食堂ひだまり" and organization.status == EntryStatus.DRAFT
    assert user.password_hash.startswith("$argon2id$")
    # not confirmed yet: signing in fails like any wrong password
    assert login(client, "hidamari@example.test", PASSWORD).status_code == 401


def test_the_mailed_link_confirms_and_the_group_can_sign_in(app, client, db_session):
    _register(client, email="confirm@example.test")
    link = _last_link(app)
    response = client.get(link)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert login(client, "confirm@example.test", PASSWORD, next_path="/contribute/").headers["Location"] == (
        "/contribute/"
    )
    page = client.get("/contribute/").get_data(as_text=True)
    assert "みんなの食堂ひだまり" in page
    # the link works once
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    assert client.get(link).status_code == 400


def test_tampered_and_expired_tokens_are_refused(app, db_session):
    user = _waiting(db_session)
    token = confirmation_token(user, app.config["SECRET_KEY"])
    assert confirm_email(db_session, token[:-2] + "xx", app.config["SECRET_KEY"]) is None
    assert confirm_email(db_session, token, "another-secret") is None
    assert confirm_email(db_session, token, app.config["SECRET_KEY"], max_age=-1) is None
    assert not user.active


def test_a_link_for_an_old_address_stops_working(app, db_session):
    user = _waiting(db_session)
    token = confirmation_token(user, app.config["SECRET_KEY"])
    user.email = "new-address@example.test"
    db_session.flush()
    assert confirm_email(db_session, token, app.config["SECRET_KEY"]) is None


def test_a_known_address_gets_the_same_answer_and_no_second_account(client, db_session):
    existing = make_user(db_session, Role.COORDINATOR, email="taken@example.test")
    response = _register(client, email="TAKEN@example.test")
    assert response.status_code == 302 and response.headers["Location"].endswith("/register/sent")
    users = db_session.scalars(select(User).where(User.email.ilike("taken@example.test"))).all()
    assert [u.id for u in users] == [existing.id]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "メールアドレスの形が正しくありません"),
        ("password_again", "something-else-entirely", "パスワードが一致しません"),
        ("organization_name", "", "必須です"),
    ],
)
def test_invalid_sign_up_re_renders_with_the_error(client, db_session, field, value, message):
    response = _register(client, **{field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db_session.scalar(select(User).where(User.email == "hidamari@example.test")) is None


def test_sign_up_needs_the_csrf_token(client, db_session):
    response = _register(client, csrf_token="")
    assert response.status_code == 400
    assert db_session.scalar(select(User).where(User.email == "hidamari@example.test")) is None


def test_admin_sees_waiting_accounts_with_their_links(app, client, db_session):
    _register(client, email="waiting@example.test")
    admin = make_user(db_session, Role.ADMIN)
    login(client, admin.email)
    page = client.get("/admin/registrations").get_data(as_text=True)
    assert "waiting@example.test" in page and "みんなの食堂ひだまり" in page
    link = re.search(r'value="http://localhost(/register/confirm/[^"]+)"', page)
    assert link is not None
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    assert client.get(link.group(1)).status_code == 302
    user = db_session.scalar(select(User).where(User.email == "waiting@example.test"))
    db_session.refresh(user)
    assert user.active and user.email_confirmed_at is not None


def test_mail_backend_none_sends_nothing(app, client, db_session):
    app.config["TSUNAGU_MAIL"] = "none"
    try:
        before = _mail_log(app).read_text(encoding="utf-8") if _mail_log(app).exists() else ""
        _register(client, email="nomail@example.test")
        after = _mail_log(app).read_text(encoding="utf-8") if _mail_log(app).exists() else ""
        assert before == after
    finally:
        app.config.pop("TSUNAGU_MAIL")
