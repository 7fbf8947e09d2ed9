"""The ボランティアセンター's review of sign-ups (/coordinator/volunteers…) and who may see a volunteer at all."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.models import VolunteerStatus
from matching.permissions import can_view_person
from tests.directory.volunteers.test_signup import add_district, signup_data
from tests.factories import make_agency, make_person, make_user, make_volunteer
from tests.helpers import csrf_token, login
from tsunagu.models import AuditLog, Role

CONTACT = "secret-hinata@example.test"
PHONE = "090-5555-0101"


def pending_volunteer(db_session, **kw):
    user = make_user(db_session, Role.VOLUNTEER)
    volunteer = make_volunteer(
        db_session,
        user_id=user.id,
        status=VolunteerStatus.PENDING,
        code_name="ひなた",
        contact_email=CONTACT,
        contact_phone=PHONE,
        **kw,
    )
    return user, volunteer


def _coordinator(client, db_session):
    user = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    assert login(client, user.email).status_code == 302
    return user


def _decide(client, volunteer_id, **data):
    path = f"/coordinator/volunteers/{volunteer_id}"
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def test_the_queue_lists_code_names_and_only_the_detail_shows_contact_details(client, db_session):
    _user, volunteer = pending_volunteer(db_session)
    active = make_volunteer(db_session, code_name="あさひ", contact_email="asahi@example.test")
    coordinator = _coordinator(client, db_session)
    queue = client.get("/coordinator/volunteers").get_data(as_text=True)
    assert "ひなた" in queue and "あさひ" not in queue
    assert CONTACT not in queue and PHONE not in queue
    assert "あさひ" in client.get("/coordinator/volunteers?status=active").get_data(as_text=True)
    detail = client.get(f"/coordinator/volunteers/{volunteer.id}").get_data(as_text=True)
    assert CONTACT in detail and PHONE in detail
    read = select(AuditLog).where(AuditLog.action == "volunteer.read", AuditLog.object_id == volunteer.id)
    entry = db_session.scalars(read).one()
    assert entry.actor_id == coordinator.id and entry.object_type == "volunteer"
    assert active.id != volunteer.id


def test_sending_back_needs_a_comment_and_the_volunteer_reads_it(client, db_session):
    user, volunteer = pending_volunteer(db_session)
    _coordinator(client, db_session)
    response = _decide(client, volunteer.id, decision="reject", comment="")
    assert response.status_code == 400 and "差し戻すときは理由を書いてください" in response.get_data(as_text=True)
    db_session.expire_all()
    assert volunteer.status == VolunteerStatus.PENDING
    response = _decide(client, volunteer.id, decision="reject", comment="活動できる時間をもう少し詳しく教えてください")
    assert response.status_code == 302 and response.headers["Location"].endswith("/coordinator/volunteers")
    db_session.expire_all()
    assert volunteer.status == VolunteerStatus.INACTIVE
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})

    assert login(client, user.email).status_code == 302
    page = client.get("/volunteer/").get_data(as_text=True)
    assert "登録は差し戻されました" in page and "活動できる時間をもう少し詳しく教えてください" in page
    # fixing the profile sends it back to review
    add_district(db_session)
    data = signup_data(client, csrf_token=csrf_token(client, "/volunteer/profile"))
    assert client.post("/volunteer/profile", data=data).status_code == 302
    db_session.expire_all()
    assert volunteer.status == VolunteerStatus.PENDING and volunteer.availability[0]["day"] == "wed"
    assert "ボランティアセンターが確認しています" in client.get("/volunteer/").get_data(as_text=True)


def test_approving_activates_the_volunteer_and_is_recorded(client, db_session):
    _user, volunteer = pending_volunteer(db_session)
    coordinator = _coordinator(client, db_session)
    assert _decide(client, volunteer.id, decision="approve", comment="よろしくお願いします").status_code == 302
    db_session.expire_all()
    assert volunteer.status == VolunteerStatus.ACTIVE and volunteer.reviewed_by_id == coordinator.id
    decision = db_session.scalars(select(AuditLog).where(AuditLog.action == "volunteer.approve")).one()
    assert decision.object_id == volunteer.id and decision.note == "よろしくお願いします"


def test_the_review_form_needs_the_csrf_token(client, db_session):
    _user, volunteer = pending_volunteer(db_session)
    _coordinator(client, db_session)
    response = client.post(f"/coordinator/volunteers/{volunteer.id}", data={"decision": "approve"})
    assert response.status_code == 400
    db_session.expire_all()
    assert volunteer.status == VolunteerStatus.PENDING


@pytest.mark.parametrize("role", [Role.GROUP, Role.AGENCY, Role.VOLUNTEER])
def test_only_coordinators_and_admins_decide(client, db_session, role):
    _user, volunteer = pending_volunteer(db_session)
    other = make_user(db_session, role, agency=make_agency(db_session) if role == Role.AGENCY else None)
    if role == Role.VOLUNTEER:
        make_volunteer(db_session, user_id=other.id)
    login(client, other.email)
    token = csrf_token(client, "/logout")
    path = f"/coordinator/volunteers/{volunteer.id}"
    assert client.post(path, data={"csrf_token": token, "decision": "approve"}).status_code == 403
    db_session.expire_all()
    assert volunteer.status == VolunteerStatus.PENDING


def test_a_volunteer_sees_neither_other_volunteers_nor_persons(client, db_session):
    _other_user, other = pending_volunteer(db_session)
    user = make_user(db_session, Role.VOLUNTEER)
    make_volunteer(db_session, user_id=user.id, code_name="そら")
    person = make_person(db_session, make_agency(db_session), home_district="本町地区")
    assert not can_view_person(user, person)
    login(client, user.email)
    own = client.get("/volunteer/").get_data(as_text=True)
    assert "そら" in own and "ひなた" not in own and CONTACT not in own
    for path in (
        f"/coordinator/volunteers/{other.id}",
        "/coordinator/volunteers",
        f"/coordinator/persons/{person.id}",
        f"/coordinator/volunteers/{other.id}/match",
        "/coordinator/",
    ):
        assert client.get(path).status_code == 403, path
