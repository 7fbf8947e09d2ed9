"""What an import changed in an entry: one row per changed entry per import run, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from tsunagu.db import Base, JSONType, UTCDateTime, utcnow

if TYPE_CHECKING:
    from directory.models.curation import ImportRun
    from tsunagu.models import User


class ImportChange(Base):
    """取り込み履歴 — the fields one import run changed in one entry, as {field: [before, after]}.

    `user_id` is who ran the import (copied from the run, so the detail page needs no join), `file` the file
    the entry's row came from. Only real changes are recorded: re-importing the same file writes nothing.
    `Service.import_changes` lists an entry's history, newest first.
    """

    __tablename__ = "import_changes"
    __table_args__ = (Index("ix_import_changes_service", "service_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id", ondelete="SET NULL"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    file: Mapped[str | None] = mapped_column(String(200))
    row: Mapped[int | None]
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    run: Mapped[ImportRun | None] = relationship()
    user: Mapped[User | None] = relationship()
    service = relationship(
        "Service",
        backref=backref(
            "import_changes",
            order_by="ImportChange.changed_at.desc()",
            cascade="all, delete-orphan",
            passive_deletes=True,
        ),
    )
