"""When activities happen."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, Time, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.enums import Frequency
from directory.schedules import BASE_RULE_FIELDS, EXCEPTION_FIELDS
from tsunagu.db import Base, str_enum

if TYPE_CHECKING:
    from directory.models.service import Service


class Schedule(Base):
    """開催日時 — an RFC 5545-like recurrence row (HSDS schedule).

    `byday` holds comma-separated RFC 5545 weekdays, with ordinals for monthly rules: "WE",
    "MO,TU,WE,TH,FR", "2WE,4WE" (毎月第2・4水曜日), "-1SU" (last Sunday). `description` keeps the
    original Japanese text (e.g. 毎月第2・4水曜日 15時～19時) so nothing the source said is lost.

    Japanese exceptions are columns of the rule, not notes (see `directory.schedules`): `week_unknown` with
    `per_month` (月1回・日曜: weekday known, dates to confirm), `skip_holidays` (祝日は休み), `holiday_shift`
    (祝日の場合は翌日 = 1, 前日 = -1), `except_months` ("8"), `except_dates` ("12-29/01-03" = 年末年始).
    """

    __tablename__ = "schedules"
    __table_args__ = (
        CheckConstraint("interval >= 1", name="interval_positive"),
        CheckConstraint("closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at", name="opens_before_close"),
        CheckConstraint("holiday_shift BETWEEN -1 AND 1", name="holiday_shift_range"),
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
    week_unknown: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    per_month: Mapped[int | None] = mapped_column(Integer)
    skip_holidays: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    holiday_shift: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    except_months: Mapped[str | None] = mapped_column(String(40))
    except_dates: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="schedules")

    @classmethod
    def from_rule(cls, rule: Any, *, description: str | None = None, notes: str | None = None) -> Schedule:
        """A row from anything shaped like a rule (directory.schedules.Rule, a parsed or an HSDS schedule),
        so every import writes schedules the same way; `freq` becomes the enum even when given as text. A
        source without the exception fields (an HSDS schedule) gets their defaults."""
        fields = {name: getattr(rule, name) for name in BASE_RULE_FIELDS}
        fields |= {name: getattr(rule, name, None) for name in EXCEPTION_FIELDS}
        fields["week_unknown"] = bool(fields["week_unknown"])
        fields["skip_holidays"] = bool(fields["skip_holidays"])
        fields["holiday_shift"] = fields["holiday_shift"] or 0
        return cls(freq=Frequency(str(rule.freq)), description=description, notes=notes, **fields)
