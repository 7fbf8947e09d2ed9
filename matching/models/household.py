"""Households (世帯): persons linked by a household code, lighter member records, and what they share."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.provenance import Timestamps
from matching.models.consent import ConsentTier
from tsunagu.db import Base, JSONType, UTCDateTime, str_enum

if TYPE_CHECKING:
    from matching.models.person import Person


class Household(Timestamps, Base):
    """世帯 — persons of one household (by pseudonymous code only), lighter member records (age, languages,
    needs) for members without a case record of their own, and what matching for the family shares: home
    area, languages, distance, free times and a cost limit per visit for everyone together."""

    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    home_district: Mapped[str | None] = mapped_column(String(50))
    languages: Mapped[list[str]] = mapped_column(JSONType, default=list)
    max_distance_km: Mapped[float | None] = mapped_column(Float)
    max_cost_yen: Mapped[int | None] = mapped_column(Integer)
    """Per visit, for everyone who attends together."""
    available: Mapped[list[dict[str, str]]] = mapped_column(JSONType, default=list)
    """[{"day": "sat", "start": "10:00", "end": "15:00"}]: when the family can go."""

    members: Mapped[list[Person]] = relationship(back_populates="household", order_by="Person.id")
    """Members with a case record of their own."""
    light_members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="household", cascade="all, delete-orphan", order_by="HouseholdMember.id"
    )


class HouseholdMember(Base):
    """A household member without a case record: a label, birth year (never a date), languages, needs, and
    the consent recorded for this member."""

    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(50))
    """A pseudonymous label such as 長女 or 子A."""
    birth_year: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[list[str]] = mapped_column(JSONType, default=list)
    needs: Mapped[list[str]] = mapped_column(JSONType, default=list)
    """Accessibility features this member needs wherever they attend."""
    consent_tier: Mapped[ConsentTier | None] = mapped_column(str_enum(ConsentTier, name="household_member_consent"))
    """本人同意 (shared) or 支援会議 (none) for this member; None: not recorded yet (not matched)."""
    consent_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    household: Mapped[Household] = relationship(back_populates="light_members")
