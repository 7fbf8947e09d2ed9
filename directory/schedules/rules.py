"""Schedule rules: parsing RFC 5545-like rows into `Rule`, and the plain result types of the engine."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

WEEKDAY_CODES: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
"""RFC 5545 weekday codes, index = weekday (Monday = 0)."""
WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""The `day=` values of the search page and the match profile, index = weekday."""
JAPANESE_WEEKDAYS = "月火水木金土日"
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)

DAILY = "DAILY"
WEEKLY = "WEEKLY"
MONTHLY = "MONTHLY"
YEARLY = "YEARLY"
IRREGULAR = "IRREGULAR"
"""不定期: no rule; it never yields a date and is never "open"."""
FREQUENCIES = frozenset({DAILY, WEEKLY, MONTHLY, YEARLY, IRREGULAR})

EPOCH_MONDAY = dt.date(2024, 1, 1)
"""Anchor of intervals for rules without `valid_from` (a Monday, the first day of a month and a year)."""
LOOKAHEAD_DAYS = 366
"""How far `next_dates` looks: a year and a day, so a YEARLY rule always shows its next date."""

_DAY_SECONDS = 86_400
_ALL_WEEKDAYS = frozenset(range(7))
_ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday_spellings() -> dict[str, int]:
    """Every accepted spelling of a weekday, lower-cased → 0–6 (built once at import)."""
    spellings: dict[str, int] = {}
    for index in range(7):
        ja = JAPANESE_WEEKDAYS[index]
        for spelling in (
            WEEKDAY_NAMES[index],
            WEEKDAY_CODES[index],
            _ENGLISH_WEEKDAYS[index],
            ja,
            ja + "曜",
            ja + "曜日",
        ):
            spellings[spelling.lower()] = index
    return spellings


_WEEKDAY_SPELLINGS = _weekday_spellings()


def parse_weekday(value: int | str) -> int:
    """A weekday as 0–6 (Monday = 0) from 0–6, "wed"/"Wednesday", RFC "WE" or 水/水曜/水曜日.

    Digit strings are refused on purpose: "3" is Wednesday in ISO numbering and Thursday in Python's, and
    a silent guess would shift a person's availability by a day.
    """
    if isinstance(value, bool):  # bool is an int subclass; True is not a weekday
        raise ValueError(f"not a weekday: {value!r}")
    if isinstance(value, int):
        if 0 <= value <= 6:
            return value
        raise ValueError(f"weekday must be 0–6 (Monday = 0), got {value}")
    found = _WEEKDAY_SPELLINGS.get(value.strip().lower())
    if found is None:
        raise ValueError(f"not a weekday: {value!r} (use 0–6, mon–sun, MO–SU or 月–日)")
    return found


@lru_cache(maxsize=1024)
def parse_byday(text: str | None) -> tuple[tuple[int, int], ...]:
    """ "2WE,-1SU" → ((2, 2), (-1, 6)): (ordinal or 0 for "every", weekday); cached per distinct string."""
    if not text:
        return ()
    parsed: list[tuple[int, int]] = []
    for raw in text.split(","):
        token = raw.strip().upper()
        if not token:
            continue
        code, number = token[-2:], token[:-2]
        if code not in WEEKDAY_CODES:
            raise ValueError(f"unknown weekday {raw!r} in byday {text!r}")
        ordinal = 0
        if number:
            try:
                ordinal = int(number)
            except ValueError:
                raise ValueError(f"bad ordinal {raw!r} in byday {text!r}") from None
            # A month has at most five of any weekday; 0 would mean nothing.
            if not 1 <= abs(ordinal) <= 5:
                raise ValueError(f"ordinal must be 1–5 or -1–-5, got {raw!r} in byday {text!r}")
        parsed.append((ordinal, WEEKDAY_CODES.index(code)))
    return tuple(dict.fromkeys(parsed))


