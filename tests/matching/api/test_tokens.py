"""Personal API tokens: created and revoked on /coordinator/tokens, used as `Authorization: Bearer` on
POST /api/v1/match (no cookie, no CSRF), stored only as a SHA-256, audited, refused with 401 once revoked."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from tests.factories import make_agency, make_user
from tests.helpers import csrf_token, login
from tests.matching.conftest import profile_json
from tsunagu.models import ApiToken, AuditLog, Role

_SHOWN = re.compile(r'<code class="token">([^<]+)</code>')


def _sign_in(client, db_session, role=Role.COORDINATOR):
    user = make_user(db_session, role, agency=make_agency(db_session))
    assert login(client, user.email).status_code == 302
    return user


def _create(client, name="集計スクリプト"):
    form = {"name": name, "csrf_token": csrf_token(client, "/coordinator/tokens")}
    response = client.post("/coordinator/tokens", data=form)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return _SHOWN.search(response.get_data(as_text=True)).group(1)


def _bearer(app, token, body=None):
    return app.test_client().post(
        "/api/v1/match", json=body or profile_json(), headers={"Authorization": f"Bearer {token}"}
    )


def test_a_token_is_shown_once_and_only_its_hash_is_stored(client, db_session):
    user = _sign_in(client, db_session)
    token = _create(client)
    row = db_session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.name, row.prefix, row.token_hash) and token.startswith(row.prefix)
    again = client.get("/coordinator/tokens").get_data(as_text=True)
    assert "集計スクリプト" in again and token not in again
    assert db_session.scalar(select(AuditLog.action).where(AuditLog.object_id == row.id)) == "api_token.create"


def test_bearer_matches_as_the_user_without_csrf_and_is_recorded(app, client, db_session, town):  # noqa: F811
    user = _sign_in(client, db_session)
    token = _create(client)
    response = _bearer(app, token, profile_json())
    assert response.status_code == 200
    session_answer = client.post("/api/v1/match", json=profile_json(), headers={"X-CSRFToken": csrf_token(client, "/")})
    assert response.get_json() == session_answer.get_json()
    assert response.get_json()[0]["service_id"] == town.fit.id
    db_session.expire_all()
    row = db_session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert row.last_used_at is not None
    entries = db_session.execute(
        select(AuditLog.object_type, AuditLog.object_id).where(
            AuditLog.actor_id == user.id, AuditLog.action == "match.api"
        )
    ).all()
    assert sorted(entries, key=str) == sorted([("api_token", row.id), ("session", None)], key=str)


def test_revoked_and_unknown_tokens_get_401_problem_json(app, client, db_session):
    _sign_in(client, db_session)
    token = _create(client)
    row = db_session.scalars(select(ApiToken)).one()
    revoke = f"/coordinator/tokens/{row.id}/revoke"
    assert client.post(revoke).status_code == 400  # no CSRF token
    assert _bearer(app, token).status_code == 200
    assert client.post(revoke, data={"csrf_token": csrf_token(client, "/coordinator/tokens")}).status_code == 302
    for wrong in (token, token + "x", "not-a-token"):
        response = _bearer(app, wrong)
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    response = app.test_client().post("/api/v1/match", json=profile_json(), headers={"Authorization": "Basic eDp5"})
    assert response.status_code == 401


def test_a_token_follows_its_user_role_and_account(app, client, db_session):
    user = _sign_in(client, db_session)
    token = _create(client)
    user.role = Role.AGENCY  # agency staff do not run matching
    db_session.flush()
    assert _bearer(app, token).status_code == 403
    user.role, user.active = Role.COORDINATOR, False
    db_session.flush()
    assert _bearer(app, token).status_code == 401


def test_only_the_owner_or_an_admin_may_revoke(app, db_session):
    owner_client, other_client, admin_client = app.test_client(), app.test_client(), app.test_client()
    _sign_in(owner_client, db_session)
    token = _create(owner_client)
    row = db_session.scalars(select(ApiToken)).one()
    revoke = f"/coordinator/tokens/{row.id}/revoke"
    _sign_in(other_client, db_session)
    form = {"csrf_token": csrf_token(other_client, "/coordinator/tokens")}
    assert other_client.post(revoke, data=form).status_code == 403
    assert "集計スクリプト" not in other_client.get("/coordinator/tokens").get_data(as_text=True)
    assert _bearer(app, token).status_code == 200
    _sign_in(admin_client, db_session, Role.ADMIN)
    assert "集計スクリプト" in admin_client.get("/coordinator/tokens").get_data(as_text=True)
    form = {"csrf_token": csrf_token(admin_client, "/coordinator/tokens")}
    assert admin_client.post(revoke, data=form).status_code == 302
    assert _bearer(app, token).status_code == 401
    assert admin_client.post("/coordinator/tokens/999999/revoke", data=form).status_code == 404


def test_agency_staff_cannot_create_tokens(client, db_session):
    _sign_in(client, db_session, Role.AGENCY)
    assert client.get("/coordinator/tokens").status_code == 403
    form = {"name": "x", "csrf_token": csrf_token(client, "/")}
    assert client.post("/coordinator/tokens", data=form).status_code == 403
    assert not db_session.scalars(select(ApiToken)).all()
