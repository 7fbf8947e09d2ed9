"""The period a report covers: a 年度 (April to March) or any two dates, both inclusive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

FISCAL_START_MONTH = 4
"""年度 run from 1 April to 31 March; 2025年度 starts on 2025-04-01."""


@dataclass(frozen=True)
class Period:
    """[start, end], both days inclusive; `fiscal_year` is set when the period is a whole 年度."""

    start: date
    end: date
    fiscal_year: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    @classmethod
    def fiscal(cls, year: int) -> Period:
        """The 年度 `year`: 1 April `year` to 31 March `year + 1`."""
        return cls(date(year, FISCAL_START_MONTH, 1), date(year + 1, FISCAL_START_MONTH, 1) - timedelta(days=1), year)

    @classmethod
    def fiscal_year_of(cls, day: date) -> int:
        """The 年度 a day falls in (January to March belong to the year before)."""
        return day.year if day.month >= FISCAL_START_MONTH else day.year - 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period just before, of the same length (the 年度 before for a 年度): what a trend compares with."""
        if self.fiscal_year is not None:
            return Period.fiscal(self.fiscal_year - 1)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end)

    def as_json(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "fiscal_year": self.fiscal_year}