@lru_cache(maxsize=1024)
def _parse_monthdays(text: str | None) -> tuple[int, ...]:
    """ "1,15,-1" → (1, 15, -1); negative days count from the end of the month; cached per string."""
    if not text:
        return ()
    days: list[int] = []
    for raw in text.split(","):
        token = raw.strip()
        if not token:
            continue
        try:
            day = int(token)
        except ValueError:
            raise ValueError(f"bad day {raw!r} in bymonthday {text!r}") from None
        if not 1 <= abs(day) <= 31:
            raise ValueError(f"day must be 1–31 or -1–-31, got {raw!r} in bymonthday {text!r}")
        days.append(day)
    return tuple(dict.fromkeys(days))


def _seconds(value: dt.time) -> int:
    """Seconds since midnight: integer comparisons are faster than `time` ones in the hot loops."""
    return value.hour * 3600 + value.minute * 60 + value.second


_DERIVED_FIELDS = ("freq", "_byday", "_weekdays", "_monthdays", "_pattern", "_falls_on", "_anchor")
YEAR_END = "12-29/01-03"
"""年末年始 as an `except_dates` item: 29 December to 3 January (the public offices' closing days)."""
OBON = "08-13/08-16"
"""お盆 as an `except_dates` item: 13–16 August, the usual closing days (they vary by region)."""
_MONTH_DAY = re.compile(r"^(?:(?P<year>\d{4})-)?(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_MAX_ORDINAL = dt.date.max.toordinal()


@lru_cache(maxsize=4096)
def _derive(
    freq_value: str,
    interval: int,
    byday_text: str | None,
    bymonthday_text: str | None,
    valid_from: dt.date | None,
    week_unknown: bool = False,
) -> tuple[str, tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...], frozenset[int], frozenset[int], int]:
    """The parsed parts of a rule, in `_DERIVED_FIELDS` order; cached because real rows repeat a few patterns.

    A matching query builds a Rule per schedule row of every candidate; most rows are "WE" or "2WE,4WE"
    without a start date, so caching makes building a Rule about as cheap as the dataclass itself.
    """
    freq = str(getattr(freq_value, "value", freq_value)).strip().upper()
    if freq not in FREQUENCIES:
        raise ValueError(f"unknown freq {freq_value!r}; expected one of {sorted(FREQUENCIES)}")
    if interval < 1:
        raise ValueError(f"interval must be ≥ 1, got {interval}")
    byday = parse_byday(byday_text)
    monthdays = _parse_monthdays(bymonthday_text)
    start = valid_from or EPOCH_MONDAY
    if freq in (DAILY, WEEKLY):
        byday = tuple(dict.fromkeys((0, weekday) for _ordinal, weekday in byday))
    if freq == WEEKLY and not byday and valid_from is not None:
        byday = ((0, valid_from.weekday()),)
    if freq == MONTHLY and not byday and not monthdays and valid_from is not None:
        monthdays = (valid_from.day,)
    weekdays = tuple(sorted({weekday for _ordinal, weekday in byday}))

    pattern: frozenset[int]
    if freq == DAILY:
        pattern = frozenset(weekdays) if weekdays else _ALL_WEEKDAYS
        if interval % 7 == 0:  # every 7th/14th… day keeps the anchor's weekday
            pattern &= {start.weekday()}
    elif freq in (WEEKLY, MONTHLY) or (week_unknown and freq == IRREGULAR):
        # A 毎月15日 rule wanders over the weekdays, so it is open on no weekday *as a weekly pattern*;
        # a week-unknown rule (月1回・日曜, 不定期・土曜) is held on its weekdays, dates unknown.
        pattern = frozenset(weekdays)
    else:
        pattern = frozenset()
    # Weekdays a date can fall on at all: lets `overlap` skip rules that cannot meet a window.
    wanders = freq == YEARLY or (freq == MONTHLY and not byday and not week_unknown)
    falls_on = _ALL_WEEKDAYS if wanders else pattern

    if freq == WEEKLY:
        anchor = start.toordinal() - start.weekday()  # Monday of the anchor week (RFC WKST=MO)
    elif freq == MONTHLY:
        anchor = start.year * 12 + start.month - 1
    elif freq == YEARLY:
        anchor = start.year
    else:
        anchor = start.toordinal()
    return freq, byday, weekdays, monthdays, pattern, falls_on, anchor


