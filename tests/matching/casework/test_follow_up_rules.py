"""Scheduling and follow-up rules: a planned 見学 with a future date (「予定」) on 今週のフォロー, a note with a
follow-up, a reason for recording early, 「気になることあり」 open until handled, follow-ups that continue after an
end when the person still goes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from matching.casework.queries import follow_ups_this_week, planned_this_week, week_end
from matching.casework.services import (
    CaseworkError,
    advance_placement,
    end_placement,
    handle_concern,
    plan_step,
    record_follow_up,
)
from matching.models import CaseNote, EndReason, FollowUpMilestone, FollowUpOutcome, PlacementStatus
from tests.factories import make_agency, make_person, make_placement, make_user
from tests.helpers import csrf_token, login
from tsunagu.clock import today_in_japan
from tsunagu.models import Role

S, M = PlacementStatus, FollowUpMilestone
TODAY = today_in_japan()


@pytest.fixture
def case(db_session):
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    person = make_person(db_session, agency, code_name="予定さん", coordinator_id=coordinator.id)
    placement = make_placement(
        db_session, person, coordinator_id=coordinator.id, proposed_at=datetime.now(UTC) - timedelta(days=200)
    )
    return coordinator, placement


def _started(db_session, coordinator, placement, days_ago):
    advance_placement(
        db_session, placement, S.STARTED, coordinator, expected_version=None, on=TODAY - timedelta(days=days_ago)
    )
    return {f.milestone: f for f in placement.follow_ups}


def test_a_planned_visit_is_entered_from_the_page_and_listed_that_week(client, db_session, case):
    coordinator, placement = case
    assert login(client, coordinator.email).status_code == 302
    page = f"/coordinator/placements/{placement.id}"
    html = client.get(page).get_data(as_text=True)
    version = re.search(r'name="advance-version" required type="hidden" value="(\d+)"', html).group(1)
    day = week_end(TODAY)
    data = {
        "advance-csrf_token": csrf_token(client, "/coordinator/"),
        "advance-version": version,
        "advance-to": "visit",
        "advance-on": day.isoformat(),
        "advance-planned": "y",
    }
    assert client.post(f"{page}/advance", data=data).status_code == 302
    db_session.expire_all()
    assert (placement.status, placement.planned_status, placement.planned_on) == (S.PROPOSED, S.VISIT, day)
    assert "見学の予定" in client.get(page).get_data(as_text=True)
    listing = client.get("/coordinator/follow-ups").get_data(as_text=True)
    assert f'data-planned="{placement.id}"' in listing
    # recording the visit clears the plan
    advance_placement(db_session, placement, S.VISIT, coordinator, expected_version=None)
    assert placement.planned_on is None and planned_this_week(db_session, TODAY, coordinator.id) == []


def test_a_plan_needs_a_future_step(db_session, case):
    coordinator, placement = case
    with pytest.raises(CaseworkError) as error:
        plan_step(db_session, placement, S.VISIT, TODAY - timedelta(days=1), expected_version=None)
    assert error.value.code == "past_plan"
    with pytest.raises(CaseworkError):
        plan_step(db_session, placement, S.STARTED, TODAY + timedelta(days=3), expected_version=None)
    plan_step(db_session, placement, S.TRIAL, TODAY + timedelta(days=30), expected_version=None)
    assert planned_this_week(db_session, TODAY, coordinator.id) == []  # next month: not this week's


def test_recording_early_needs_a_reason_and_a_note_is_kept(client, db_session, case):
    coordinator, placement = case
    follow_ups = _started(db_session, coordinator, placement, 3)  # the 1-week follow-up is due in 4 days
    week = follow_ups[M.WEEK_1]
    with pytest.raises(CaseworkError) as error:
        record_follow_up(db_session, week, FollowUpOutcome.GOING_WELL, coordinator)
    assert error.value.code == "early_needs_reason"
    assert login(client, coordinator.email).status_code == 302
    token = csrf_token(client, "/coordinator/follow-ups")
    response = client.post(f"/coordinator/follow-ups/{week.id}", data={"csrf_token": token, "outcome": "going_well"})
    assert response.status_code == 302
    assert "予定日より前に記録するときは" in client.get("/coordinator/follow-ups").get_data(as_text=True)
    data = {"csrf_token": token, "outcome": "going_well", "note": "本人から電話があり早めに確認"}
    client.post(f"/coordinator/follow-ups/{week.id}", data=data)
    db_session.expire_all()
    assert week.done_at is not None and week.note == "本人から電話があり早めに確認"


def test_a_concern_stays_until_handled(db_session, case):
    coordinator, placement = case
    follow_ups = _started(db_session, coordinator, placement, 40)
    record_follow_up(db_session, follow_ups[M.WEEK_1], FollowUpOutcome.CONCERN, coordinator, note="休みが続く")
    listed = follow_ups_this_week(db_session, TODAY, coordinator.id)
    assert follow_ups[M.WEEK_1] in listed  # recorded, yet still on the list: someone has to act on it
    with pytest.raises(CaseworkError):
        handle_concern(db_session, follow_ups[M.WEEK_1], coordinator, " ")
    handle_concern(db_session, follow_ups[M.WEEK_1], coordinator, "受け入れ先と相談し、曜日を変えた")
    assert follow_ups[M.WEEK_1] not in follow_ups_this_week(db_session, TODAY, coordinator.id)
    notes = db_session.query(CaseNote).filter_by(person_id=placement.person_id).all()
    assert [n.body for n in notes] == ["受け入れ先と相談し、曜日を変えた"]


def test_follow_ups_continue_after_an_end_when_the_person_still_goes(db_session, case):
    coordinator, placement = case
    follow_ups = _started(db_session, coordinator, placement, 100)
    for milestone in (M.WEEK_1, M.MONTH_1, M.MONTH_3):
        record_follow_up(db_session, follow_ups[milestone], FollowUpOutcome.GOING_WELL, coordinator)
    end_placement(db_session, placement, EndReason.GOAL_MET, coordinator, expected_version=None, still_going=True)
    six = follow_ups[M.MONTH_6]
    assert six.cancelled_at is None
    record_follow_up(db_session, six, FollowUpOutcome.GOING_WELL, coordinator, note="自分で通い続けている")
    assert six.done_at is not None
