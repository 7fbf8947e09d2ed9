"""Casework services: the lifecycle with dated events, 定着 follow-up due dates, ending, optimistic locking."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from matching.casework.queries import follow_ups_this_week, week_end
from matching.casework.services import (
    CaseworkError,
    StaleEdit,
    add_months,
    advance_placement,
    end_placement,
    follow_up_due,
    record_follow_up,
    schedule_follow_ups,
)
from matching.models import EndReason, FollowUpMilestone, FollowUpOutcome, Placement, PlacementStatus
from tests.factories import make_agency, make_person, make_placement, make_user
from tsunagu.clock import today_in_japan
from tsunagu.models import Role

S = PlacementStatus
M = FollowUpMilestone


@pytest.mark.parametrize(
    ("started", "milestone", "due"),
    [
        (date(2026, 4, 1), M.WEEK_1, date(2026, 4, 8)),
        (date(2026, 4, 1), M.MONTH_1, date(2026, 5, 1)),
        (date(2026, 4, 1), M.MONTH_3, date(2026, 7, 1)),
        (date(2026, 4, 1), M.MONTH_6, date(2026, 10, 1)),
        (date(2026, 1, 31), M.MONTH_1, date(2026, 2, 28)),  # clamped to the month's end
        (date(2028, 1, 31), M.MONTH_1, date(2028, 2, 29)),  # leap year
        (date(2026, 8, 31), M.MONTH_6, date(2027, 2, 28)),  # across the year
        (date(2026, 12, 28), M.WEEK_1, date(2027, 1, 4)),
    ],
)
def test_follow_up_due_dates(started, milestone, due):
    assert follow_up_due(started, milestone) == due


def test_add_months_keeps_the_day_when_it_exists():
    assert add_months(date(2026, 3, 15), 11) == date(2027, 2, 15)


def _case(db_session, **kw):
    kw.setdefault("proposed_at", datetime.now(UTC) - timedelta(days=60))
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    kw.setdefault("coordinator_id", coordinator.id)
    person = make_person(db_session, agency, coordinator_id=kw["coordinator_id"])
    placement = make_placement(db_session, person, **kw)
    return coordinator, placement


def test_lifecycle_records_dated_events_and_schedules_follow_ups(db_session):
    coordinator, placement = _case(db_session)
    today = today_in_japan()
    visit_day, start_day = today - timedelta(days=20), today - timedelta(days=10)
    advance_placement(
        db_session,
        placement,
        S.VISIT,
        coordinator,
        expected_version=placement.version_id,
        on=visit_day,
        note="同行して見学",
        accompanied=True,
    )
    advance_placement(
        db_session, placement, S.STARTED, coordinator, expected_version=placement.version_id, on=start_day
    )
    db_session.expire_all()
    placement = db_session.get(Placement, placement.id)
    assert [(e.from_status, e.to_status) for e in placement.events] == [
        (None, S.PROPOSED),
        (S.PROPOSED, S.VISIT),
        (S.VISIT, S.STARTED),
    ]
    assert placement.events[1].at.date() == visit_day and placement.events[1].actor_id == coordinator.id
    assert placement.accompanied_visit and placement.started_on == start_day
    due = {f.milestone: f.due_on for f in placement.follow_ups}
    assert due == {m: follow_up_due(start_day, m) for m in M}


def test_steps_only_go_forward(db_session):
    coordinator, placement = _case(db_session, status=S.STARTED)
    with pytest.raises(CaseworkError) as error:
        advance_placement(db_session, placement, S.VISIT, coordinator, expected_version=placement.version_id)
    assert error.value.code == "bad_step"
    with pytest.raises(CaseworkError):
        advance_placement(
            db_session, placement, S.TRIAL, coordinator, expected_version=None, on=today_in_japan() + timedelta(days=5)
        )


def test_ending_needs_a_reason_and_cancels_follow_ups_not_yet_due(db_session):
    coordinator, placement = _case(db_session)
    advance_placement(
        db_session, placement, S.STARTED, coordinator, expected_version=None, on=today_in_japan() - timedelta(days=40)
    )
    week = next(f for f in placement.follow_ups if f.milestone == M.WEEK_1)
    record_follow_up(db_session, week, FollowUpOutcome.GOING_WELL, coordinator)
    with pytest.raises(CaseworkError) as error:
        end_placement(db_session, placement, EndReason.OTHER, coordinator, expected_version=None, note=" ")
    assert error.value.code == "note_required"
    end_placement(db_session, placement, EndReason.MOVED, coordinator, expected_version=placement.version_id)
    db_session.expire_all()
    placement = db_session.get(Placement, placement.id)
    assert placement.status == S.ENDED and placement.end_reason == EndReason.MOVED and placement.ended_at
    # the recorded 1w and the missed 1m stay as they are; 3m and 6m, not due yet, are cancelled with the reason,
    # never deleted
    assert [f.milestone for f in placement.follow_ups] == [M.WEEK_1, M.MONTH_1, M.MONTH_3, M.MONTH_6]
    assert [f.cancel_reason for f in placement.follow_ups] == [None, None, "ended:moved", "ended:moved"]
    with pytest.raises(CaseworkError):
        end_placement(db_session, placement, EndReason.MOVED, coordinator, expected_version=None)


def test_a_follow_up_is_recorded_once(db_session):
    coordinator, placement = _case(db_session)
    advance_placement(db_session, placement, S.STARTED, coordinator, expected_version=None)
    follow_up = placement.follow_ups[0]
    record_follow_up(db_session, follow_up, FollowUpOutcome.CONCERN, coordinator, note="休みがち")
    with pytest.raises(CaseworkError) as error:
        record_follow_up(db_session, follow_up, FollowUpOutcome.GOING_WELL, coordinator)
    assert error.value.code == "already_recorded" and follow_up.outcome == FollowUpOutcome.CONCERN


def test_an_edit_made_on_an_old_version_is_refused(db_session):
    coordinator, placement = _case(db_session)
    seen = placement.version_id
    advance_placement(db_session, placement, S.VISIT, coordinator, expected_version=seen)
    with pytest.raises(StaleEdit):
        end_placement(db_session, placement, EndReason.DECLINED, coordinator, expected_version=seen)
    assert placement.status == S.VISIT


def test_two_sessions_never_overwrite_each_other(db_session):
    """The race the form check cannot see: both loaded version 1, the second flush fails."""
    coordinator, placement = _case(db_session)
    other = sessionmaker(bind=db_session.get_bind(), join_transaction_mode="create_savepoint")()
    theirs = other.get(Placement, placement.id)
    advance_placement(db_session, placement, S.VISIT, coordinator, expected_version=placement.version_id)
    theirs.status = S.ENDED
    theirs.end_reason = EndReason.DECLINED
    with pytest.raises(StaleDataError):
        other.flush()
    other.rollback()
    other.close()


def test_this_weeks_follow_ups_overdue_first_and_only_mine(db_session):
    coordinator, late = _case(db_session, status=S.STARTED)
    today = date(2026, 11, 25)  # a Wednesday
    schedule_follow_ups(late, today - timedelta(days=40))  # 1w and 1m overdue
    _, soon = _case(db_session, status=S.STARTED, coordinator_id=coordinator.id)
    schedule_follow_ups(soon, today - timedelta(days=3))  # 1w due on Sunday... this week
    _, someone_elses = _case(db_session, status=S.STARTED)
    schedule_follow_ups(someone_elses, today - timedelta(days=8))
    db_session.flush()
    due = follow_ups_this_week(db_session, today, coordinator.id)
    assert [(f.placement_id, f.milestone) for f in due] == [
        (late.id, M.WEEK_1),
        (late.id, M.MONTH_1),
        (soon.id, M.WEEK_1),
    ]
    assert week_end(today) == date(2026, 11, 29)
    assert len(follow_ups_this_week(db_session, today, None)) == 4  # an admin sees everyone's
