"""Japanese public holidays (国民の祝日, 振替休日, 国民の休日) for the recurrence engine, from the `holidays` library
(`holidays.country_holidays("JP")`, i.e. `holidays.Japan`).

The maintained `holidays` library knows the law's moving days (成人の日, 春分の日 …) and substitutes, so the
engine does not carry its own table. Holidays are computed once per year and kept as date ordinals, because
the overlap loop asks about every candidate's dates.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=128)
def holiday_ordinals(year: int) -> frozenset[int]:
    """Ordinals of Japan's public holidays in `year` (cached per year)."""
    return frozenset(day.toordinal() for day in holidays.country_holidays("JP", years=year))


def is_holiday_ordinal(ordinal: int) -> bool:
    """Whether the date with this ordinal is a Japanese public holiday."""
    return ordinal in holiday_ordinals(dt.date.fromordinal(ordinal).year)


def is_holiday(day: dt.date) -> bool:
    """Whether `day` is a Japanese public holiday (元日, 成人の日, 振替休日 …)."""
    return day.toordinal() in holiday_ordinals(day.year)


def holiday_name(day: dt.date) -> str | None:
    """The holiday's name in Japanese (成人の日), or None on an ordinary day."""
    name = holidays.country_holidays("JP", years=day.year, language="ja").get(day)
    return str(name) if name is not None else None
