"""Gaps and how they are closed: unmet needs, host prospects, development cases (社会資源の開発)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.provenance import Timestamps
from tsunagu.db import Base, JSONType, UTCDateTime, str_enum, utcnow


class UnmetNeed(Base):
    """繋ぐ先がない — what was sought, where, and which constraints failed; raw material for 社会資源の開発.

    Holds an anonymised profile snapshot only, so it survives the person's erasure as a count.
    """

    __tablename__ = "unmet_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sought: Mapped[str] = mapped_column(Text)
    kinds: Mapped[list[str]] = mapped_column(JSONType, default=list)
    district: Mapped[str | None] = mapped_column(String(50), index=True)
    junior_high_district: Mapped[str | None] = mapped_column(String(50))
    point: Mapped[Any | None] = mapped_column(Geometry("POINT", srid=4326, spatial_index=True))
    failed_constraints: Mapped[list[str]] = mapped_column(JSONType, default=list)
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    development_case_id: Mapped[int | None] = mapped_column(
        ForeignKey("development_cases.id", ondelete="SET NULL"), index=True
    )


class ProspectStatus(enum.StrEnum):
    """受け入れ候補 status: 候補 → 打診中 → 協力可 → 受け入れ中 → 休止."""

    CANDIDATE = "candidate"
    APPROACHING = "approaching"
    WILLING = "willing"
    HOSTING = "hosting"
    PAUSED = "paused"


class HostProspect(Timestamps, Base):
    """受け入れ候補 — a business, farm, temple or group that could host someone. Coordinators only."""

    __tablename__ = "host_prospects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(50))
    """商店, 農家, 寺社, 介護事業所, 企業, 町内会…"""
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[ProspectStatus] = mapped_column(str_enum(ProspectStatus), default=ProspectStatus.CANDIDATE)
    offer: Mapped[str | None] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    days: Mapped[list[dict[str, str]]] = mapped_column(JSONType, default=list)
    places: Mapped[int | None] = mapped_column(Integer)
    support_needed: Mapped[str | None] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(String(50))
    point: Mapped[Any | None] = mapped_column(Geometry("POINT", srid=4326, spatial_index=True))

    contacts: Mapped[list[HostContact]] = relationship(
        back_populates="prospect", cascade="all, delete-orphan", order_by="HostContact.at"
    )


class HostContact(Base):
    """A dated note of contact with a host prospect."""

    __tablename__ = "host_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    prospect_id: Mapped[int] = mapped_column(ForeignKey("host_prospects.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text)

    prospect: Mapped[HostProspect] = relationship(back_populates="contacts")


class DevelopmentOutcome(enum.StrEnum):
    """How a development case ended."""

    NEW_PUBLIC_ACTIVITY = "new_public_activity"
    CUSTOM_MENU = "custom_menu"
    CLOSED = "closed"


development_case_prospects = Table(
    "development_case_prospects",
    Base.metadata,
    Column("case_id", ForeignKey("development_cases.id", ondelete="CASCADE"), primary_key=True),
    Column("prospect_id", ForeignKey("host_prospects.id", ondelete="CASCADE"), primary_key=True),
)


class DevelopmentCase(Timestamps, Base):
    """社会資源の開発 — a gap being worked on: linked unmet needs, candidate hosts, steps, outcome."""

    __tablename__ = "development_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    gap: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(50))
    district: Mapped[str | None] = mapped_column(String(50))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[DevelopmentOutcome | None] = mapped_column(str_enum(DevelopmentOutcome))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    resulting_service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"))

    prospects: Mapped[list[HostProspect]] = relationship(secondary=development_case_prospects)
    steps: Mapped[list[DevelopmentStep]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="DevelopmentStep.due_on"
    )
    unmet_needs: Mapped[list[UnmetNeed]] = relationship()


class DevelopmentStep(Base):
    """A planned or done step of a development case."""

    __tablename__ = "development_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("development_cases.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[DevelopmentCase] = relationship(back_populates="steps")
