"""Reads of casework: 今週のフォロー, a placement with its story, a person's timeline, the agency view."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from matching.casework.services import follow_up_open
from matching.models import (
    CaseNote,
    Consent,
    FollowUp,
    FollowUpOutcome,
    Person,
    PersonRevision,
    PersonStatus,
    Placement,
    PlacementStatus,
)
from tsunagu.models import Agency, User


def week_end(today: date) -> date:
    """The Sunday closing the week of `today` (weeks run Monday to Sunday, as the office calendar does)."""
    return today + timedelta(days=6 - today.weekday())


def follow_ups_this_week(session: Session, today: date, coordinator_id: int | None) -> list[FollowUp]:
    """Open 定着 follow-ups due by the end of this week — overdue ones first, then by due date — and every
    「気になることあり」 finding not yet handled (it stays until someone deals with it).

    Running placements, and ended ones whose follow-ups continue (the person still goes), of persons not
    erased; `coordinator_id` None means everyone's (admins).
    """
    open_due = and_(FollowUp.done_at.is_(None), FollowUp.cancelled_at.is_(None), FollowUp.due_on <= week_end(today))
    concern = and_(FollowUp.outcome == FollowUpOutcome.CONCERN, FollowUp.handled_at.is_(None))
    query = (
        select(FollowUp)
        .join(Placement, Placement.id == FollowUp.placement_id)
        .join(Person, Person.id == Placement.person_id)
        .where(
            or_(open_due, concern),
            Placement.status.in_((PlacementStatus.STARTED, PlacementStatus.ENDED)),
            Person.status != PersonStatus.ERASED,
        )
        .options(
            selectinload(FollowUp.placement).selectinload(Placement.service),
            selectinload(FollowUp.placement).selectinload(Placement.person),
        )
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    if coordinator_id is not None:
        query = query.where(Placement.coordinator_id == coordinator_id)
    return [f for f in session.scalars(query) if f.done_at is not None or follow_up_open(f)]


def planned_this_week(session: Session, today: date, coordinator_id: int | None) -> list[Placement]:
    """予定: 見学 and 体験 planned up to the end of this week (and planned days already past, not yet recorded)."""
    query = (
        select(Placement)
        .join(Person, Person.id == Placement.person_id)
        .where(
            Placement.planned_on.is_not(None),
            Placement.planned_on <= week_end(today),
            Placement.status != PlacementStatus.ENDED,
            Person.status != PersonStatus.ERASED,
        )
        .options(selectinload(Placement.service), selectinload(Placement.person))
        .order_by(Placement.planned_on, Placement.id)
    )
    if coordinator_id is not None:
        query = query.where(Placement.coordinator_id == coordinator_id)
    return list(session.scalars(query))


def get_placement(session: Session, placement_id: int) -> Placement | None:
    """One placement with its person (and what can_view_person needs), service, events, follow-ups, check-ins."""
    return session.scalar(
        select(Placement)
        .where(Placement.id == placement_id)
        .options(
            selectinload(Placement.person).selectinload(Person.consents).selectinload(Consent.members),
            selectinload(Placement.person).selectinload(Person.consents).selectinload(Consent.agencies),
            selectinload(Placement.service),
            selectinload(Placement.events),
            selectinload(Placement.follow_ups),
            selectinload(Placement.check_ins),
        )
    )


def get_follow_up(session: Session, follow_up_id: int) -> FollowUp | None:
    """One follow-up with its placement and person loaded (for the permission check)."""
    return session.scalar(
        select(FollowUp)
        .where(FollowUp.id == follow_up_id)
        .options(selectinload(FollowUp.placement).selectinload(Placement.person).selectinload(Person.consents))
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One dated line of a person's timeline."""

    at: datetime | date
    kind: str
    """placement / follow_up / due / check_in / consent / withdrawal / revision / note (a CaseNote)"""
    placement: Placement | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _sort_key(entry: TimelineEntry) -> tuple[date, float]:
    if isinstance(entry.at, datetime):
        return entry.at.date(), entry.at.timestamp()
    return entry.at, 0.0


