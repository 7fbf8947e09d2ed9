"""Content translations of entries written by groups."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
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
    source_text: Mapped[str | None] = mapped_column(Text)
    """The Japanese this translation was made from; when the entry's Japanese differs, the translation is outdated
    (still shown, pre-filled in the editor with a note). None for translations older than this column."""

    service: Mapped[Service] = relationship(back_populates="translations")

    def outdated(self, japanese: str | None) -> bool:
        return self.source_text is not None and (japanese or "").strip() != self.source_text.strip()


class TranslationRequest(Base):
    """A resident asked to read an entry in their language (the button on the detail page); the translators' page
    lists requested entries first. `done_at` is set when every text of the entry is translated into `locale`."""

    __tablename__ = "translation_requests"
    __table_args__ = (Index("ix_translation_requests_open", "locale", "done_at", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
