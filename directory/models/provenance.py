"""Columns shared by every catalog table that can come from an import."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tsunagu.db import UTCDateTime, utcnow


class Timestamps:
    """created_at / updated_at, maintained by SQLAlchemy."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Provenance(Timestamps):
    """Where an entry came from: source, source URL and ID, when and by which import run.

    The upsert key of re-imports is (municipality_code, source_id), else normalised name + address.
    """

    source: Mapped[str | None] = mapped_column(String(200))
    source_url: Mapped[str | None] = mapped_column(String(500))
    source_id: Mapped[str | None] = mapped_column(String(100))
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    municipality_code: Mapped[str | None] = mapped_column(String(6))
    """全国地方公共団体コード (6 digits with check digit); also the future Citus distribution key."""

    @declared_attr
    def import_run_id(cls) -> Mapped[int | None]:  # noqa: N805 - declared_attr takes the class
        return mapped_column(ForeignKey("import_runs.id", ondelete="SET NULL"))


def new_uuid() -> str:
    """A random UUID as text (HSDS identifiers are UUID strings)."""
    return str(uuid4())


class HsdsIdentity:
    """The stable HSDS identifier (UUID) of a row, kept through exports and re-imports.

    Integer primary keys stay the internal key (fast joins, SpatiaLite rowid); the UUID is the public one.
    """

    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
