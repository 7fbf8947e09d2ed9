"""Content translations of entries written by groups."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tsunagu.db import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from directory.models.service import Service


class ServiceTranslation(Base):
    """翻訳 — one field of a service in one locale; fallback chain locale → やさしい日本語 → ja."""

    __tablename__ = "service_translations"
    __table_args__ = (UniqueConstraint("service_id", "locale", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(16), index=True)
    field: Mapped[str] = mapped_column(String(50))
    value: Mapped[str] = mapped_column(Text)
    is_machine: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    service: Mapped[Service] = relationship(back_populates="translations")
