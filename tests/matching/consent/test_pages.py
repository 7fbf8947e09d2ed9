"""The consent page: 本人同意 shared with chosen agencies (who, when, form reference), a 支援会議 with named
members, and the errors a coordinator sees when something is missing."""

from __future__ import annotations

from sqlalchemy import select

from matching.models import Consent, ConsentTier
from tests.factories import make_agency, make_person, make_users
from tests.helpers import csrf_token, login
from tsunagu.models import AuditLog, Role


def _setup(db_session):
    owner_agency, partner, outside = (make_agency(db_session) for _ in range(3))
    roles = {
        "owner": (Role.COORDINATOR, owner_agency),
        "partner": (Role.AGENCY, partner),
        "outsider": (Role.AGENCY, outside),
        "member": (Role.COORDINATOR, outside),
    }
    users = make_users(db_session, roles)
    person = make_person(db_session, owner_agency, code_name="同意さん", coordinator_id=users["owner"].id)
    return users, person, partner


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def test_sharing_under_consent_records_who_when_and_the_form(app, db_session):
    users, person, partner = _setup(db_session)
    owner, partner_staff = _client(app, users["owner"]), _client(app, users["partner"])
    page = f"/coordinator/persons/{person.id}/consent"
    assert partner_staff.get(f"/coordinator/persons/{person.id}").status_code == 403
    token = csrf_token(owner, page)
    missing = owner.post(page, data={"csrf_token": token, "agencies": [partner.id], "form_reference": ""})
    assert missing.status_code == 400 and 'aria-invalid="true"' in missing.get_data(as_text=True)
    response = owner.post(page, data={"csrf_token": token, "agencies": [partner.id], "form_reference": "同意書-7"})
    assert response.status_code == 302
    consent = db_session.scalar(select(Consent).where(Consent.person_id == person.id))
    assert consent.tier == ConsentTier.SHARED and consent.form_reference == "同意書-7"
    assert consent.recorded_by_id == users["owner"].id and consent.recorded_at is not None
    assert partner_staff.get(f"/coordinator/persons/{person.id}").status_code == 200
    assert _client(app, users["outsider"]).get(f"/coordinator/persons/{person.id}").status_code == 403
    entry = db_session.scalar(select(AuditLog).where(AuditLog.action == "person.consent"))
    assert entry.detail["tier"] == "shared" and partner.id in entry.detail["agency_ids"]
    assert "同意書-7" in owner.get(f"/coordinator/persons/{person.id}/timeline").get_data(as_text=True)


def test_a_support_meeting_shows_the_case_to_its_named_members_only(app, db_session):
    users, person, _ = _setup(db_session)
    owner = _client(app, users["owner"])
    page = f"/coordinator/persons/{person.id}/consent"
    token = csrf_token(owner, page)
    refused = owner.post(f"{page}/meeting", data={"meeting-csrf_token": token, "meeting-meeting_name": "支援会議"})
    assert refused.status_code == 400  # no member chosen
    response = owner.post(
        f"{page}/meeting",
        data={"meeting-csrf_token": token, "meeting-meeting_name": "支援会議", "meeting-members": [users["member"].id]},
    )
    assert response.status_code == 302
    assert _client(app, users["member"]).get(f"/coordinator/persons/{person.id}").status_code == 200
    assert _client(app, users["partner"]).get(f"/coordinator/persons/{person.id}").status_code == 403


def test_only_the_owning_agency_changes_consent(app, db_session):
    users, person, partner = _setup(db_session)
    for name in ("partner", "member"):
        client = _client(app, users[name])
        assert client.get(f"/coordinator/persons/{person.id}/consent").status_code == 403
        token = csrf_token(client, "/coordinator/")
        data = {"csrf_token": token, "agencies": [partner.id], "form_reference": "x"}
        assert client.post(f"/coordinator/persons/{person.id}/consent", data=data).status_code == 403
    assert db_session.scalar(select(Consent).where(Consent.person_id == person.id)) is None
