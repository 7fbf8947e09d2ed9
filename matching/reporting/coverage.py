"""The 居場所 coverage KPI per 中学校区, counted with the municipality's own definition of 居場所."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from directory.map_pages.coverage import coverage, coverage_kinds, main_municipality, map_areas
from directory.search.params import SearchParams


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
    _areas, rows = coverage(session, SearchParams(kinds=coverage_kinds(session, code)), map_areas(session, code))
    return [CoverageFigure(row.name, row.count, row.target) for row in rows]
