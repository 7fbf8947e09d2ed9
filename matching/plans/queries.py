"""Reads of 支援プラン and case closure."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.models import CaseClosure, SupportPlan


def plans_of(session: Session, person_id: int) -> list[SupportPlan]:
    """Every version of the person's plan, newest first (the first is the plan in force)."""
    return list(
        session.scalars(
            select(SupportPlan)
            .where(SupportPlan.person_id == person_id)
            .order_by(SupportPlan.written_at.desc(), SupportPlan.id.desc())
        )
    )


def closures_of(session: Session, person_id: int) -> list[CaseClosure]:
    """The case's closures, newest first (a reopened case keeps its earlier closure)."""
    return list(
        session.scalars(
            select(CaseClosure)
            .where(CaseClosure.person_id == person_id)
            .order_by(CaseClosure.closed_on.desc(), CaseClosure.id.desc())
        )
    )
