"""Volunteers offering time and skills, matched to ボランティア募集 entries."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from directory.models.enums import VolunteerStatus
from directory.models.provenance import Timestamps
from tsunagu.db import Base, JSONType, UTCDateTime, str_enum, utcnow


class Volunteer(Timestamps, Base):
    """ボランティア — a pseudonymous profile of someone offering time; contact fields are coordinator-only.

    `availability` is a list of {"day": "tue", "start": "10:00", "end": "15:00"} like the match profile.
    """

    __tablename__ = "volunteers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    code_name: Mapped[str] = mapped_column(String(50))
    """Public pseudonym (e.g. 「ひまわり」)."""
    birth_year: Mapped[int | None] = mapped_column(Integer)
    skills: Mapped[list[str]] = mapped_column(JSONType, default=list)
    interests: Mapped[list[str]] = mapped_column(JSONType, default=list)
    languages: Mapped[list[str]] = mapped_column(JSONType, default=list)
    availability: Mapped[list[dict[str, str]]] = mapped_column(JSONType, default=list)
    district: Mapped[str | None] = mapped_column(String(50), index=True)
    home_point: Mapped[Any | None] = mapped_column(Geometry("POINT", srid=4326, spatial_index=True))
    """Coarse point (district centroid or ~500 m grid), never the home address."""
    max_distance_km: Mapped[float | None] = mapped_column(Float)
    bio: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[VolunteerStatus] = mapped_column(str_enum(VolunteerStatus), default=VolunteerStatus.PENDING)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class InterestStatus(enum.StrEnum):
    """A volunteer's "興味あり" towards a ボランティア募集 entry."""

    INTERESTED = "interested"
    CONTACT_SHARED = "contact_shared"
    """The volunteer agreed that the group may see their contact details."""
    DECLINED = "declined"


class VolunteerInterest(Base):
    """興味あり — a volunteer's interest in one ボランティア募集 service."""

    __tablename__ = "volunteer_interests"
    __table_args__ = (UniqueConstraint("volunteer_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    status: Mapped[InterestStatus] = mapped_column(str_enum(InterestStatus), default=InterestStatus.INTERESTED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
