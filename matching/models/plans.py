"""支援プラン and case-level 終結: a person's goals, steps, responsible agency and review date, and the closure of
the whole case with its evaluation (separate from any one placement's end)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from tsunagu.db import Base, JSONType, UTCDateTime, str_enum, utcnow


class SupportPlan(Base):
    """支援プラン — what the person and the agencies work towards, the steps, who is responsible, when to review.

    Free text about the person: erasure deletes the plan with the record (ondelete CASCADE).
    """

    __tablename__ = "support_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    goals: Mapped[str] = mapped_column(Text)
    steps: Mapped[list[str]] = mapped_column(JSONType, default=list)
    responsible_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    review_on: Mapped[date | None] = mapped_column(Date, index=True)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClosureEvaluation(enum.StrEnum):
    """Why a whole case was closed (終結の評価)."""

    GOAL_MET = "goal_met"
    """目標達成"""
    OWN_WISH = "own_wish"
    """本人の意思"""
    MOVED = "moved"
    """転出"""
    NO_CONTACT = "no_contact"
    """連絡不能"""
    OTHER = "other"
    """その他 (needs a note)"""


class CaseClosure(Base):
    """終結 of a case: when, the evaluation and a note. Placements keep their own end; a reopened case keeps
    the row (reopened_at) so the history is never lost."""

    __tablename__ = "case_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    closed_on: Mapped[date] = mapped_column(Date)
    evaluation: Mapped[ClosureEvaluation] = mapped_column(str_enum(ClosureEvaluation))
    note: Mapped[str | None] = mapped_column(Text)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
