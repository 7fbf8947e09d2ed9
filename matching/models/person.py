"""Pseudonymous case records of the people coordinators support."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from geoalchemy2 import Geometry
from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.enums import Space, Threshold
from directory.models.provenance import Timestamps
from tsunagu.db import Base, JSONType, UTCDateTime, str_enum

if TYPE_CHECKING:
    from matching.models.consent import Consent
    from matching.models.household import Household
    from matching.models.placement import Placement


class PersonStatus(enum.StrEnum):
    """Where the case stands."""

    ACTIVE = "active"
    CLOSED = "closed"
    """終結"""
    ERASED = "erased"
    """Consent withdrawn / deletion request: personal fields erased, only anonymous counts remain."""


class Mobility(enum.StrEnum):
    """How the person gets around (affects how far is realistic)."""

    WALK = "walk"
    BICYCLE = "bicycle"
    PUBLIC_TRANSPORT = "public_transport"
    CAR = "car"
    ESCORTED = "escorted"
    """同行が必要"""


class GenderComfort(enum.StrEnum):
    """Whether the person is comfortable only in men-only or women-only settings."""

    ANY = "any"
    MEN_ONLY = "men_only"
    WOMEN_ONLY = "women_only"


class Person(Timestamps, Base):
    """支援対象者 — a pseudonymous case record: code name, birth year (never a date), coarse home area,
    interests, strengths (のりしろ), constraints used by matching, and the owning agency.

    No name, address or phone: only what matching needs. Visibility follows the consent tier
    (see `tsunagu.permissions.can_view_person`); every read is audited.
    """

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_name: Mapped[str | None] = mapped_column(String(50))
    """Nullable because erasure blanks it."""
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id", ondelete="SET NULL"), index=True)
    status: Mapped[PersonStatus] = mapped_column(str_enum(PersonStatus), default=PersonStatus.ACTIVE, index=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    home_district: Mapped[str | None] = mapped_column(String(50), index=True)
    home_junior_high_district: Mapped[str | None] = mapped_column(String(50), index=True)
    """中学校区 of the home area (derived from the 地区 or the point, or chosen), for where needs are."""
    home_point: Mapped[Any | None] = mapped_column(Geometry("POINT", srid=4326, spatial_index=True))
    """Coarse point (district centroid or rounded), never the exact home."""
    interests: Mapped[list[str]] = mapped_column(JSONType, default=list)
    interests_text: Mapped[str | None] = mapped_column(Text)
    strengths: Mapped[str | None] = mapped_column(Text)
    """強み・のりしろ"""
    wants_to_try: Mapped[str | None] = mapped_column(Text)
    available: Mapped[list[dict[str, str]]] = mapped_column(JSONType, default=list)
    """[{"day": "tue", "start": "10:00", "end": "15:00"}] as in the match profile."""
    max_distance_km: Mapped[float | None] = mapped_column(Float)
    mobility: Mapped[Mobility | None] = mapped_column(str_enum(Mobility))
    max_cost_yen: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[list[str]] = mapped_column(JSONType, default=list)
    accessibility: Mapped[list[str]] = mapped_column(JSONType, default=list)
    preferred_space: Mapped[Space | None] = mapped_column(str_enum(Space))
    preferred_threshold: Mapped[Threshold | None] = mapped_column(str_enum(Threshold))
    with_family: Mapped[bool | None] = mapped_column()
    gender_comfort: Mapped[GenderComfort] = mapped_column(str_enum(GenderComfort), default=GenderComfort.ANY)
    kinds: Mapped[list[str]] = mapped_column(JSONType, default=list)
    """Kinds of activity the person is open to (taxonomy codes); empty = any."""
    notes: Mapped[str | None] = mapped_column(Text)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}

    household: Mapped[Household | None] = relationship(back_populates="members")
    consents: Mapped[list[Consent]] = relationship(back_populates="person", order_by="Consent.recorded_at")
    placements: Mapped[list[Placement]] = relationship(back_populates="person")

    @property
    def current_consent(self) -> Consent | None:
        """The consent in force: the latest one not withdrawn."""
        live = [c for c in self.consents if c.withdrawn_at is None]
        return live[-1] if live else None
