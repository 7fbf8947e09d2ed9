"""Writes of casework: a placement's lifecycle with dated events, 定着 follow-ups, ending, host-side notes.

Every function flushes and never commits (the request or CLI boundary commits). Two coordinators editing the
same placement never overwrite each other silently: each write takes the version the editor saw and raises
StaleEdit when the placement changed since (the mapper's version_id_col catches a race at flush as well).
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from matching.models import (
    CaseNote,
    EndReason,
    FollowUp,
    FollowUpMilestone,
    FollowUpOutcome,
    HostCheckIn,
    Placement,
    PlacementEvent,
    PlacementStatus,
)
from tsunagu.clock import today_in_japan
from tsunagu.db import utcnow
from tsunagu.models import User

S = PlacementStatus
NEXT_STATUSES: dict[PlacementStatus, tuple[PlacementStatus, ...]] = {
    S.PROPOSED: (S.VISIT, S.TRIAL, S.STARTED),
    S.VISIT: (S.TRIAL, S.STARTED),
    S.TRIAL: (S.STARTED,),
    S.STARTED: (),
    S.ENDED: (),
}
"""Forward steps a placement may take (見学 and 体験 may be skipped); ending is `end_placement`, from any open stage."""
MILESTONE_OFFSETS: dict[FollowUpMilestone, tuple[int, int]] = {
    FollowUpMilestone.WEEK_1: (0, 7),
    FollowUpMilestone.MONTH_1: (1, 0),
    FollowUpMilestone.MONTH_3: (3, 0),
    FollowUpMilestone.MONTH_6: (6, 0),
}
"""定着支援 follow-up points as (calendar months, days) after the start: 1 week, 1, 3 and 6 months."""


class CaseworkError(Exception):
    """A casework write that cannot be done as asked; `code` names the reason (pages word it, see
    matching.casework.forms.ERRORS)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class StaleEdit(CaseworkError):
    """Someone else saved the placement after this editor loaded it."""

    def __init__(self) -> None:
        super().__init__("stale")


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (1月31日 + 1か月 = 2月28/29日)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_due(started_on: date, milestone: FollowUpMilestone) -> date:
    """When a 定着 follow-up is due for a placement that started on `started_on`."""
    months, days = MILESTONE_OFFSETS[milestone]
    return add_months(started_on, months) + timedelta(days=days)


def _check_version(placement: Placement, expected_version: int | None) -> None:
    if expected_version is not None and placement.version_id != expected_version:
        raise StaleEdit()


def event_time(on: date | None) -> datetime:
    """An event dated by the coordinator keeps that day (03:00 UTC is noon in Japan, so the day never shifts);
    today, or no date, is now."""
    today = today_in_japan()
    if on is None or on == today:
        return utcnow()
    if on > today:
        raise CaseworkError("future_date")
    return datetime.combine(on, time(3), tzinfo=UTC)


def _event(placement: Placement, actor: User, to: PlacementStatus, at: datetime, note: str | None) -> PlacementEvent:
    event = PlacementEvent(actor_id=actor.id, at=at, from_status=placement.status, to_status=to, note=note or None)
    placement.events.append(event)
    placement.status = to
    return event


def schedule_follow_ups(placement: Placement, started_on: date) -> list[FollowUp]:
    """Create the four 定着 follow-ups (1w, 1m, 3m, 6m) of a placement that started on `started_on`."""
    have = {f.milestone for f in placement.follow_ups}
    created = []
    for milestone in MILESTONE_OFFSETS:
        if milestone not in have:
            follow_up = FollowUp(milestone=milestone, due_on=follow_up_due(started_on, milestone))
            placement.follow_ups.append(follow_up)
            created.append(follow_up)
    return created


def advance_placement(
    session: Session,
    placement: Placement,
    to: PlacementStatus,
    actor: User,
    *,
    expected_version: int | None,
    on: date | None = None,
    note: str | None = None,
    accompanied: bool | None = None,
) -> PlacementEvent:
    """Move a placement one stage on (見学, 体験, 参加開始) as a dated event; starting schedules the follow-ups.

    `accompanied` records 見学同行 when the step is a visit.
    """
    _check_version(placement, expected_version)
    if to not in NEXT_STATUSES[placement.status]:
        raise CaseworkError("bad_step")
    at = event_time(on)
    if placement.events:
        previous = placement.events[-1].at
        if at.date() < previous.date():
            raise CaseworkError("before_previous")
        at = max(at, previous)  # a later step dated the same day stays after the one before
    event = _event(placement, actor, to, at, note)
    placement.planned_status = placement.planned_on = None
    if to == S.VISIT and accompanied is not None:
        placement.accompanied_visit = accompanied
    if to == S.STARTED:
        placement.started_on = at.date()
        schedule_follow_ups(placement, placement.started_on)
    session.flush()
    return event


def end_placement(
    session: Session,
    placement: Placement,
    reason: EndReason,
    actor: User,
    *,
    expected_version: int | None,
    on: date | None = None,
    note: str | None = None,
    still_going: bool = False,
) -> PlacementEvent:
    """終了 with a reason (その他 needs a note). Follow-ups not yet due are never deleted: they continue when the
    person still goes (e.g. 目標達成で終結 and they keep attending on their own), otherwise they are cancelled
    with the end reason, so 定着 after an end is still measured. A due one never done stays open and counts as
    missed in the report of 1-month outcomes recorded."""
    _check_version(placement, expected_version)
    if placement.status == S.ENDED:
        raise CaseworkError("already_ended")
    if reason == EndReason.OTHER and not (note or "").strip():
        raise CaseworkError("note_required")
    at = event_time(on)
    event = _event(placement, actor, S.ENDED, at, note)
    placement.end_reason, placement.end_note, placement.ended_at = reason, note or None, at
    placement.planned_status = placement.planned_on = None
    if not still_going:
        for follow_up in placement.follow_ups:
            if follow_up.done_at is None and follow_up.cancelled_at is None and follow_up.due_on > at.date():
                follow_up.cancelled_at, follow_up.cancel_reason = utcnow(), f"ended:{reason.value}"
    session.flush()
    return event


