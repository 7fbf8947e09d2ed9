"""Writes of 支援プラン and case closure; flush, never commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from matching.casework.services import CaseworkError
from matching.models import CaseClosure, ClosureEvaluation, Person, PersonStatus, SupportPlan
from tsunagu.clock import today_in_japan
from tsunagu.db import utcnow
from tsunagu.models import User


def save_plan(
    session: Session,
    person: Person,
    actor: User,
    *,
    goals: str,
    steps: list[str],
    responsible_agency_id: int | None,
    review_on: date | None,
) -> SupportPlan:
    """A new version of the person's 支援プラン (earlier versions are kept: a plan is revised at each review)."""
    if not goals.strip():
        raise CaseworkError("goals_required")
    plan = SupportPlan(
        person_id=person.id,
        goals=goals.strip(),
        steps=[s.strip() for s in steps if s.strip()],
        responsible_agency_id=responsible_agency_id,
        review_on=review_on,
        written_by_id=actor.id,
        written_at=utcnow(),
    )
    session.add(plan)
    session.flush()
    return plan


def close_case(
    session: Session,
    person: Person,
    actor: User,
    evaluation: ClosureEvaluation,
    *,
    on: date | None = None,
    note: str | None = None,
) -> CaseClosure:
    """終結 of the whole case with its evaluation (その他 needs a note). Placements keep their own status and
    their 定着 follow-ups: a person who still goes somewhere is still followed up."""
    if person.status != PersonStatus.ACTIVE:
        raise CaseworkError("case_not_active")
    if evaluation == ClosureEvaluation.OTHER and not (note or "").strip():
        raise CaseworkError("note_required")
    day = on or today_in_japan()
    if day > today_in_japan():
        raise CaseworkError("future_date")
    closure = CaseClosure(
        person_id=person.id,
        closed_on=day,
        evaluation=evaluation,
        note=(note or "").strip() or None,
        closed_by_id=actor.id,
    )
    session.add(closure)
    person.status = PersonStatus.CLOSED
    session.flush()
    return closure


def reopen_case(session: Session, person: Person, closure: CaseClosure | None) -> None:
    """Open a closed case again (the closure row stays, marked reopened)."""
    if person.status != PersonStatus.CLOSED:
        raise CaseworkError("case_not_closed")
    if closure is not None:
        closure.reopened_at = utcnow()
    person.status = PersonStatus.ACTIVE
    session.flush()
