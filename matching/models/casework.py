"""Case notes: dated notes on a person's case, by the coordinator or by agency staff the consent lets in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from tsunagu.db import Base, UTCDateTime, utcnow


class CaseNote(Base):
    """ケース記録 — one dated note on a case (optionally about one placement), shown on the person's timeline.

    Free text about the person: erasure deletes every note (matching.consent.services.erase_person).
    """

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    """The author's agency when writing (notes by a partner agency read as such)."""
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    body: Mapped[str] = mapped_column(Text)