def follow_up_open(follow_up: FollowUp) -> bool:
    """Whether a follow-up can still be recorded: not done, not cancelled, and its placement running — or ended
    with the follow-up kept because the person still goes (due after the end)."""
    placement = follow_up.placement
    if follow_up.done_at is not None or follow_up.cancelled_at is not None:
        return False
    if placement.status == S.STARTED:
        return True
    return (
        placement.status == S.ENDED and placement.ended_at is not None and follow_up.due_on > placement.ended_at.date()
    )


def cancel_follow_up(session: Session, follow_up: FollowUp, actor: User, reason: str) -> FollowUp:
    """Cancel a follow-up that is no longer needed, with a reason (kept, never deleted)."""
    if not reason.strip():
        raise CaseworkError("reason_required")
    if not follow_up_open(follow_up):
        raise CaseworkError("already_recorded")
    follow_up.cancelled_at, follow_up.cancel_reason = utcnow(), reason.strip()
    follow_up.recorded_by_id = actor.id
    session.flush()
    return follow_up


def plan_step(
    session: Session,
    placement: Placement,
    to: PlacementStatus,
    on: date,
    *,
    expected_version: int | None,
) -> Placement:
    """予定: a 見学 or 体験 agreed for a future date; it shows in 今週のフォロー that week and is cleared when the step
    is recorded (advance_placement) or the placement ends."""
    _check_version(placement, expected_version)
    if to not in (S.VISIT, S.TRIAL) or to not in NEXT_STATUSES[placement.status]:
        raise CaseworkError("bad_step")
    if on < today_in_japan():
        raise CaseworkError("past_plan")
    placement.planned_status, placement.planned_on = to, on
    session.flush()
    return placement


def record_follow_up(
    session: Session, follow_up: FollowUp, outcome: FollowUpOutcome, actor: User, *, note: str | None = None
) -> FollowUp:
    """Record what a 定着 follow-up found (one tap from 今週のフォロー); recording twice is refused, so two
    coordinators tapping at once never overwrite each other's finding. Recording before the due day needs a
    reason in the note (an early call is fine, an accidental tap is not)."""
    if follow_up.done_at is not None:
        raise CaseworkError("already_recorded")
    if not follow_up_open(follow_up):
        raise CaseworkError("not_running")
    if follow_up.due_on > today_in_japan() and not (note or "").strip():
        raise CaseworkError("early_needs_reason")
    follow_up.done_at, follow_up.outcome = utcnow(), outcome
    follow_up.note, follow_up.recorded_by_id = (note or "").strip() or None, actor.id
    session.flush()
    return follow_up


def handle_concern(session: Session, follow_up: FollowUp, actor: User, note: str) -> FollowUp:
    """Mark a 「気になることあり」 finding as dealt with (what was done goes on the timeline as a case note); until
    then it stays on 今週のフォロー."""
    if follow_up.outcome != FollowUpOutcome.CONCERN or follow_up.handled_at is not None:
        raise CaseworkError("no_open_concern")
    if not note.strip():
        raise CaseworkError("reason_required")
    follow_up.handled_at = utcnow()
    add_case_note(session, follow_up.placement.person_id, actor, note, placement_id=follow_up.placement_id)
    session.flush()
    return follow_up


def save_host_notes(session: Session, placement: Placement, text: str, *, expected_version: int | None) -> None:
    """受け入れ先の支援: what the host needs and the adjustments agreed (配慮事項), kept on the placement."""
    _check_version(placement, expected_version)
    placement.host_support_notes = text.strip() or None
    session.flush()


def add_check_in(
    session: Session,
    placement: Placement,
    actor: User,
    *,
    how_it_goes: str | None,
    worries: str | None,
    adjustments: str | None,
    host_contact_person: str | None,
    on: date | None = None,
) -> HostCheckIn:
    """A dated check-in with the host about how the placement goes (受け入れ先の支援)."""
    if not any((how_it_goes, worries, adjustments)):
        raise CaseworkError("empty_check_in")
    check_in = HostCheckIn(
        at=event_time(on),
        recorded_by_id=actor.id,
        how_it_goes=how_it_goes or None,
        worries=worries or None,
        adjustments=adjustments or None,
        host_contact_person=host_contact_person or None,
    )
    placement.check_ins.append(check_in)
    session.flush()
    return check_in


def add_case_note(
    session: Session, person_id: int, actor: User, body: str, *, placement_id: int | None = None
) -> CaseNote:
    """A dated note on the case, signed with the author and their agency (shown on the timeline)."""
    if not body.strip():
        raise CaseworkError("empty_note")
    note = CaseNote(
        person_id=person_id,
        placement_id=placement_id,
        author_id=actor.id,
        agency_id=actor.agency_id,
        at=utcnow(),
        body=body.strip(),
    )
    session.add(note)
    session.flush()
    return note
