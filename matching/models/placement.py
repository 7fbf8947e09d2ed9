"""Placements: a person joining an activity, from proposal to 定着 and closure."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tsunagu.db import Base, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from directory.models.service import Service
    from matching.models.person import Person


class PlacementStatus(enum.StrEnum):
    """Stage of a placement."""

    PROPOSED = "proposed"
    """提案"""
    VISIT = "visit"
    """見学"""
    TRIAL = "trial"
    """体験"""
    STARTED = "started"
    """参加開始 (定着支援 follow-ups run from here)"""
    ENDED = "ended"
    """終了 (see EndReason)"""


class EndReason(enum.StrEnum):
    """Why a placement ended."""

    GOAL_MET = "goal_met"
    """目標達成で終結"""
    MOVED = "moved"
    NOT_A_FIT = "not_a_fit"
    HOST_CAPACITY = "host_capacity"
    NO_LONGER_INTERESTED = "no_longer_interested"
    COULD_NOT_CONTACT = "could_not_contact"
    DECLINED = "declined"
    """The person declined the proposal."""
    OTHER = "other"


class Placement(Base):
    """つなぎ — a person × service placement; every status change is a PlacementEvent."""

    __tablename__ = "placements"
    __table_args__ = (Index("ix_placements_status", "status", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[PlacementStatus] = mapped_column(str_enum(PlacementStatus), default=PlacementStatus.PROPOSED)
    end_reason: Mapped[EndReason | None] = mapped_column(str_enum(EndReason))
    end_note: Mapped[str | None] = mapped_column(Text)
    accompanied_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    """見学同行"""
    host_support_notes: Mapped[str | None] = mapped_column(Text)
    """受け入れ先の支援: what the host needs, agreed adjustments (配慮事項)."""
    match_score: Mapped[float | None] = mapped_column()
    match_model_version: Mapped[str | None] = mapped_column(String(40))
    override_reason: Mapped[str | None] = mapped_column(Text)
    """Why the coordinator proposed an entry the engine did not suggest (found by search, or a near miss)."""
    override_constraint: Mapped[str | None] = mapped_column(String(30))
    """The hard constraint the entry breaks for this person (engine code, e.g. "distance"); None: none broken."""
    household_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("household_members.id", ondelete="SET NULL"), index=True
    )
    """For a household member without a case record: the placement is theirs, recorded on the household's person."""
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    planned_status: Mapped[PlacementStatus | None] = mapped_column(str_enum(PlacementStatus, name="planned_status"))
    """予定: the next 見学 or 体験 agreed for a future date (`planned_on`); cleared when it is recorded."""
    planned_on: Mapped[date | None] = mapped_column(Date, index=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}

    person: Mapped[Person] = relationship(back_populates="placements")
    service: Mapped[Service] = relationship()
    events: Mapped[list[PlacementEvent]] = relationship(
        back_populates="placement", cascade="all, delete-orphan", order_by="PlacementEvent.at"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="placement", cascade="all, delete-orphan", order_by="FollowUp.due_on"
    )
    check_ins: Mapped[list[HostCheckIn]] = relationship(
        back_populates="placement", cascade="all, delete-orphan", order_by="HostCheckIn.at"
    )


class PlacementEvent(Base):
    """One status change of a placement: who, when, from, to."""

    __tablename__ = "placement_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_status: Mapped[PlacementStatus | None] = mapped_column(str_enum(PlacementStatus, name="from_status"))
    to_status: Mapped[PlacementStatus] = mapped_column(str_enum(PlacementStatus, name="to_status"))
    note: Mapped[str | None] = mapped_column(Text)

    placement: Mapped[Placement] = relationship(back_populates="events")


class FollowUpMilestone(enum.StrEnum):
    """定着支援 follow-up points after a placement starts."""

    WEEK_1 = "1w"
    MONTH_1 = "1m"
    MONTH_3 = "3m"
    MONTH_6 = "6m"


class FollowUpOutcome(enum.StrEnum):
    """What a follow-up found."""

    GOING_WELL = "going_well"
    CONCERN = "concern"
    STOPPED = "stopped"
    NO_CONTACT = "no_contact"


class FollowUp(Base):
    """定着支援 — a due follow-up of a started placement (1 week, 1/3/6 months) and its recorded outcome."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        UniqueConstraint("placement_id", "milestone"),
        Index("ix_follow_ups_due", "done_at", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    milestone: Mapped[FollowUpMilestone] = mapped_column(str_enum(FollowUpMilestone, length=4))
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[FollowUpOutcome | None] = mapped_column(str_enum(FollowUpOutcome))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """A follow-up no longer needed (the placement ended and the person no longer goes) is cancelled with a
    reason, never deleted, so the 定着 reports still see it."""
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When a 「気になることあり」 finding was dealt with; until then it stays on 今週のフォロー."""

    placement: Mapped[Placement] = relationship(back_populates="follow_ups")


class HostCheckIn(Base):
    """受け入れ先の支援 — a dated check-in with the host about a placement."""

    __tablename__ = "host_check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    how_it_goes: Mapped[str | None] = mapped_column(Text)
    worries: Mapped[str | None] = mapped_column(Text)
    adjustments: Mapped[str | None] = mapped_column(Text)
    host_contact_person: Mapped[str | None] = mapped_column(String(100))

    placement: Mapped[Placement] = relationship(back_populates="check_ins")
