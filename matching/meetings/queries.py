"""Reads of meetings and of what a meeting pack shows about each case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matching.models import (
    Consent,
    FollowUp,
    Meeting,
    Person,
    Placement,
    UnmetNeed,
)


def list_meetings(session: Session) -> list[Meeting]:
    """Every meeting, newest first, with members and agencies loaded (the caller filters by can_view_meeting)."""
    return list(
        session.scalars(
            select(Meeting)
            .options(selectinload(Meeting.members), selectinload(Meeting.agencies), selectinload(Meeting.cases))
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        )
    )


def get_meeting(session: Session, meeting_id: int) -> Meeting | None:
    """One meeting with its members, agencies and cases (and what can_view_person needs of each case)."""
    return session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            selectinload(Meeting.members),
            selectinload(Meeting.agencies),
            selectinload(Meeting.cases).selectinload(Person.consents).selectinload(Consent.members),
            selectinload(Meeting.cases).selectinload(Person.consents).selectinload(Consent.agencies),
        )
    )


@dataclass(frozen=True)
class PackCase:
    """One case in a meeting pack: where it stands, what comes next, what is still missing."""

    person: Person
    placements: list[Placement]
    next_follow_ups: list[FollowUp]
    open_needs: list[UnmetNeed]


def pack_cases(session: Session, persons: list[Person], today: date) -> list[PackCase]:
    """For each case (the caller passes only those the reader may see): its placements, the open follow-ups from
    today on, and its unmet needs not yet taken up by a development case."""
    ids = [p.id for p in persons]
    placements = session.scalars(
        select(Placement)
        .where(Placement.person_id.in_(ids))
        .options(selectinload(Placement.service), selectinload(Placement.follow_ups))
        .order_by(Placement.proposed_at)
    ).all()
    needs = session.scalars(
        select(UnmetNeed).where(UnmetNeed.person_id.in_(ids), UnmetNeed.development_case_id.is_(None))
    ).all()
    rows = []
    for person in persons:
        own = [p for p in placements if p.person_id == person.id]
        follow_ups = [f for p in own for f in p.follow_ups]
        upcoming = sorted(
            (f for f in follow_ups if f.done_at is None and f.cancelled_at is None and f.due_on >= today),
            key=lambda f: f.due_on,
        )
        rows.append(PackCase(person, own, upcoming[:3], [n for n in needs if n.person_id == person.id]))
    return rows
