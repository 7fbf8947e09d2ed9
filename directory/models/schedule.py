"""When activities happen."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.enums import Frequency
from directory.schedules import RULE_FIELDS
from tsunagu.db import Base, str_enum

if TYPE_CHECKING:
    from directory.models.service import Service


class Schedule(Base):
    """開催日時 — an RFC 5545-like recurrence row (HSDS schedule).

    `byday` holds comma-separated RFC 5545 weekdays, with ordinals for monthly rules: "WE",
    "MO,TU,WE,TH,FR", "2WE,4WE" (毎月第2・4水曜日), "-1SU" (last Sunday). `description` keeps the
    original Japanese text (e.g. 毎月第2・4水曜日 15時～19時) so nothing the source said is lost.
    """

    __tablename__ = "schedules"
    __table_args__ = (
        CheckConstraint("interval >= 1", name="interval_positive"),
        CheckConstraint("closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at", name="opens_before_close"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    freq: Mapped[Frequency] = mapped_column(str_enum(Frequency, length=16))
    interval: Mapped[int] = mapped_column(Integer, default=1)
    byday: Mapped[str | None] = mapped_column(String(60))
    bymonthday: Mapped[str | None] = mapped_column(String(60))
    opens_at: Mapped[time | None] = mapped_column(Time)
    closes_at: Mapped[time | None] = mapped_column(Time)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="schedules")

    @classmethod
    def from_rule(cls, rule: Any, *, description: str | None = None, notes: str | None = None) -> Schedule:
        """A row from anything shaped like a rule (directory.schedules.Rule, a parsed or an HSDS schedule),
        so every import writes schedules the same way; `freq` becomes the enum even when given as text."""
        fields = {name: getattr(rule, name) for name in RULE_FIELDS}
        return cls(freq=Frequency(str(rule.freq)), description=description, notes=notes, **fields)