def person_timeline(session: Session, person: Person) -> list[TimelineEntry]:
    """Everything that happened in a case, newest first: placement events, follow-ups (done and due), host
    check-ins, consent decisions and withdrawals, and saved changes of the record."""
    entries: list[TimelineEntry] = []
    placements = session.scalars(
        select(Placement)
        .where(Placement.person_id == person.id)
        .options(
            selectinload(Placement.service),
            selectinload(Placement.events),
            selectinload(Placement.follow_ups),
            selectinload(Placement.check_ins),
        )
    )
    for placement in placements:
        entries += [TimelineEntry(e.at, "placement", placement, {"event": e}) for e in placement.events]
        for follow_up in placement.follow_ups:
            kind, at = ("follow_up", follow_up.done_at) if follow_up.done_at else ("due", follow_up.due_on)
            entries.append(TimelineEntry(at, kind, placement, {"follow_up": follow_up}))
        entries += [TimelineEntry(c.at, "check_in", placement, {"check_in": c}) for c in placement.check_ins]
    for consent in person.consents:
        entries.append(TimelineEntry(consent.recorded_at, "consent", None, {"consent": consent}))
        if consent.withdrawn_at is not None:
            entries.append(TimelineEntry(consent.withdrawn_at, "withdrawal", None, {"consent": consent}))
    notes = session.scalars(select(CaseNote).where(CaseNote.person_id == person.id))
    entries += [TimelineEntry(n.at, "note", None, {"note": n}) for n in notes]
    revisions = session.scalars(select(PersonRevision).where(PersonRevision.person_id == person.id))
    entries += [TimelineEntry(r.changed_at, "revision", None, {"revision": r}) for r in revisions]
    return sorted(entries, key=_sort_key, reverse=True)


def author_names(session: Session, entries: list[TimelineEntry]) -> dict[int, str]:
    """Display names of the authors of the timeline's case notes ("name（agency）")."""
    ids = {e.data["note"].author_id for e in entries if e.kind == "note"}
    rows = session.execute(
        select(User.id, User.display_name, Agency.name)
        .outerjoin(Agency, Agency.id == User.agency_id)
        .where(User.id.in_(ids))
    )
    return {uid: f"{name}（{agency}）" if agency else name for uid, name, agency in rows}


@dataclass(frozen=True)
class CaseStatus:
    """A case as the agency view shows it: no profile, only where its placements stand."""

    person: Person
    agency_name: str
    latest: Placement | None
    stages: Counter[str]


def case_statuses(session: Session, persons: list[Person]) -> list[CaseStatus]:
    """Status and placement counts per case (the caller passes only the persons the user may see)."""
    ids = [p.id for p in persons]
    placements = session.scalars(
        select(Placement)
        .where(Placement.person_id.in_(ids))
        .options(selectinload(Placement.service), selectinload(Placement.events))
    ).all()
    by_person: dict[int, list[Placement]] = {}
    for placement in sorted(placements, key=lambda p: (p.proposed_at, p.id)):
        by_person.setdefault(placement.person_id, []).append(placement)
    names = dict(session.execute(select(Agency.id, Agency.name)).all())
    rows = []
    for person in persons:
        own = by_person.get(person.id, [])
        rows.append(
            CaseStatus(
                person, names.get(person.agency_id, "—"), own[-1] if own else None, Counter(str(p.status) for p in own)
            )
        )
    return rows


def area_agency_ids(session: Session, agency: Agency | None) -> list[int] | None:
    """The agencies of a (lead) agency's area: those of its municipality; None (every agency) when it names none."""
    if agency is None or not agency.municipality_code:
        return None
    return list(session.scalars(select(Agency.id).where(Agency.municipality_code == agency.municipality_code)))


def area_case_counts(session: Session, agency_ids: list[int] | None) -> dict[str, int]:
    """Cases of an area by where they stand: the latest placement's status, "none" without a placement, and
    "closed" / "erased" for cases ended (終結) or erased — counts only, no identities."""
    persons = select(Person.id, Person.status)
    placements = select(Placement.person_id, Placement.status).order_by(Placement.proposed_at, Placement.id)
    if agency_ids is not None:
        persons = persons.where(Person.agency_id.in_(agency_ids))
        placements = placements.join(Person, Person.id == Placement.person_id).where(Person.agency_id.in_(agency_ids))
    latest = {person_id: str(status) for person_id, status in session.execute(placements)}
    counts: Counter[str] = Counter()
    for person_id, status in session.execute(persons):
        counts[str(status) if status != PersonStatus.ACTIVE else latest.get(person_id, "none")] += 1
    return dict(counts)
