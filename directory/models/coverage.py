"""What counts as a 居場所 for a municipality's coverage KPI (towns define it differently)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tsunagu.db import Base, JSONType


class CoverageDefinition(Base):
    """The kinds of activity (taxonomy codes) that count toward a municipality's 居場所 coverage per 中学校区."""

    __tablename__ = "coverage_definitions"

    municipality_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    kinds: Mapped[list[str]] = mapped_column(JSONType, default=list)
