"""Sessions end on the server: a cookie saved before logout, a password reset, a role change or a deactivation
opens nothing afterwards; staff sessions end after the idle time (both databases)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.factories import make_agency, make_organization, make_person, make_user
from tests.helpers import csrf_token, login
from tsunagu.auth.sessions import SEEN_KEY
from tsunagu.models import Role


@pytest.fixture
def case(db_session):
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency, email="sessions@example.jp")
    person = make_person(db_session, agency)
    return coordinator, f"/coordinator/persons/{person.id}"


def _signed_in_copy(app, client):
    """A second browser holding a copy of `client`'s session cookie (what a thief would replay)."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def test_a_cookie_saved_before_logout_opens_nothing_after_it(app, client, case):
    coordinator, page = case
    login(client, coordinator.email)
    assert client.get(page).status_code == 200
    saved = _signed_in_copy(app, client)
    assert saved.get(page).status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    replay = saved.get(page)
    assert replay.status_code == 302 and "/login" in replay.headers["Location"]


def test_a_password_reset_ends_the_other_sessions(app, client, case):
    coordinator, page = case
    login(client, coordinator.email)
    saved = _signed_in_copy(app, client)
    other = app.test_client()
    other.post(
        "/password/forgot", data={"email": coordinator.email, "csrf_token": csrf_token(other, "/password/forgot")}
    )
    link = re.findall(r"http://localhost(/password/reset/\S+)", (Path(app.instance_path) / "mail.log").read_text())[-1]
    password = "a-brand-new-passphrase"
    token = csrf_token(other, link)
    assert other.post(link, data={"password": password, "confirm": password, "csrf_token": token}).status_code == 302
    assert saved.get(page).status_code == 302
    assert client.get(page).status_code == 302


@pytest.mark.parametrize("change", ["role", "active", "agency"])
def test_a_role_change_or_deactivation_ends_the_users_sessions(app, client, db_session, case, change):
    coordinator, page = case
    login(client, coordinator.email)
    assert client.get(page).status_code == 200
    if change == "role":
        coordinator.role = Role.AGENCY
    elif change == "active":
        coordinator.active = False
    else:
        coordinator.agency_id = make_agency(db_session).id
    db_session.flush()
    response = client.get(page)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_staff_sessions_end_after_the_idle_time(app, client, case):
    coordinator, page = case
    login(client, coordinator.email)
    assert client.get(page).status_code == 200
    minutes = app.config["TSUNAGU_STAFF_IDLE_MINUTES"]
    with client.session_transaction() as session:
        session[SEEN_KEY] = int(time.time()) - minutes * 60 + 120  # active two minutes before the limit
    assert client.get(page).status_code == 200
    with client.session_transaction() as session:
        session[SEEN_KEY] = int(time.time()) - minutes * 60 - 1
    response = client.get(page)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_group_accounts_have_no_idle_timeout(app, client, db_session):
    group = make_user(db_session, Role.GROUP, organization_id=make_organization(db_session).id)
    login(client, group.email)
    with client.session_transaction() as session:
        session[SEEN_KEY] = int(time.time()) - 10 * 24 * 3600
    assert client.get("/contribute/").status_code == 200
