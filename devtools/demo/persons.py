"""The demo persons' record history: an intake revision for every person and later edits for a few, so the
coordinator page's 変更の記録 looks as it would after months of casework.

The thirty persons themselves come from devtools.demo.people (archetypes coordinators meet every week); the
edits here are the kind a coordinator makes after a meeting (a new free afternoon, a longer way by bus).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from devtools.demo.people import People
from matching.models import Mobility, Person, PersonRevision, PersonStatus
from matching.persons.services import intake_changes, plain_value

EDITS: tuple[tuple[str, int, dict[str, Any]], ...] = (
    (
        "Bさん",
        20,
        {
            "available": [
                {"day": "wed", "start": "13:00", "end": "17:00"},
                {"day": "fri", "start": "13:00", "end": "17:00"},
            ]
        },
    ),
    ("Eさん", 12, {"max_distance_km": 4.0, "mobility": Mobility.PUBLIC_TRANSPORT}),
    ("Pさん", 45, {"interests": ["パソコン", "鉄道", "料理"], "wants_to_try": "短い時間から働く練習をしたい"}),
)
"""(person, days ago, new values): edits recorded after the intake."""


def _intake_day(person: Person, now: datetime) -> datetime:
    """When the case was taken in: the first consent decision, else a year ago."""
    return min((c.recorded_at for c in person.consents), default=now - timedelta(days=365))


def load_person_history(session: Session, people: People, now: datetime) -> int:
    """Add the revisions; returns how many were written. Erased persons have none (erasure removes them)."""
    written = 0
    for person in people.persons.values():
        if person.status == PersonStatus.ERASED:
            continue
        session.add(
            PersonRevision(
                person_id=person.id,
                version=1,
                changed_by_id=person.coordinator_id,
                changed_at=_intake_day(person, now),
                changes=intake_changes(person),
            )
        )
        written += 1
    for code, days_ago, values in EDITS:
        person = people.persons[code]
        changes = {name: [plain_value(getattr(person, name)), plain_value(value)] for name, value in values.items()}
        for name, value in values.items():
            setattr(person, name, value)
        session.flush()  # bumps the record's version
        session.add(
            PersonRevision(
                person_id=person.id,
                version=person.version_id,
                changed_by_id=person.coordinator_id,
                changed_at=now - timedelta(days=days_ago),
                changes=changes,
            )
        )
        written += 1
    return written
