"""支援会議 and 重層的支援会議: dated meetings with their members, the cases discussed, decisions and next review."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tsunagu.db import Base, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from matching.models.person import Person
    from tsunagu.models import Agency, User


class MeetingKind(enum.StrEnum):
    """Which kind of case meeting."""

    SUPPORT = "support"
    """支援会議 (社会福祉法106条の6): under 守秘義務, no consent needed; only its named members see the cases."""
    MULTI_AGENCY = "multi_agency"
    """重層的支援会議: consent-based; a case is shown to the agencies its 本人同意 lists."""


meeting_members = Table(
    "meeting_members",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)
meeting_agencies = Table(
    "meeting_agencies",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True, index=True),
)
meeting_cases = Table(
    "meeting_cases",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Meeting(Base):
    """One case meeting: date, kind, members (people and agencies), cases discussed, decisions, next review."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    """The agency that convenes and keeps the record."""
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(200))
    decisions: Mapped[str | None] = mapped_column(Text)
    next_review_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[User]] = relationship(secondary=meeting_members, order_by="User.id")
    agencies: Mapped[list[Agency]] = relationship(secondary=meeting_agencies, order_by="Agency.id")
    cases: Mapped[list[Person]] = relationship(secondary=meeting_cases, order_by="Person.id")