class ScheduleLike(Protocol):
    """Anything with a schedule row's attributes, e.g. `directory.models.Schedule` (not imported here)."""

    @property
    def freq(self) -> str: ...
    @property
    def interval(self) -> int | None: ...
    @property
    def byday(self) -> str | None: ...
    @property
    def bymonthday(self) -> str | None: ...
    @property
    def opens_at(self) -> dt.time | None: ...
    @property
    def closes_at(self) -> dt.time | None: ...
    @property
    def valid_from(self) -> dt.date | None: ...
    @property
    def valid_to(self) -> dt.date | None: ...


BASE_RULE_FIELDS = ("interval", "byday", "bymonthday", "opens_at", "closes_at", "valid_from", "valid_to")
"""The RFC 5545-like fields besides `freq`: what schedule rows, parsed texts and HSDS schedules all carry."""
EXCEPTION_FIELDS = ("week_unknown", "per_month", "skip_holidays", "holiday_shift", "except_months", "except_dates")
"""What Japanese schedules add (issue #20): week unknown (月1回・日曜), 祝日休み, 祝日の場合は翌日, 8月休み,
年末年始."""
RULE_FIELDS = (*BASE_RULE_FIELDS, *EXCEPTION_FIELDS)
"""Every field of a rule besides `freq` (schedule rows and parsed texts carry all; other sources may lack the
exception fields, which then keep their defaults)."""


