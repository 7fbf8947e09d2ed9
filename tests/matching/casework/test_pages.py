"""Casework pages: a placement moved on by its forms, two coordinators on one placement, 今週のフォロー with one
tap, the timeline, host-side notes, and the audit entry every read of a person leaves."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from matching.casework.services import schedule_follow_ups
from matching.models import (
    ConsentTier,
    FollowUp,
    FollowUpMilestone,
    FollowUpOutcome,
    Placement,
    PlacementEvent,
    PlacementStatus,
)
from tests.factories import make_agency, make_person, make_placement, make_user
from tests.helpers import csrf_token, login
from tsunagu.clock import today_in_japan
from tsunagu.models import Agency, AuditLog, Role

S = PlacementStatus


@pytest.fixture
def case(db_session):
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    person = make_person(
        db_session,
        agency,
        tier=ConsentTier.SHARED,
        agencies=[agency],
        code_name="ページさん",
        coordinator_id=coordinator.id,
    )
    placement = make_placement(
        db_session, person, coordinator_id=coordinator.id, proposed_at=datetime.now(UTC) - timedelta(days=30)
    )
    return coordinator, person, placement


def _version(html: str, form: str = "advance") -> str:
    return re.search(rf'name="{form}-version" required type="hidden" value="(\d+)"', html).group(1)


def _post(client, path, page, form, **data):
    """Post one of the placement page's forms (each has its field prefix) with the version shown."""
    html = client.get(page).get_data(as_text=True)
    token = csrf_token(client, "/coordinator/")
    fields = {f"{form}-{name}": value for name, value in data.items()}
    return client.post(path, data={f"{form}-csrf_token": token, f"{form}-version": _version(html, form), **fields})


def test_a_placement_is_moved_on_by_its_forms(client, db_session, case):
    coordinator, person, placement = case
    assert login(client, coordinator.email).status_code == 302
    page = f"/coordinator/placements/{placement.id}"
    visit_day = (today_in_japan() - timedelta(days=7)).isoformat()
    response = _post(
        client, f"{page}/advance", page, "advance", to="visit", on=visit_day, accompanied="y", note="同行した"
    )
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert 'data-status="visit"' in html and "見学同行" in html and "同行した" in html
    assert _post(client, f"{page}/advance", page, "advance", to="started").status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert html.count("data-milestone=") == 4  # 1w, 1m, 3m, 6m follow-ups scheduled
    refused = _post(client, f"{page}/end", page, "end", reason="other", note="")
    assert refused.status_code == 400 and "「その他」のときは理由を書いてください。" in refused.get_data(as_text=True)
    assert _post(client, f"{page}/end", page, "end", reason="goal_met").status_code == 302
    db_session.expire_all()
    ended = db_session.get(Placement, placement.id)
    assert ended.status == S.ENDED and ended.end_reason == "goal_met"
    assert [e.to_status for e in ended.events] == [S.PROPOSED, S.VISIT, S.STARTED, S.ENDED]
    assert all(e.actor_id == coordinator.id for e in ended.events[1:])


def test_two_coordinators_on_one_placement_do_not_overwrite_each_other(client, app, db_session, case):
    coordinator, person, placement = case
    colleague = make_user(db_session, Role.COORDINATOR, agency=db_session.get(Agency, person.agency_id))
    page = f"/coordinator/placements/{placement.id}"
    assert login(client, coordinator.email).status_code == 302
    other = app.test_client()
    assert login(other, colleague.email).status_code == 302
    # both open the page and see version 1
    mine = {
        "advance-csrf_token": csrf_token(client, "/coordinator/"),
        "advance-version": _version(client.get(page).get_data(as_text=True), "advance"),
    }
    theirs = {
        "end-csrf_token": csrf_token(other, "/coordinator/"),
        "end-version": _version(other.get(page).get_data(as_text=True), "end"),
    }
    assert other.post(f"{page}/end", data={**theirs, "end-reason": "declined"}).status_code == 302
    response = client.post(f"{page}/advance", data={**mine, "advance-to": "visit"})
    assert response.status_code == 409
    assert "ほかの人が先にこのつなぎを更新しました" in response.get_data(as_text=True)
    db_session.expire_all()
    kept = db_session.get(Placement, placement.id)
    assert kept.status == S.ENDED and kept.end_reason == "declined"
    assert db_session.scalar(select(PlacementEvent).where(PlacementEvent.to_status == S.VISIT)) is None


