"""支援プラン and case 終結 through the pages: who may read and write, closure with an evaluation separate from
the placements, follow-ups that continue, reopening, and every read audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from matching.casework.services import advance_placement
from matching.models import CaseClosure, ConsentTier, PersonStatus, PlacementStatus, SupportPlan
from tests.factories import make_agency, make_person, make_placement, make_user
from tests.helpers import csrf_token, login
from tsunagu.clock import today_in_japan
from tsunagu.models import AuditLog, Role


def _case(db_session):
    agency, partner = make_agency(db_session), make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    staff = make_user(db_session, Role.AGENCY, agency=partner)
    person = make_person(db_session, agency, coordinator_id=coordinator.id, tier=ConsentTier.SHARED, agencies=[partner])
    return coordinator, staff, person


def test_a_plan_is_written_revised_and_read_by_the_consented_agency(app, client, db_session):
    coordinator, staff, person = _case(db_session)
    assert login(client, coordinator.email).status_code == 302
    url = f"/coordinator/persons/{person.id}/plan"
    token = csrf_token(client, url)
    data = {
        "csrf_token": token,
        "goals": "週1回、家の外で過ごす",
        "steps": "見学に同行する\n\n体験に参加する",
        "review_on": "",
    }
    assert client.post(url, data=data).status_code == 302
    data["goals"] = "週2回、家の外で過ごす"
    assert client.post(url, data=data).status_code == 302
    html = client.get(url).get_data(as_text=True)
    current = html[html.index('id="current-plan"') : html.index("</section>", html.index('id="current-plan"'))]
    assert "週2回" in current and "週1回" not in current and "体験に参加する" in current
    plans = db_session.scalars(select(SupportPlan).where(SupportPlan.person_id == person.id)).all()
    assert len(plans) == 2 and plans[0].steps == ["見学に同行する", "体験に参加する"]
    assert client.post(url, data={"csrf_token": token, "goals": " "}).status_code == 400

    partner = app.test_client()
    assert login(partner, staff.email).status_code == 302
    assert "週2回" in partner.get(url).get_data(as_text=True)
    assert partner.post(url, data={**data, "csrf_token": csrf_token(partner, url)}).status_code == 403
    reads = db_session.scalars(
        select(AuditLog).where(AuditLog.object_id == person.id, AuditLog.action == "person.read")
    ).all()
    assert {r.actor_id for r in reads} >= {coordinator.id, staff.id}


def test_closing_the_case_keeps_its_placements_and_their_follow_ups(client, db_session):
    coordinator, _staff, person = _case(db_session)
    placement = make_placement(
        db_session, person, coordinator_id=coordinator.id, proposed_at=datetime.now(UTC) - timedelta(days=20)
    )
    advance_placement(
        db_session,
        placement,
        PlacementStatus.STARTED,
        coordinator,
        expected_version=None,
        on=today_in_japan() - timedelta(days=10),
    )
    assert login(client, coordinator.email).status_code == 302
    url = f"/coordinator/persons/{person.id}/plan"
    token = csrf_token(client, url)
    refused = client.post(f"/coordinator/persons/{person.id}/close", data={"csrf_token": token, "evaluation": "other"})
    assert refused.status_code == 400 and "「その他」のときは理由を書いてください" in refused.get_data(as_text=True)
    assert db_session.get(type(person), person.id).status == PersonStatus.ACTIVE
    closed = client.post(
        f"/coordinator/persons/{person.id}/close", data={"csrf_token": token, "evaluation": "goal_met"}
    )
    assert closed.status_code == 302
    db_session.expire_all()
    assert db_session.get(type(person), person.id).status == PersonStatus.CLOSED
    closure = db_session.scalars(select(CaseClosure).where(CaseClosure.person_id == person.id)).one()
    assert closure.evaluation == "goal_met" and closure.closed_on == today_in_japan()
    # the placement is not ended by the case's closure: its 定着 follow-ups go on
    placement = db_session.get(type(placement), placement.id)
    assert placement.status == PlacementStatus.STARTED
    assert all(f.cancelled_at is None for f in placement.follow_ups) and len(placement.follow_ups) == 4
    assert "目標達成" in client.get(url).get_data(as_text=True)
    assert client.post(f"/coordinator/persons/{person.id}/reopen", data={"csrf_token": token}).status_code == 302
    db_session.expire_all()
    assert db_session.get(type(person), person.id).status == PersonStatus.ACTIVE
    assert db_session.get(CaseClosure, closure.id).reopened_at is not None


def test_others_may_not_close_or_read(app, db_session):
    coordinator, staff, person = _case(db_session)
    stranger = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    client = app.test_client()
    assert login(client, stranger.email).status_code == 302
    assert client.get(f"/coordinator/persons/{person.id}/plan").status_code == 403
    partner = app.test_client()
    assert login(partner, staff.email).status_code == 302
    token = csrf_token(partner, f"/coordinator/persons/{person.id}/plan")
    data = {"csrf_token": token, "evaluation": "goal_met"}
    assert partner.post(f"/coordinator/persons/{person.id}/close", data=data).status_code == 403
    assert app.test_client().get(f"/coordinator/persons/{person.id}/plan").status_code in (302, 401)
