"""Proposed edits, their review, and import runs: how the catalog changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.enums import ChangeKind, EntryStatus, ReviewState
from tsunagu.db import Base, JSONType, UTCDateTime, str_enum, utcnow


class ChangeRequest(Base):
    """変更申請 — a proposed new entry, edit or resident correction, with before/after snapshots.

    The published version stays as it is until a reviewer approves.
    """

    __tablename__ = "change_requests"
    __table_args__ = (Index("ix_change_requests_queue", "state", "kind", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ChangeKind] = mapped_column(str_enum(ChangeKind))
    state: Mapped[ReviewState] = mapped_column(str_enum(ReviewState), default=ReviewState.PENDING)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitter_contact: Mapped[str | None] = mapped_column(String(254))
    """Optional contact left by an anonymous resident with a correction."""
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviews: Mapped[list[Review]] = relationship(back_populates="change_request", order_by="Review.at")


class Review(Base):
    """審査 — one reviewer decision on a change request, with the snapshot that was approved/rejected."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_request_id: Mapped[int] = mapped_column(ForeignKey("change_requests.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[ReviewState] = mapped_column(str_enum(ReviewState))
    comment: Mapped[str | None] = mapped_column(Text)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    change_request: Mapped[ChangeRequest] = relationship(back_populates="reviews")


class ImportRun(Base):
    """取り込み — one run of `tsunagu import` (or the admin upload), referenced by the entries it changed."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    format: Mapped[str] = mapped_column(String(30))
    files: Mapped[list[str]] = mapped_column(JSONType, default=list)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", use_alter=True, name="fk_import_runs_user_id_users")
    )
    """use_alter: users → organizations → import_runs → users is a cycle; this FK is added last."""
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    geocoded: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)


class ServiceArchive(Base):
    """アーカイブ — why and by whom an entry was taken out of the catalog, and how to put it back.

    One row per entry whose status is ARCHIVED: `previous_status` is what a restore returns it to, and
    `merged_into_id` points at the entry it was merged into (imports follow it to the surviving entry).
    A side table rather than columns on `services`: adding columns there would make SQLite rebuild the
    table, and the history of every archive and restore is in the audit log anyway.
    """

    __tablename__ = "service_archives"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), primary_key=True)
    previous_status: Mapped[EntryStatus] = mapped_column(str_enum(EntryStatus))
    reason: Mapped[str] = mapped_column(Text)
    archived_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    archived_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"), index=True)


class TermRetirement(Base):
    """廃止した分類 — a taxonomy term no longer offered for new entries; services that carry it keep it."""

    __tablename__ = "term_retirements"

    term_id: Mapped[int] = mapped_column(ForeignKey("taxonomy_terms.id", ondelete="CASCADE"), primary_key=True)
    retired_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    retired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DuplicateDismissal(Base):
    """重複ではない — an admin said these two entries are different; the pair is never proposed again.

    The pair is stored with the lower id first, so (a, b) and (b, a) are the same row.
    """

    __tablename__ = "duplicate_dismissals"

    first_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), primary_key=True)
    second_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), primary_key=True)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
