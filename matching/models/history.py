"""What matching keeps about itself: every change of a person record, and trained outcome models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tsunagu.db import Base, JSONType, UTCDateTime, utcnow


class PersonRevision(Base):
    """One saved change of a person record: who, when, and each changed field's value before and after.

    Holds personal values, so erasing a person erases their revisions too (matching.persons.services.erase_history).
    """

    __tablename__ = "person_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    """The person's version_id after this change (1 = intake)."""
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    """{field: [before, after]}; at intake every filled field with before = null."""


class MatchModel(Base):
    """A trained "reaches the 3-month 定着 follow-up" model (logistic regression on the score parts).

    Stored as coefficients, not a pickle: the engine evaluates it as plain arithmetic, and a database
    dump never carries executable objects.
    """

    __tablename__ = "match_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    training_size: Mapped[int] = mapped_column(Integer)
    cv_auc: Mapped[float | None] = mapped_column(Float)
    features: Mapped[list[str]] = mapped_column(JSONType, default=list)
    coefficients: Mapped[list[float]] = mapped_column(JSONType, default=list)
    intercept: Mapped[float] = mapped_column(Float)
