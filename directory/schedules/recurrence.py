"""Recurrence arithmetic: occurrences of rules in a period, next dates, weekly patterns, overlap."""

from __future__ import annotations

import calendar
import datetime as dt
import heapq
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from directory.schedules.japan import is_holiday_ordinal
from directory.schedules.rules import (
    DAILY,
    LOOKAHEAD_DAYS,
    MONTHLY,
    WEEKLY,
    YEARLY,
    Occurrence,
    OverlapResult,
    Rule,
    Window,
    parse_weekday,
)


@lru_cache(maxsize=4096)
def _month_info(index: int) -> tuple[int, int, int]:
    """(ordinal of the 1st, days in the month, weekday of the 1st) for month index year*12 + month-1."""
    year, month0 = divmod(index, 12)
    first = dt.date(year, month0 + 1, 1).toordinal()
    return first, calendar.monthrange(year, month0 + 1)[1], (first - 1) % 7


@lru_cache(maxsize=8192)
def _month_days(
    byday: tuple[tuple[int, int], ...], monthdays: tuple[int, ...], length: int, first_weekday: int
) -> tuple[int, ...]:
    """Days of a month (1-based, ascending) matching a MONTHLY rule's byday/bymonthday.

    A month's dates depend only on its length and the weekday of its 1st, so there are at most 28 shapes
    per rule: caching on them makes the monthly case a dictionary look-up.
    """
    by_weekday: set[int] = set()
    for ordinal, weekday in byday:
        first = 1 + (weekday - first_weekday) % 7
        if ordinal == 0:
            by_weekday.update(range(first, length + 1, 7))
        elif ordinal > 0:
            day = first + 7 * (ordinal - 1)
            if day <= length:  # 第5水曜 exists in some months only
                by_weekday.add(day)
        else:
            last = first + 7 * ((length - first) // 7)
            day = last + 7 * (ordinal + 1)
            if day >= 1:
                by_weekday.add(day)
    by_monthday = {day if day > 0 else length + day + 1 for day in monthdays}
    by_monthday = {day for day in by_monthday if 1 <= day <= length}  # no 31st in June, no -31 in February
    if byday and monthdays:
        days = by_weekday & by_monthday
    else:
        days = by_weekday or by_monthday
    return tuple(sorted(days))


def _weekly(rule: Rule, lo: int, hi: int) -> Iterator[int]:
    """Ordinals of a WEEKLY rule in [lo, hi]: week by week, skipping off-weeks of an interval."""
    days = rule._weekdays
    if not days:
        return
    step = 7 * rule.interval
    monday = lo - (lo - 1) % 7  # ordinal 1 (0001-01-01) is a Monday
    if rule.interval > 1:
        monday += 7 * (((rule._anchor - monday) // 7) % rule.interval)
    while monday <= hi:
        for weekday in days:
            ordinal = monday + weekday
            if ordinal > hi:
                return
            if ordinal >= lo:
                yield ordinal
        monday += step


def _monthly(rule: Rule, lo: int, hi: int) -> Iterator[int]:
    """Ordinals of a MONTHLY rule in [lo, hi]: month by month through the cached month shapes."""
    start = dt.date.fromordinal(lo)
    index = start.year * 12 + start.month - 1
    if rule.interval > 1:
        index += (rule._anchor - index) % rule.interval
    while True:
        first, length, first_weekday = _month_info(index)
        if first > hi:
            return
        for day in _month_days(rule._byday, rule._monthdays, length, first_weekday):
            ordinal = first + day - 1
            if ordinal > hi:
                return
            if ordinal >= lo:
                yield ordinal
        index += rule.interval


def _daily(rule: Rule, lo: int, hi: int) -> Iterator[int]:
    """Ordinals of a DAILY rule in [lo, hi], every `interval` days from the anchor, restricted by byday/bymonthday."""
    step = rule.interval
    ordinal = lo + (rule._anchor - lo) % step
    weekdays = rule._pattern
    monthdays = rule._monthdays
    while ordinal <= hi:
        if (ordinal - 1) % 7 in weekdays and (not monthdays or _on_monthday(ordinal, monthdays)):
            yield ordinal
        ordinal += step


def _on_monthday(ordinal: int, monthdays: tuple[int, ...]) -> bool:
    """Whether a date is one of `monthdays` (negative = from the end); only DAILY+bymonthday needs it."""
    day = dt.date.fromordinal(ordinal)
    length = calendar.monthrange(day.year, day.month)[1]
    return any(day.day == (wanted if wanted > 0 else length + wanted + 1) for wanted in monthdays)


def _yearly(rule: Rule, lo: int, hi: int) -> Iterator[int]:
    """Ordinals of a YEARLY rule in [lo, hi]: `valid_from`'s month and day every `interval` years."""
    anniversary = rule.valid_from
    if anniversary is None:
        return
    for year in range(dt.date.fromordinal(lo).year, dt.date.fromordinal(hi).year + 1):
        if (year - rule._anchor) % rule.interval:
            continue
        try:
            ordinal = dt.date(year, anniversary.month, anniversary.day).toordinal()
        except ValueError:  # 29 February in a common year: skipped, as RFC 5545 does
            continue
        if lo <= ordinal <= hi:
            yield ordinal


_GENERATORS = {WEEKLY: _weekly, MONTHLY: _monthly, DAILY: _daily, YEARLY: _yearly}


def _excluded(rule: Rule, ordinal: int) -> bool:
    """Whether a date falls in the rule's months off (8月休み) or days off (年末年始, a given date)."""
    day = dt.date.fromordinal(ordinal)
    if day.month in rule._months_off:
        return True
    ranges, dated = rule._days_off
    if ordinal in dated:
        return True
    month_day = day.month * 100 + day.day
    return any(
        (start <= month_day <= end) if start <= end else (month_day >= start or month_day <= end)
        for start, end in ranges
    )


def _with_exceptions(rule: Rule, ordinals: Iterator[int], hi: int) -> Iterator[int]:
    """The generator's dates with the rule's exceptions applied, in order.

    - 祝日は休み (`skip_holidays`): a date on a public holiday is dropped;
    - 祝日の場合は翌日/前日 (`holiday_shift` ±1): it moves to the next/previous day that is not a holiday;
    - months and days off (8月休み, 年末年始 12/29–1/3) are checked on the date actually held.
    A date moved past `hi` is dropped; a date moved before an earlier one keeps the order (sorted per batch).
    """
    last = 0
    for ordinal in ordinals:
        held = ordinal
        if (rule.skip_holidays or rule.holiday_shift) and is_holiday_ordinal(held):
            if rule.skip_holidays or not rule.holiday_shift:
                continue
            while is_holiday_ordinal(held):
                held += rule.holiday_shift
        if held > hi or held <= last or _excluded(rule, held):
            continue
        last = held
        yield held


def _ordinals(rule: Rule, lo: int, hi: int) -> Iterator[int]:
    """Date ordinals of the rule in [lo, hi] ∩ [valid_from, valid_to], ascending; the engine's core.

    Ordinals instead of `date` objects because the overlap loop runs for every matching candidate and
    integer arithmetic is several times cheaper than building dates. A week-unknown rule (月1回・日曜) and
    不定期 have no dates; holidays, months and days off are applied here, so next dates, "open today", the
    map and matching all see the same dates.
    """
    lo = max(lo, rule._first)
    hi = min(hi, rule._last)
    generator = _GENERATORS.get(rule.freq)
    if generator is None or lo > hi or rule.week_unknown:  # IRREGULAR and week-unknown rules have no dates
        return iter(())
    if rule._filtered:
        return _with_exceptions(rule, generator(rule, lo, hi), hi)
    return generator(rule, lo, hi)


def occurrences(rule: Rule, start: dt.date, end: dt.date) -> Iterator[Occurrence]:
    """Every occurrence of `rule` from `start` to `end` inclusive, in date order (nothing for 不定期)."""
    opens_at, closes_at = rule.opens_at, rule.closes_at
    for ordinal in _ordinals(rule, start.toordinal(), end.toordinal()):
        yield Occurrence(dt.date.fromordinal(ordinal), opens_at, closes_at)


def _keyed(rule: Rule, lo: int, hi: int) -> Iterator[tuple[int, int, int, Rule]]:
    """A rule's ordinals as sort keys (date, opening, closing) for merging several rules in order."""
    for ordinal in _ordinals(rule, lo, hi):
        yield ordinal, rule._open_s, rule._close_s, rule


def _merge_key(item: tuple[int, int, int, Rule]) -> tuple[int, int, int]:
    """Sort by date, then opening and closing time (the Rule itself is not orderable)."""
    return item[0], item[1], item[2]


def _distinct(items: Iterable[tuple[int, int, int, Rule]], limit: int) -> list[Occurrence]:
    """The first `limit` occurrences of keyed items, the same date and hours from two rules counted once."""
    seen: set[tuple[int, dt.time | None, dt.time | None]] = set()
    found: list[Occurrence] = []
    for ordinal, _open, _close, rule in items:
        key = (ordinal, rule.opens_at, rule.closes_at)
        if key in seen:
            continue
        seen.add(key)
        found.append(Occurrence(dt.date.fromordinal(ordinal), rule.opens_at, rule.closes_at))
        if len(found) == limit:
            break
    return found


def next_dates(rules: Iterable[Rule], today: dt.date, n: int = 3) -> list[Occurrence]:
    """The next `n` occurrences over all rules of an activity, from `today` (included), for "次回: …".

    Rules are merged lazily in date order, so a daily rule does not expand a whole year for three dates.
    Two rows giving the same date and hours count once; the same date with other hours (午前・午後の部)
    is a separate occurrence. Looks ahead `LOOKAHEAD_DAYS` at most: an activity whose rows have ended
    returns fewer than `n` dates, or none.
    """
    if n <= 0:
        return []
    lo = today.toordinal()
    hi = lo + LOOKAHEAD_DAYS
    return _distinct(heapq.merge(*(_keyed(rule, lo, hi) for rule in rules), key=_merge_key), n)


def is_open_on(
    rules: Iterable[Rule], weekday: int | str, at: dt.time | None = None, *, today: dt.date | None = None
) -> bool:
    """Whether the activity is held on that weekday (and open at `at`), as a weekly pattern question.

    "Open on Wednesdays" means some rule falls on Wednesdays at all: a monthly 第2水曜 rule counts, as does
    隔週; DAILY is open every day; 不定期 and day-of-month rules (毎月15日), whose weekday wanders, never.
    With `at`, opens_at ≤ at < closes_at (the closing minute itself is closed); a rule without hours
    matches any time. With `today`, rules that ended before it are ignored, as the search filter does.
    """
    wanted = parse_weekday(weekday)
    today_ordinal = today.toordinal() if today is not None else None
    for rule in rules:
        if wanted not in rule._pattern:
            continue
        if today_ordinal is not None and rule._last < today_ordinal:
            continue
        if at is None or rule.matches_time(at):
            return True
    return False


def overlap(
    rules: Iterable[Rule],
    windows: Sequence[Window],
    start: dt.date,
    weeks: int = 8,
    *,
    max_listed: int = 3,
) -> OverlapResult:
    """Whether the activity meets the person's weekly availability within `weeks` weeks from `start`.

    An occurrence meets a window when it is on the window's weekday and the hours intersect
    (opens_at < window end and window start < closes_at — touching at 15:00 is not an overlap); an
    occurrence without hours meets any window of its weekday. The period is real dates, not the weekly
    pattern, so a 第2火曜 rule meets a Tuesday window only if a second Tuesday falls in the period and a
    rule that starts after it meets nothing. No windows means nothing to meet (coverage 0): whether an
    empty availability means "any time" is the caller's decision.
    """
    if not windows or weeks <= 0:
        return OverlapResult(False, (), 0.0, ())
    lo = start.toordinal()
    hi = lo + 7 * weeks - 1
    covered = [False] * len(windows)
    hits: list[tuple[int, int, int, Rule]] = []
    spans = [(index, window.weekday, window._start_s, window._end_s) for index, window in enumerate(windows)]
    for rule in rules:
        # Windows this rule can meet at all (hours and weekday), so its dates are walked only when useful.
        by_weekday: dict[int, list[int]] = {}
        pending = 0
        falls_on, open_s, close_s = rule._falls_on, rule._open_s, rule._close_s
        for index, weekday, start_s, end_s in spans:
            if weekday in falls_on and open_s < end_s and start_s < close_s:
                by_weekday.setdefault(weekday, []).append(index)
                pending += not covered[index]
        if not by_weekday:
            continue
        listed = 0
        for ordinal in _ordinals(rule, lo, hi):
            indexes = by_weekday.get((ordinal - 1) % 7)
            if indexes is None:
                continue
            if listed < max_listed:
                hits.append((ordinal, open_s, close_s, rule))
                listed += 1
            for index in indexes:
                if not covered[index]:
                    covered[index] = True
                    pending -= 1
            if pending == 0 and listed >= max_listed:
                break  # nothing more this rule can add
    hits.sort(key=_merge_key)
    listed_occurrences = _distinct(hits, max_listed)
    met = tuple(window for window, is_covered in zip(windows, covered, strict=True) if is_covered)
    return OverlapResult(
        overlaps=bool(met),
        overlapping=tuple(listed_occurrences),
        coverage=len(met) / len(windows),
        covered=met,
    )


def weekday_fit(rules: Iterable[Rule], windows: Sequence[Window]) -> tuple[Window, ...]:
    """The person's windows met by a week-unknown rule's weekday and hours (月1回・日曜 11:00–15:00 and a
    free Sunday 10:00–16:00): a candidate whose dates the group must confirm, not an exclusion.

    Hours intersect as in `overlap` (touching is not an overlap); a rule without hours meets any window of
    its weekday. Rules with dates, and 不定期 without a weekday, meet nothing here.
    """
    met: list[Window] = []
    unknown = [rule for rule in rules if rule.week_unknown and rule._pattern]
    for window in windows:
        for rule in unknown:
            if window.weekday in rule._pattern and rule._open_s < window._end_s and window._start_s < rule._close_s:
                met.append(window)
                break
    return tuple(met)


def needs_confirmation(rules: Sequence[Rule]) -> bool:
    """Whether the activity names no weekday at all (不定期, 月2回, no schedule): 「日程の確認が必要」."""
    return not any(rule.dated or rule._pattern for rule in rules)
