"""Accounts, agencies and the audit trail: the tables the core package owns."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tsunagu.db import Base, JSONType, UTCDateTime, str_enum, utcnow


class Role(enum.StrEnum):
    """What a signed-in user may do; see DESIGN.md "Who uses it"."""

    ADMIN = "admin"
    """管理者: users, review queue, taxonomy, imports, reports, audit log."""
    COORDINATOR = "coordinator"
    """参加支援コーディネーター: intake, matching, placements, curation."""
    AGENCY = "agency"
    """多機関協働事業者 / partner agency staff: shared cases per consent tier."""
    GROUP = "group"
    """登録団体: a community group keeping its own entries up to date."""
    VOLUNTEER = "volunteer"
    """ボランティア: a person offering time, with one pseudonymous Volunteer profile."""


class Agency(Base):
    """支援機関 — an agency a coordinator or agency user works for (社協, 市役所, NPO, 地域包括…).

    A person record is owned by one agency; sharing with other agencies follows the consent tier.
    """

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(50), default="other")
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    """多機関協働事業者: the lead agency that sees status and counts of every case shared with it."""
    municipality_code: Mapped[str | None] = mapped_column(String(6), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="agency")


class User(UserMixin, Base):
    """A person who signs in (flask-login). Residents never need an account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    """For role `group`: the organisation whose entries this account maintains."""
    locale: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """Self-registered group accounts stay inactive until the e-mail link is followed (NULL = not confirmed)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Part of every session's user id (`get_id`): raising it ends all the user's sessions (tsunagu.auth.sessions)."""

    agency: Mapped[Agency | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # flask-login reads this
        return self.active

    def get_id(self) -> str:  # flask-login stores this in the session and the remember cookie
        return f"{self.id}.{self.session_version or 0}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


class AuditLog(Base):
    """監査ログ — who did what to which object, when. Every read of a person record lands here.

    The IP address is stored only as a keyed hash; erasures are recorded without the erased data.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    page: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    note: Mapped[str | None] = mapped_column(Text)


class ApiToken(Base):
    """A personal API token: lets a coordinator's own scripts call `POST /api/v1/match` as that coordinator.

    Only the SHA-256 of the token is stored (the token is shown once, at creation); `prefix` (its first
    characters) lets the owner tell tokens apart. A revoked token stays as a row, so the audit trail and
    the list keep saying which token did what.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
