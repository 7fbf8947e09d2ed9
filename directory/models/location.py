"""Where activities happen: locations with a POINT, accessibility, and the area polygons of the town."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from geoalchemy2 import Geometry
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.enums import AddressVisibility, AreaKind
from directory.models.provenance import HsdsIdentity, Provenance, Timestamps
from tsunagu.db import Base, str_enum

if TYPE_CHECKING:
    from directory.models.organization import Organization
    from directory.models.service import Service


class Location(HsdsIdentity, Provenance, Base):
    """所在地 — a place (HSDS location) with a POINT in SRID 4326 and the Japanese address split.

    Private homes (方書 with 様方, or flagged) have `address_visibility = area`: the public map shows a
    jittered area and the detail page the 町域 only.
    """

    __tablename__ = "locations"
    __table_args__ = (
        Index("ix_locations_source", "municipality_code", "source_id"),
        Index("ix_locations_areas", "municipality_code", "district", "junior_high_district"),
        Index("ix_locations_elementary", "elementary_district"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(8))
    prefecture: Mapped[str | None] = mapped_column(String(10))
    """都道府県"""
    city: Mapped[str | None] = mapped_column(String(50))
    """市区町村"""
    town: Mapped[str | None] = mapped_column(String(100))
    """町域 (e.g. 本町二丁目): what the public sees of a private home."""
    block: Mapped[str | None] = mapped_column(String(100))
    """番地"""
    building: Mapped[str | None] = mapped_column(String(200))
    """方書 (building, room, or "山田様方" = c/o a private home)."""
    district: Mapped[str | None] = mapped_column(String(50))
    """地区"""
    junior_high_district: Mapped[str | None] = mapped_column(String(50))
    """中学校区"""
    elementary_district: Mapped[str | None] = mapped_column(String(50))
    """小学校区"""
    point: Mapped[Any | None] = mapped_column(Geometry("POINT", srid=4326, spatial_index=True))
    """NULL = 位置未設定: kept off the map until a curator places the pin."""
    geocode_source: Mapped[str | None] = mapped_column(String(50))
    address_visibility: Mapped[AddressVisibility] = mapped_column(
        str_enum(AddressVisibility), default=AddressVisibility.PUBLIC
    )
    access_notes: Mapped[str | None] = mapped_column(Text)
    """Nearest stop, parking, how to find the door."""

    organization: Mapped[Organization | None] = relationship(back_populates="locations")
    accessibility: Mapped[list[LocationAccessibility]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )
    service_links: Mapped[list[ServiceAtLocation]] = relationship(back_populates="location")

    @property
    def public_address(self) -> str:
        """The address as the public may see it (町域 only for private homes)."""
        return visible_address(
            self.prefecture, self.city, self.town, self.block, self.building, self.address_visibility
        )


def visible_address(
    prefecture: str | None,
    city: str | None,
    town: str | None,
    block: str | None,
    building: str | None,
    visibility: AddressVisibility | None,
) -> str:
    """An address as the public may see it: 番地 and building only when the address is public."""
    address = "".join(p for p in (prefecture, city, town) if p)
    if visibility == AddressVisibility.PUBLIC:
        address += block or ""
        if building:
            address += f" {building}"
    return address


class ServiceAtLocation(HsdsIdentity, Base):
    """HSDS service_at_location: a service offered at a location."""

    __tablename__ = "service_at_locations"
    __table_args__ = (UniqueConstraint("service_id", "location_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)

    service: Mapped[Service] = relationship(back_populates="at_locations")
    location: Mapped[Location] = relationship(back_populates="service_links")


class AccessibilityFeature(enum.StrEnum):
    """Accessibility features a person may require."""

    WHEELCHAIR = "wheelchair"
    """車いす可 (step-free entrance)"""
    ACCESSIBLE_TOILET = "accessible_toilet"
    """多目的トイレ"""
    ELEVATOR = "elevator"
    HEARING_LOOP = "hearing_loop"
    SIGN_LANGUAGE = "sign_language"
    """手話対応"""
    PARKING = "parking"
    QUIET_ROOM = "quiet_room"
    """静かに休める部屋"""


class LocationAccessibility(Base):
    """バリアフリー — one accessibility feature of a location (HSDS accessibility)."""

    __tablename__ = "location_accessibility"

    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True)
    feature: Mapped[AccessibilityFeature] = mapped_column(str_enum(AccessibilityFeature), primary_key=True, index=True)
    description: Mapped[str | None] = mapped_column(String(200))

    location: Mapped[Location] = relationship(back_populates="accessibility")


class Area(Timestamps, Base):
    """地区 / 中学校区 / 小学校区 — a named area with its boundary, for grouping, layers and coverage."""

    __tablename__ = "areas"
    __table_args__ = (UniqueConstraint("municipality_code", "kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(6))
    kind: Mapped[AreaKind] = mapped_column(str_enum(AreaKind))
    name: Mapped[str] = mapped_column(String(50))
    name_kana: Mapped[str | None] = mapped_column(String(100))
    """The reading (カナ) of the name, set by an admin: furigana and the romanised name in other languages use it."""
    code: Mapped[str | None] = mapped_column(String(20))
    boundary: Mapped[Any | None] = mapped_column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=True))
    target_count: Mapped[int | None] = mapped_column(Integer)
    """Coverage target (e.g. 10 居場所 per 中学校区) for the 見える化 view."""
