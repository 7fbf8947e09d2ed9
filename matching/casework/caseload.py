"""The coordinator's caseload: each case with where it stands, the next action and its date, and the last
contact — to sort, filter and search on the coordinator's home."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from i18n.normalize import normalize
from matching.casework.services import follow_up_open
from matching.models import CaseNote, Person, PersonStatus, Placement, PlacementStatus, SupportPlan
from matching.suggestions.reasons import PLACEMENT_STATUS

NEXT_ACTIONS = {
    "follow_up": _l("定着のフォロー"),
    "planned": _l("予定の見学・体験"),
    "proposal": _l("提案の返事を聞く"),
    "review": _l("プランの見直し"),
    "match": _l("つなぎ先を探す"),
}
SORTS = ("next", "last_contact", "name")
STATUSES = ("active", "closed", "all")


@dataclass(frozen=True)
class CaseRow:
    """One case on the caseload."""

    person: Person
    stage: Any
    """Where the latest placement stands (its label), or None when there is none."""
    next_action: str | None
    """A key of NEXT_ACTIONS."""
    next_on: date | None
    last_contact: date | None


def _day(value: datetime | date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _latest(values: Iterable[date | None]) -> date | None:
    return max((v for v in values if v is not None), default=None)


def _latest_per_person(session: Session, person_column: Any, value: Any, ids: list[int]) -> dict[int, Any]:
    """person id → the greatest `value` among that person's rows."""
    query = select(person_column, func.max(value)).where(person_column.in_(ids)).group_by(person_column)
    return dict(session.execute(query).all())


def caseload(session: Session, persons: list[Person]) -> list[CaseRow]:
    """A row per person (the caller passes only those the user may see): the latest placement's stage, the
    earliest next action (an open follow-up, a planned step, a plan review, a proposal waiting for an answer,
    or — with nothing running — finding somewhere), and the last contact (any event, follow-up, check-in or
    case note)."""
    ids = [p.id for p in persons]
    placements = session.scalars(
        select(Placement)
        .where(Placement.person_id.in_(ids))
        .options(selectinload(Placement.events), selectinload(Placement.follow_ups), selectinload(Placement.check_ins))
        .order_by(Placement.proposed_at, Placement.id)
    ).all()
    notes = _latest_per_person(session, CaseNote.person_id, CaseNote.at, ids)
    reviews = _latest_per_person(session, SupportPlan.person_id, SupportPlan.review_on, ids)
    by_person: dict[int, list[Placement]] = {}
    for placement in placements:
        by_person.setdefault(placement.person_id, []).append(placement)
    rows = []
    for person in persons:
        own = by_person.get(person.id, [])
        actions: list[tuple[date, str]] = []
        for placement in own:
            actions += [(f.due_on, "follow_up") for f in placement.follow_ups if follow_up_open(f)]
            if placement.planned_on is not None:
                actions.append((placement.planned_on, "planned"))
            elif placement.status == PlacementStatus.PROPOSED:
                actions.append((placement.proposed_at.date(), "proposal"))
        if reviews.get(person.id):
            actions.append((reviews[person.id], "review"))
        contacts = [_day(notes.get(person.id))]
        for placement in own:
            contacts += [_day(e.at) for e in placement.events]
            contacts += [_day(f.done_at) for f in placement.follow_ups]
            contacts += [_day(c.at) for c in placement.check_ins]
        next_on, action = min(actions) if actions else (None, None)
        running = any(p.status != PlacementStatus.ENDED for p in own)
        if action is None and person.status == PersonStatus.ACTIVE and not running:
            action = "match"
        stage = PLACEMENT_STATUS[own[-1].status] if own else None
        rows.append(CaseRow(person, stage, action, next_on, _latest(contacts)))
    return rows


def filter_and_sort(
    rows: list[CaseRow], *, query: str = "", status: str = "active", sort: str = "next"
) -> list[CaseRow]:
    """The rows matching a search of the code name or 地区 and a case status, in the order asked: next action
    first (undated last), last contact oldest first (who has not been heard from), or by name."""
    wanted = normalize(query) if query.strip() else ""
    kept = [
        r
        for r in rows
        if (status == "all" or r.person.status == status)
        and (not wanted or wanted in normalize(f"{r.person.code_name or ''} {r.person.home_district or ''}"))
    ]
    if sort == "last_contact":
        return sorted(kept, key=lambda r: (r.last_contact or date.min, r.person.id))
    if sort == "name":
        return sorted(kept, key=lambda r: (r.person.code_name or "", r.person.id))
    return sorted(kept, key=lambda r: (r.next_on is None, r.next_on or date.max, r.person.id))
