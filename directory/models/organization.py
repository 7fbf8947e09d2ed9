"""Organisations that host activities (受け入れ先)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.enums import EntryStatus
from directory.models.provenance import HsdsIdentity, Provenance
from tsunagu.db import Base, str_enum

if TYPE_CHECKING:
    from directory.models.location import Location
    from directory.models.service import Service


class OrganizationKind(enum.StrEnum):
    """What kind of body runs the activity."""

    NPO = "npo"
    SHAKYO = "shakyo"
    """社会福祉協議会"""
    NEIGHBOURHOOD = "neighbourhood"
    """町内会・自治会"""
    COMPANY = "company"
    """企業・商店"""
    INDIVIDUAL = "individual"
    """個人 (often a private home: see Location.address_visibility)"""
    MUNICIPALITY = "municipality"
    """市区町村"""
    WELFARE = "welfare"
    """社会福祉法人・介護事業所"""
    RELIGIOUS = "religious"
    """寺社・教会"""
    OTHER = "other"


class Organization(HsdsIdentity, Provenance, Base):
    """受け入れ先 / 運営団体 — the NPO, 社協, 町内会, business or individual running activities (HSDS organization)."""

    __tablename__ = "organizations"
    __table_args__ = (
        Index("ix_organizations_source", "municipality_code", "source_id"),
        Index("ix_organizations_name_norm", "name_normalized"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_kana: Mapped[str | None] = mapped_column(String(200))
    name_normalized: Mapped[str | None] = mapped_column(String(200))
    """Name after i18n normalisation (NFKC, kana folding): the duplicate/upsert key."""
    alternate_name: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[OrganizationKind] = mapped_column(str_enum(OrganizationKind), default=OrganizationKind.OTHER)
    corporate_number: Mapped[str | None] = mapped_column(String(13))
    """法人番号 (13 digits), optional."""
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    website: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[EntryStatus] = mapped_column(str_enum(EntryStatus), default=EntryStatus.PUBLISHED)
    do_not_list: Mapped[bool] = mapped_column(Boolean, default=False)
    """掲載しない: the group asked not to be public; no import may republish it."""

    services: Mapped[list[Service]] = relationship(back_populates="organization")
    locations: Mapped[list[Location]] = relationship(back_populates="organization")
