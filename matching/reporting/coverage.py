"""The 居場所 coverage KPI per 中学校区, counted with the municipality's own definition of 居場所."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.map_pages.coverage import COVERAGE_KIND, coverage, map_areas
from directory.models import Area, CoverageDefinition
from directory.search.params import SearchParams


def main_municipality(session: Session) -> str | None:
    """The municipality with the most areas (a single-town installation has exactly one)."""
    from sqlalchemy import func

    return session.scalar(
        select(Area.municipality_code).group_by(Area.municipality_code).order_by(func.count().desc()).limit(1)
    )


def ibasho_kinds(session: Session, municipality_code: str | None) -> tuple[str, ...]:
    """The kinds that count as 居場所 in this municipality (set in /admin/areas); 居場所 alone when unset."""
    definition = session.get(CoverageDefinition, municipality_code) if municipality_code else None
    return tuple(definition.kinds) if definition and definition.kinds else (COVERAGE_KIND,)


@dataclass(frozen=True)
class CoverageFigure:
    """One 中学校区: entries counted as 居場所, the target and their ratio (may exceed 1)."""

    school_district: str
    count: int
    target: int

    @property
    def rate(self) -> float | None:
        return self.count / self.target if self.target else None


def coverage_figures(session: Session, municipality_code: str | None = None) -> list[CoverageFigure]:
    """Published entries of the town's 居場所 kinds per 中学校区 against each area's target."""
    code = municipality_code or main_municipality(session)
    if code is None:
        return []
    _areas, rows = coverage(session, SearchParams(kinds=ibasho_kinds(session, code)), map_areas(session, code))
    return [CoverageFigure(row.name, row.count, row.target) for row in rows]
