"""支援会議 and 重層的支援会議 records: who sees the meeting, who sees each case in it (named members under
守秘義務; consent for the multi-agency meeting), the printable pack per member, and every case read audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from matching.models import ConsentTier, Meeting, MeetingKind
from tests.factories import make_agency, make_person, make_placement, make_user
from tests.helpers import csrf_token, login
from tsunagu.clock import today_in_japan
from tsunagu.models import AuditLog, Role

TODAY = today_in_japan()


@pytest.fixture
def town(db_session):
    own, partner, other = make_agency(db_session), make_agency(db_session), make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=own)
    partner_staff = make_user(db_session, Role.AGENCY, agency=partner)
    outsider = make_user(db_session, Role.COORDINATOR, agency=other)
    # no 本人同意: only a 支援会議's named members may see it
    quiet = make_person(db_session, own, code_name="守秘さん", coordinator_id=coordinator.id, tier=ConsentTier.NONE)
    shared = make_person(
        db_session,
        own,
        code_name="同意さん",
        coordinator_id=coordinator.id,
        tier=ConsentTier.SHARED,
        agencies=[partner],
    )
    make_placement(db_session, quiet)
    return {
        "own": own,
        "partner": partner,
        "other": other,
        "coordinator": coordinator,
        "partner_staff": partner_staff,
        "outsider": outsider,
        "quiet": quiet,
        "shared": shared,
    }


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _record(client, **fields):
    token = csrf_token(client, "/coordinator/meetings/new")
    data = {"csrf_token": token, "held_on": TODAY.isoformat(), "title": "定例", **fields}
    return client.post("/coordinator/meetings/new", data=data)


def test_a_support_meeting_shows_its_cases_to_named_members_only(app, db_session, town):
    convenor = _client(app, town["coordinator"])
    response = _record(
        convenor,
        kind="support",
        members=[str(town["partner_staff"].id)],
        cases=[str(town["quiet"].id), str(town["shared"].id)],
        decisions="見学に同行する",
        next_review_on=(TODAY + timedelta(days=30)).isoformat(),
    )
    assert response.status_code == 302
    meeting = db_session.scalars(select(Meeting)).one()
    assert {m.id for m in meeting.members} == {town["coordinator"].id, town["partner_staff"].id}

    member = _client(app, town["partner_staff"])
    page = member.get(f"/coordinator/meetings/{meeting.id}").get_data(as_text=True)
    assert "守秘さん" in page and "同意さん" in page and "見学に同行する" in page
    pack = member.get(f"/coordinator/meetings/{meeting.id}/pack").get_data(as_text=True)
    assert "守秘さん" in pack and "提案" in pack  # its placement's stage
    reads = db_session.scalars(select(AuditLog).where(AuditLog.actor_id == town["partner_staff"].id)).all()
    assert {r.object_id for r in reads if r.action == "person.read"} == {town["quiet"].id, town["shared"].id}

    outsider = _client(app, town["outsider"])
    assert outsider.get(f"/coordinator/meetings/{meeting.id}").status_code == 403
    assert outsider.get(f"/coordinator/meetings/{meeting.id}/pack").status_code == 403
    assert "定例" not in outsider.get("/coordinator/meetings").get_data(as_text=True)
    assert app.test_client().get("/coordinator/meetings").status_code == 302  # not signed in: to the login


def test_a_multi_agency_meeting_needs_consent_and_shows_each_agency_its_own_share(app, db_session, town):
    convenor = _client(app, town["coordinator"])
    agencies = [str(town[a].id) for a in ("own", "partner", "other")]
    refused = _record(convenor, kind="multi_agency", agencies=agencies, cases=[str(town["quiet"].id)])
    assert refused.status_code == 400 and "本人同意のあるケースだけ" in refused.get_data(as_text=True)
    assert db_session.scalar(select(Meeting)) is None
    assert _record(convenor, kind="multi_agency", agencies=agencies, cases=[str(town["shared"].id)]).status_code == 302
    meeting = db_session.scalars(select(Meeting)).one()
    assert meeting.kind == MeetingKind.MULTI_AGENCY

    partner = _client(app, town["partner_staff"]).get(f"/coordinator/meetings/{meeting.id}/pack")
    assert "同意さん" in partner.get_data(as_text=True)
    # the third agency takes part but the consent does not list it: it learns only that a case was discussed
    other = _client(app, town["outsider"]).get(f"/coordinator/meetings/{meeting.id}/pack").get_data(as_text=True)
    assert "同意さん" not in other and "ほかに &lt;3 件" in other


def test_the_convenor_prints_the_pack_for_one_member(app, db_session, town):
    convenor = _client(app, town["coordinator"])
    _record(convenor, kind="support", cases=[str(town["quiet"].id)])
    meeting = db_session.scalars(select(Meeting)).one()
    # the partner is not a member of this one: a pack for them is refused
    assert convenor.get(f"/coordinator/meetings/{meeting.id}/pack?for={town['partner_staff'].id}").status_code == 403
    mine = convenor.get(f"/coordinator/meetings/{meeting.id}/pack?for={town['coordinator'].id}")
    assert mine.status_code == 200 and "守秘さん" in mine.get_data(as_text=True)


def test_an_admin_without_an_agency_is_told_why_the_record_cannot_be_kept(app, db_session, town):
    admin = _client(app, make_user(db_session, Role.ADMIN))
    response = _record(admin, kind="support", cases=[str(town["quiet"].id)])
    assert response.status_code == 400 and "所属機関のない利用者は会議を記録できません" in response.get_data(
        as_text=True
    )
    assert db_session.scalar(select(Meeting)) is None
