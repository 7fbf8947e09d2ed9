"""Seasonal hours in a facility's 開始時間/終了時間 (Ishikawa: 「4/1～10/31 6:00 11/1～3/31 8:30」) → one
weekly rule per season, each valid in its months only (`except_months` holds the other months).

A season must be whole months (the 1st to the month's last day) so the rule can recur every year; anything
else that carries a date range is a row error that says which form is expected.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace

from directory.schedules.text import ERROR_BAD_TIME, ParsedSchedule, RuleSpec, parse_schedule

_RANGE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*[～~〜\-－ー]\s*(\d{1,2})\s*/\s*(\d{1,2})")
EXPECTED = (
    "季節ごとの時間は「4/1～10/31 6:00 11/1～3/31 8:30」のように、月の初日～末日と時刻を並べてください "
    "(seasonal hours must be whole months with a time each, like 4/1～10/31 6:00 11/1～3/31 8:30)"
)

Seasons = list[tuple[frozenset[int], str]]


def _months(match: re.Match[str]) -> frozenset[int] | None:
    """The months of a 4/1～10/31 range, wrapping the new year (11/1～3/31); None unless whole months."""
    first_month, first_day, last_month, last_day = (int(g) for g in match.groups())
    if not (1 <= first_month <= 12 and 1 <= last_month <= 12) or first_day != 1:
        return None
    if last_day not in (calendar.monthrange(2001, last_month)[1], calendar.monthrange(2004, last_month)[1]):
        return None
    months, month = [first_month], first_month
    while month != last_month:
        month = month % 12 + 1
        months.append(month)
    return frozenset(months)


def _seasons(text: str) -> Seasons | None:
    """[(months, time text)] of a seasonal cell, or None when it is not clearly seasons of whole months."""
    matches = list(_RANGE.finditer(text))
    if text[: matches[0].start()].strip():
        return None
    seasons: Seasons = []
    for i, match in enumerate(matches):
        months = _months(match)
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        clock = text[match.end() : end].strip(" 　、,:：")
        if months is None or not clock or any(months & other for other, _clock in seasons):
            return None
        seasons.append((months, clock))
    return seasons


def seasonal_schedule(weekdays: str | None, start: str | None, end: str | None) -> ParsedSchedule | None:
    """The rules of seasonal 開始時間/終了時間 cells, None when neither names a date range (plain hours)."""
    cells = {"開始時刻": start or "", "終了時刻": end or ""}
    seasonal = {label: text for label, text in cells.items() if _RANGE.search(text)}
    if not seasonal:
        return None
    found = {label: _seasons(text) for label, text in seasonal.items()}
    bad = [label for label, seasons in found.items() if seasons is None]
    start_seasons, end_seasons = found.get("開始時刻"), found.get("終了時刻")
    if not bad and start_seasons and end_seasons:
        if [m for m, _c in start_seasons] != [m for m, _c in end_seasons]:
            bad = ["終了時刻"]
    if bad:
        return ParsedSchedule(errors=tuple(f"{ERROR_BAD_TIME}: {label} {cells[label]} — {EXPECTED}" for label in bad))
    months_list = [m for m, _c in (start_seasons or end_seasons or [])]
    rules: list[RuleSpec] = []
    errors: list[str] = []
    notes: list[str] = []
    for i, months in enumerate(months_list):
        parsed = parse_schedule(
            None,
            weekdays=weekdays,
            start=start_seasons[i][1] if start_seasons else start,
            end=end_seasons[i][1] if end_seasons else end,
        )
        other = ",".join(str(m) for m in range(1, 13) if m not in months) or None
        rules += [replace(rule, except_months=other) for rule in parsed.rules]
        errors += parsed.errors
        notes += [parsed.unparsed] if parsed.unparsed else []
    return ParsedSchedule(tuple(rules), " ".join(dict.fromkeys(notes)) or None, tuple(dict.fromkeys(errors)))