def test_this_weeks_follow_ups_one_tap(client, db_session, case):
    coordinator, person, placement = case
    placement.status = S.STARTED
    schedule_follow_ups(placement, today_in_japan() - timedelta(days=35))  # 1w and 1m overdue
    other = make_placement(db_session, person, coordinator_id=coordinator.id, status=S.STARTED)
    schedule_follow_ups(other, today_in_japan() - timedelta(days=7))  # 1w due today
    db_session.flush()
    assert login(client, coordinator.email).status_code == 302
    html = client.get("/coordinator/follow-ups").get_data(as_text=True)
    rows = re.findall(r'<tr data-follow-up="(\d+)" class="(\w+)"', html)
    assert [cls for _id, cls in rows] == ["overdue", "overdue", "due"]
    first = int(rows[0][0])
    token = csrf_token(client, "/coordinator/follow-ups")
    response = client.post(f"/coordinator/follow-ups/{first}", data={"csrf_token": token, "outcome": "going_well"})
    assert response.status_code == 302 and response.location.endswith("/coordinator/follow-ups")
    db_session.expire_all()
    done = db_session.get(FollowUp, first)
    assert done.outcome == FollowUpOutcome.GOING_WELL and done.recorded_by_id == coordinator.id
    assert done.milestone == FollowUpMilestone.WEEK_1
    html = client.get("/coordinator/follow-ups").get_data(as_text=True)
    assert len(re.findall(r'<tr data-follow-up="', html)) == 2
    # a coordinator of another agency may not record it
    stranger = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    other_client = client.application.test_client()
    assert login(other_client, stranger.email).status_code == 302
    token = csrf_token(other_client, "/coordinator/follow-ups")
    second = int(rows[1][0])
    assert (
        other_client.post(
            f"/coordinator/follow-ups/{second}", data={"csrf_token": token, "outcome": "concern"}
        ).status_code
        == 403
    )


def test_timeline_and_host_side_notes(client, db_session, case):
    coordinator, person, placement = case
    assert login(client, coordinator.email).status_code == 302
    page = f"/coordinator/placements/{placement.id}"
    assert (
        _post(client, f"{page}/host-notes", page, "notes", host_support_notes="休憩の場所を用意してもらう").status_code
        == 302
    )
    token = csrf_token(client, "/coordinator/")
    assert (
        client.post(
            f"{page}/check-ins",
            data={"check_in-csrf_token": token, "check_in-how_it_goes": "慣れてきた", "check_in-worries": "暑さ"},
        ).status_code
        == 302
    )
    assert client.post(f"{page}/check-ins", data={"check_in-csrf_token": token}).status_code == 400  # nothing said
    html = client.get(f"/coordinator/persons/{person.id}/timeline").get_data(as_text=True)
    kinds = re.findall(r'<li data-kind="(\w+)">', html)
    assert {"placement", "check_in", "consent"} <= set(kinds)
    assert "慣れてきた" in html and "提案中" in html and "本人同意を記録" in html
    assert "休憩の場所を用意してもらう" in client.get(page).get_data(as_text=True)


def test_every_read_of_a_person_is_audited(client, db_session, case):
    coordinator, person, placement = case
    assert login(client, coordinator.email).status_code == 302
    pages = (f"/coordinator/placements/{placement.id}", f"/coordinator/persons/{person.id}/timeline")
    for page in pages:
        assert client.get(page).status_code == 200
    reads = db_session.scalars(
        select(AuditLog).where(AuditLog.action == "person.read", AuditLog.object_id == person.id)
    ).all()
    assert sorted(r.page for r in reads) == sorted(pages)
    assert all(r.actor_id == coordinator.id and r.at and r.ip_hash for r in reads)
    listed = db_session.scalar(
        select(AuditLog).where(AuditLog.action == "person.list", AuditLog.page == "/coordinator/agency")
    )
    assert listed is None
    client.get("/coordinator/agency")
    listed = db_session.scalar(
        select(AuditLog).where(AuditLog.action == "person.list", AuditLog.page == "/coordinator/agency")
    )
    assert person.id in listed.detail["person_ids"]


def test_case_notes_by_the_coordinator_and_a_consented_agency(client, app, db_session, case):
    coordinator, person, placement = case
    partner = make_agency(db_session, name="連携機関テスト")
    person.current_consent.agencies.append(partner)
    staff, outsider = make_user(db_session, Role.AGENCY, agency=partner), make_user(db_session, Role.AGENCY)
    db_session.flush()
    page = f"/coordinator/persons/{person.id}/timeline"
    partner_client = app.test_client()
    assert login(partner_client, staff.email).status_code == 302
    token = csrf_token(partner_client, page)
    assert (
        partner_client.post(
            f"/coordinator/persons/{person.id}/notes", data={"csrf_token": token, "body": " "}
        ).status_code
        == 400
    )
    response = partner_client.post(
        f"/coordinator/persons/{person.id}/notes", data={"csrf_token": token, "body": "就労相談の予約が入った"}
    )
    assert response.status_code == 302
    assert login(client, coordinator.email).status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "就労相談の予約が入った" in html and f"{staff.display_name}（連携機関テスト）" in html
    outside_client = app.test_client()
    assert login(outside_client, outsider.email).status_code == 302
    token = csrf_token(outside_client, "/coordinator/")
    denied = outside_client.post(f"/coordinator/persons/{person.id}/notes", data={"csrf_token": token, "body": "x"})
    assert denied.status_code == 403
