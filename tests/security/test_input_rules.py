"""Rules on what may be stored: no bidi controls in names, plausible record dates, one password minimum, no
edits to an erased person, no published demo password outside the demo (both databases)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from matching.models import HostContact, Person, PersonStatus, PlacementStatus
from tests.factories import make_agency, make_person, make_placement, make_prospect, make_user
from tests.helpers import csrf_token, login
from tsunagu.auth.forms import MIN_PASSWORD_LENGTH
from tsunagu.clock import today_in_japan
from tsunagu.demo_deployment import PUBLISHED_DEMO_PASSWORD, mark_demo_deployment
from tsunagu.doctor import check_demo_accounts
from tsunagu.models import Role

RIGHT_TO_LEFT_OVERRIDE = "\u202e"


@pytest.fixture
def coordinator(client, db_session):
    agency = make_agency(db_session)
    user = make_user(db_session, Role.COORDINATOR, agency=agency)
    login(client, user.email)
    return user


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f", "\u202a"])
def test_a_name_with_a_bidi_control_is_refused(client, db_session, coordinator, control):
    token = csrf_token(client, "/coordinator/persons/new")
    response = client.post("/coordinator/persons/new", data={"csrf_token": token, "code_name": f"ケース{control}1009"})
    assert response.status_code == 400
    assert "文字の向き" in response.get_data(as_text=True)
    assert db_session.scalar(select(Person).where(Person.code_name.contains("1009"))) is None


def test_bidi_controls_in_other_text_are_left_to_the_form(client, db_session, coordinator):
    prospect = make_prospect(db_session, make_agency(db_session))
    token = csrf_token(client, f"/coordinator/hosts/{prospect.id}")
    client.post(
        f"/coordinator/hosts/{prospect.id}/contacts",
        data={"csrf_token": token, "note": f"مرحبا{RIGHT_TO_LEFT_OVERRIDE}"},
    )
    db_session.expire_all()
    assert db_session.scalars(select(HostContact).where(HostContact.prospect_id == prospect.id)).one()


@pytest.mark.parametrize(
    ("on", "stored"),
    [
        (date(1900, 1, 1), False),
        (date(9999, 12, 31), False),
        (today_in_japan() + timedelta(days=400), False),
        (date(2001, 4, 1), True),
        (today_in_japan(), True),
    ],
)
def test_contact_and_check_in_dates_must_be_plausible(client, db_session, coordinator, on, stored):
    prospect = make_prospect(db_session, coordinator.agency)
    token = csrf_token(client, f"/coordinator/hosts/{prospect.id}")
    data = {"csrf_token": token, "note": "電話で様子を聞いた", "on": on.isoformat()}
    client.post(f"/coordinator/hosts/{prospect.id}/contacts", data=data)
    db_session.expire_all()
    contacts = db_session.scalars(select(HostContact).where(HostContact.prospect_id == prospect.id)).all()
    assert bool(contacts) == stored
    person = make_person(db_session, coordinator.agency)
    placement = make_placement(db_session, person, status=PlacementStatus.STARTED)
    data = {"csrf_token": token, "check_in-how_it_goes": "順調", "check_in-on": on.isoformat()}
    client.post(f"/coordinator/placements/{placement.id}/check-ins", data=data)
    db_session.expire_all()
    db_session.refresh(placement)
    assert bool(placement.check_ins) == stored


def test_registration_and_reset_ask_for_the_same_password_length(client):
    assert MIN_PASSWORD_LENGTH == 12
    short = "x" * (MIN_PASSWORD_LENGTH - 1)
    token = csrf_token(client, "/register")
    response = client.post(
        "/register",
        data={
            "csrf_token": token,
            "organization_name": "みどり会",
            "organization_kind": "npo",
            "display_name": "山田",
            "email": "midori@example.test",
            "password": short,
            "password_again": short,
        },
    )
    assert response.status_code in (200, 400)
    assert "12文字以上" in response.get_data(as_text=True)


def test_nobody_writes_into_an_erased_person(client, db_session):
    agency = make_agency(db_session)
    person = make_person(db_session, agency, status=PersonStatus.ERASED, code_name=None)
    admin = make_user(db_session, Role.ADMIN)
    login(client, admin.email)
    assert client.get(f"/coordinator/persons/{person.id}/edit").status_code == 403


def test_check_fails_while_an_account_keeps_the_published_demo_password(app, db_session, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    user = make_user(db_session, Role.ADMIN, email="admin@example.jp", password=PUBLISHED_DEMO_PASSWORD)
    result = check_demo_accounts(app, db_session)
    assert result.level == "fail" and "admin@example.jp" in result.message
    mark_demo_deployment(app)
    assert check_demo_accounts(app, db_session).level == "warn"
    (tmp_path / "demo-deployment").unlink()
    user.active = False
    db_session.flush()
    assert check_demo_accounts(app, db_session).level == "ok"
