"""Signing in and out: argon2, CSRF, one generic error, lockout, no open redirect, fresh session."""

from __future__ import annotations

from tests.factories import make_agency, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role

GENERIC_ERROR = "メールアドレスまたはパスワードが違います。"


def test_passwords_are_stored_as_argon2id(db_session):
    user = make_user(db_session, Role.COORDINATOR, password="s3cret-pass-phrase")
    assert user.password_hash.startswith("$argon2id$")
    assert "s3cret" not in user.password_hash


def test_login_and_logout(client, db_session):
    user = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    response = login(client, user.email)
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "ログアウト" in home
    assert client.get("/coordinator/").status_code == 200

    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert client.get("/coordinator/").status_code == 302  # back to the login page


def test_email_is_case_insensitive(client, db_session):
    user = make_user(db_session, Role.ADMIN, email="Admin.Person@example.test")
    assert login(client, user.email.upper()).status_code == 302


def test_wrong_password_and_unknown_account_look_the_same(client, db_session):
    user = make_user(db_session, Role.COORDINATOR)
    wrong = login(client, user.email, "wrong password")
    unknown = login(client, "nobody@example.test", "wrong password")
    assert wrong.status_code == unknown.status_code == 401
    assert GENERIC_ERROR in wrong.get_data(as_text=True)
    assert GENERIC_ERROR in unknown.get_data(as_text=True)


def test_account_locks_after_repeated_failures(client, app, db_session):
    user = make_user(db_session, Role.COORDINATOR)
    for _ in range(app.config["TSUNAGU_LOGIN_MAX_FAILURES"]):
        assert login(client, user.email, "guess").status_code == 401
    locked = login(client, user.email)  # the right password no longer works for a while
    assert locked.status_code == 401
    assert GENERIC_ERROR in locked.get_data(as_text=True)
    db_session.refresh(user)
    assert user.locked_until is not None


def test_login_requires_a_csrf_token(client, db_session):
    user = make_user(db_session, Role.COORDINATOR)
    response = client.post("/login", data={"email": user.email, "password": "x"})
    assert response.status_code == 400


def test_logout_by_get_does_not_sign_out(client, db_session):
    user = make_user(db_session, Role.ADMIN)
    login(client, user.email)
    assert client.get("/logout").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_next_parameter_cannot_leave_the_site(client, db_session):
    user = make_user(db_session, Role.ADMIN)
    response = login(client, user.email, next_path="//evil.example/steal")
    assert response.headers["Location"] == "/"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    response = login(client, user.email, next_path="/admin/")
    assert response.headers["Location"] == "/admin/"


def test_session_is_renewed_at_login(client, db_session):
    user = make_user(db_session, Role.ADMIN)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_deactivated_user_cannot_sign_in(client, db_session):
    user = make_user(db_session, Role.COORDINATOR)
    user.active = False
    db_session.flush()
    assert login(client, user.email).status_code == 401
