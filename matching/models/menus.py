"""Made-to-measure participation: custom menus (個別メニュー) and what a host is told about a placement."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.provenance import Timestamps
from tsunagu.db import Base, UTCDateTime

if TYPE_CHECKING:
    from directory.models.curation import ChangeRequest
    from directory.models.service import Service
    from matching.models.development import HostProspect
    from matching.models.person import Person
    from matching.models.placement import Placement


class CustomMenu(Timestamps, Base):
    """個別メニュー — an arrangement with a host built for one person.

    The activity itself is a Service with visibility "coordinators only" (so search, map, API and exports
    never show it, and placements and follow-ups work on it unchanged); what concerns the person — who
    accompanies at first (同行), what the host agreed to (配慮事項), when to review — lives here, apart from
    the catalog. 他の人にも開く creates a separate public entry (`public_service`) through the review queue,
    so nothing of the person's arrangement is ever published.
    """

    __tablename__ = "custom_menus"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    prospect_id: Mapped[int | None] = mapped_column(ForeignKey("host_prospects.id", ondelete="SET NULL"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accompaniment: Mapped[str | None] = mapped_column(Text)
    """同行: who goes along at first, and for how long."""
    host_agreements: Mapped[str | None] = mapped_column(Text)
    """配慮事項: what the host agreed to."""
    review_on: Mapped[date | None] = mapped_column(Date)
    host_agreed_to_open_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the host agreed that the activity be opened to others (他の人にも開く)."""
    public_service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"))
    open_request_id: Mapped[int | None] = mapped_column(ForeignKey("change_requests.id", ondelete="SET NULL"))

    service: Mapped[Service] = relationship(foreign_keys=[service_id])
    public_service: Mapped[Service | None] = relationship(foreign_keys=[public_service_id])
    open_request: Mapped[ChangeRequest | None] = relationship()
    person: Mapped[Person | None] = relationship()
    prospect: Mapped[HostProspect | None] = relationship()


class HostBrief(Timestamps, Base):
    """受け入れ先への共有事項 — the practical details a host sees about one placement, and nothing else.

    Written by the coordinator with the person: what the host calls them (first name or nickname), which
    days, the adjustments agreed (配慮事項), the host's contact person. The case record is never shown to
    a host; this is the whole of what they see.
    """

    __tablename__ = "host_briefs"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), unique=True)
    nickname: Mapped[str] = mapped_column(String(50))
    days: Mapped[str | None] = mapped_column(String(200))
    agreed_adjustments: Mapped[str | None] = mapped_column(Text)
    host_contact_person: Mapped[str | None] = mapped_column(String(100))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    placement: Mapped[Placement] = relationship()