def _flag(value: object) -> bool:
    """A boolean from a row: bool, 0/1, or the text a database gives for a cast boolean ("true", "1", "t")."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "t", "yes")
    return bool(value)


def _number(value: object) -> int:
    """An int from a row value that may be None, "" or text (map strings)."""
    if value is None or value == "":
        return 0
    return int(str(value)) if not isinstance(value, int) else value


@lru_cache(maxsize=1024)
def parse_except_months(text: str | None) -> frozenset[int]:
    """ "8" / "8,12" → {8, 12}: months in which the rule is not held (「8月はお休み」)."""
    if not text:
        return frozenset()
    months = set()
    for raw in text.split(","):
        if not raw.strip():
            continue
        month = int(raw)
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1–12, got {raw!r} in except_months {text!r}")
        months.add(month)
    return frozenset(months)


@lru_cache(maxsize=1024)
def parse_except_dates(text: str | None) -> tuple[tuple[tuple[int, int], ...], frozenset[int]]:
    """ "12-29/01-03,2026-05-05,08-13/08-16" → (yearly month-day ranges as (MMDD, MMDD), dated ordinals).

    A yearly range may wrap the new year (年末年始 12-29/01-03); a dated item (YYYY-MM-DD) is one day.
    """
    ranges: list[tuple[int, int]] = []
    dated: set[int] = set()
    for raw in (text or "").split(","):
        item = raw.strip()
        if not item:
            continue
        bounds: list[int] = []
        for part in item.split("/"):
            match = _MONTH_DAY.match(part.strip())
            if match is None:
                raise ValueError(f"bad date {part!r} in except_dates {text!r} (use MM-DD, MM-DD/MM-DD or YYYY-MM-DD)")
            month, day = int(match.group("month")), int(match.group("day"))
            if match.group("year"):
                dated.add(dt.date(int(match.group("year")), month, day).toordinal())
                bounds = []
                break
            if not (1 <= month <= 12 and 1 <= day <= 31):
                raise ValueError(f"bad month-day {part!r} in except_dates {text!r}")
            bounds.append(month * 100 + day)
        if len(bounds) == 1:
            ranges.append((bounds[0], bounds[0]))
        elif len(bounds) == 2:
            ranges.append((bounds[0], bounds[1]))
        elif len(bounds) > 2:
            raise ValueError(f"a range has two ends: {item!r} in except_dates {text!r}")
    return tuple(ranges), frozenset(dated)


@dataclass(frozen=True, slots=True)
class RuleFields:
    """A rule's fields as given (`freq` and `RULE_FIELDS`): shared by `Rule` and the parser's `RuleSpec`."""

    freq: str
    interval: int = 1
    byday: str | None = None
    bymonthday: str | None = None
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    week_unknown: bool = False
    per_month: int | None = None
    skip_holidays: bool = False
    holiday_shift: int = 0
    except_months: str | None = None
    except_dates: str | None = None


@dataclass(frozen=True, slots=True)
class Rule(RuleFields):
    """One recurrence rule (a schedule row as plain data), validated and parsed once at construction.

    RFC 5545 semantics, with `valid_from` in the role of DTSTART:
    - WEEKLY without `byday` falls on `valid_from`'s weekday; MONTHLY without `byday`/`bymonthday` on its
      day of month; YEARLY on its month and day (a YEARLY rule without `valid_from` has no dates);
    - ordinals in `byday` ("2WE", "-1SU") count within the month for MONTHLY; with DAILY/WEEKLY, where RFC
      5545 forbids them, the ordinal is ignored and the weekday kept;
    - MONTHLY with both `byday` and `bymonthday` means dates matching both (金曜日の13日), as in RFC 5545;
    - `byday`/`bymonthday` with DAILY restrict the days; YEARLY ignores them.
    Raises ValueError for an unknown freq, interval < 1, unparseable byday/bymonthday, or closes ≤ opens.
    """

    # Derived once here so the per-candidate loops only do integer arithmetic.
    _byday: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)
    _weekdays: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _monthdays: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _pattern: frozenset[int] = field(init=False, repr=False, compare=False)
    _falls_on: frozenset[int] = field(init=False, repr=False, compare=False)
    _anchor: int = field(init=False, repr=False, compare=False)
    _first: int = field(init=False, repr=False, compare=False)
    _last: int = field(init=False, repr=False, compare=False)
    _open_s: int = field(init=False, repr=False, compare=False)
    _close_s: int = field(init=False, repr=False, compare=False)
    _months_off: frozenset[int] = field(init=False, repr=False, compare=False)
    _days_off: tuple[tuple[tuple[int, int], ...], frozenset[int]] = field(init=False, repr=False, compare=False)
    _filtered: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Validate, normalise freq (a StrEnum becomes its plain value) and precompute the parsed parts."""
        if self.opens_at is not None and self.closes_at is not None and self.closes_at <= self.opens_at:
            raise ValueError(f"closes_at {self.closes_at} must be after opens_at {self.opens_at}")
        if self.holiday_shift not in (-1, 0, 1):
            raise ValueError(f"holiday_shift must be -1 (前日), 0 or 1 (翌日), got {self.holiday_shift}")
        if self.per_month is not None and self.per_month < 1:
            raise ValueError(f"per_month must be ≥ 1, got {self.per_month}")
        derived = _derive(self.freq, self.interval, self.byday, self.bymonthday, self.valid_from, self.week_unknown)
        setattr_ = object.__setattr__  # frozen dataclass: the documented way to set fields in __post_init__
        for name, value in zip(_DERIVED_FIELDS, derived, strict=True):
            setattr_(self, name, value)
        setattr_(self, "_first", self.valid_from.toordinal() if self.valid_from is not None else 1)
        setattr_(self, "_last", self.valid_to.toordinal() if self.valid_to is not None else _MAX_ORDINAL)
        setattr_(self, "_open_s", _seconds(self.opens_at) if self.opens_at is not None else 0)
        setattr_(self, "_close_s", _seconds(self.closes_at) if self.closes_at is not None else _DAY_SECONDS)
        setattr_(self, "_months_off", parse_except_months(self.except_months))
        setattr_(self, "_days_off", parse_except_dates(self.except_dates))
        filtered = bool(self.skip_holidays or self.holiday_shift or self._months_off or any(self._days_off))
        setattr_(self, "_filtered", filtered)

    @classmethod
    def from_row(cls, row: ScheduleLike) -> Rule:
        """A Rule from any object with a schedule row's attributes (the SQLAlchemy `Schedule`, a namedtuple…).

        `freq` may be the `Frequency` StrEnum or a plain string; a missing interval (an unflushed row whose
        column default has not been applied yet) means 1. The exception fields may be missing (an HSDS
        schedule) or text (the map's one-string rows: "true", "0", "").
        """
        per_month = _number(getattr(row, "per_month", None))
        return cls(
            freq=str(getattr(row.freq, "value", row.freq)),
            interval=row.interval or 1,
            byday=row.byday or None,
            bymonthday=row.bymonthday or None,
            opens_at=row.opens_at,
            closes_at=row.closes_at,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            week_unknown=_flag(getattr(row, "week_unknown", False)),
            per_month=per_month or None,
            skip_holidays=_flag(getattr(row, "skip_holidays", False)),
            holiday_shift=_number(getattr(row, "holiday_shift", 0)),
            except_months=getattr(row, "except_months", None) or None,
            except_dates=getattr(row, "except_dates", None) or None,
        )

    @property
    def dated(self) -> bool:
        """Whether the rule names dates: not 不定期 and not week-unknown (月1回・日曜)."""
        return self.freq != IRREGULAR and not self.week_unknown

    @property
    def weekdays(self) -> frozenset[int]:
        """Weekdays on which the rule counts as open in the weekly pattern sense (see `is_open_on`)."""
        return self._pattern

    def matches_time(self, at: dt.time) -> bool:
        """Whether `at` is within opening hours: opens_at ≤ at < closes_at; a missing bound is no bound."""
        at_s = _seconds(at)
        return self._open_s <= at_s < self._close_s


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One date on which an activity takes place, with its hours (None when the row gives none)."""

    date: dt.date
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None

    @property
    def weekday(self) -> int:
        """0–6, Monday = 0."""
        return self.date.weekday()


@dataclass(frozen=True, slots=True)
class Window:
    """A weekly time a person is available, e.g. Tuesday 10:00–15:00 (`start` < `end`, same day).

    `weekday` is 0–6 with Monday = 0; spellings such as "tue" are accepted and normalised by `parse_weekday`.
    """

    weekday: int
    start: dt.time
    end: dt.time
    _start_s: int = field(init=False, repr=False, compare=False)
    _end_s: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Validate and keep the bounds as seconds for the overlap loop."""
        object.__setattr__(self, "weekday", parse_weekday(self.weekday))
        if self.end <= self.start:
            raise ValueError(f"window end {self.end} must be after start {self.start}")
        object.__setattr__(self, "_start_s", _seconds(self.start))
        object.__setattr__(self, "_end_s", _seconds(self.end))


@dataclass(frozen=True, slots=True)
class OverlapResult:
    """Whether an activity fits a person's availability, with what a coordinator needs to explain it.

    - `overlaps`: at least one occurrence in the period meets a window in time;
    - `overlapping`: the first such occurrences, by date (at most `max_listed`);
    - `coverage`: share of the person's windows met by at least one occurrence in the period (0–1), e.g.
      free Tue and Thu, activity on Tuesdays only → 0.5;
    - `covered`: those windows, in the order given.
    """

    overlaps: bool
    overlapping: tuple[Occurrence, ...]
    coverage: float
    covered: tuple[Window, ...]
