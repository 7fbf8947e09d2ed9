"""Consent tiers that decide who may see a person's record."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tsunagu.db import Base, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from matching.models.person import Person
    from tsunagu.models import Agency, User


class ConsentTier(enum.StrEnum):
    """How far a person's record may be shared."""

    NONE = "none"
    """支援会議 (社会福祉法106条の6) without 本人同意: only the named members, bound by 守秘義務."""
    SHARED = "shared"
    """本人同意 for 重層的支援会議: visible to the listed agencies."""


consent_members = Table(
    "consent_members",
    Base.metadata,
    Column("consent_id", ForeignKey("consents.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)
"""Named members of the 支援会議 (tier `none`)."""

consent_agencies = Table(
    "consent_agencies",
    Base.metadata,
    Column("consent_id", ForeignKey("consents.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True, index=True),
)
"""Agencies the person agreed to share with (tier `shared`)."""


class Consent(Base):
    """本人同意 / 支援会議 — one consent decision for a person; withdrawal is a timestamp, never a delete."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    tier: Mapped[ConsentTier] = mapped_column(str_enum(ConsentTier))
    meeting_name: Mapped[str | None] = mapped_column(String(200))
    form_reference: Mapped[str | None] = mapped_column(String(100))
    """Reference of the signed consent form (同意書番号)."""
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(back_populates="consents")
    members: Mapped[list[User]] = relationship(secondary=consent_members)
    agencies: Mapped[list[Agency]] = relationship(secondary=consent_agencies)
