"""Schedule engine: when a recurring activity happens — plain data in, plain data out.

A `Rule` is one RFC 5545-like schedule row (毎週水曜 15:00–19:00, 毎月第2・4水曜日, 毎月15日, 不定期 …).
The engine answers the questions the product asks of schedules:

- `occurrences(rule, start, end)` — the dates in a period (the calendar and the detail page);
- `next_dates(rules, today)` — "next 3 dates" for an activity with several rows;
- `is_open_on(rules, "wed", time(15))` — the search filter's weekly-pattern question;
- `overlap(rules, windows, start)` — the matching engine's hard constraint and schedule-fit score.

Modules: `rules` (the `Rule` rows and the engine's plain result types), `recurrence` (the arithmetic), and
`text` with `tokens` (Japanese schedule text → rules, used by the importers and the group forms).

It imports only the standard library: no Flask, no SQLAlchemy, no `tsunagu` (import-linter checks those) and
no other package of the application. So the pure matching engine (mypy --strict), the models and the search
pages share one definition of "when". It runs once per candidate of every matching query, so dates are computed
by arithmetic on date ordinals (per week, per month) rather than by walking day by day, and the byday/bymonthday
strings are parsed once per distinct value.

Conventions (documented because results must be stable and explainable):
- weekdays are 0–6 with Monday = 0 (Python's `date.weekday()`), RFC codes "MO".."SU";
- an `interval` > 1 counts from `valid_from` when given (RFC 5545's DTSTART), else from `EPOCH_MONDAY`,
  so 隔週 without a start date gives the same weeks on every machine and every day;
- like RFC 5545, a date that does not exist is skipped, never moved: no 第5水曜 in a month with four
  Wednesdays, no 31st in June, no 29 February outside leap years.
"""

from directory.schedules.recurrence import is_open_on, next_dates, occurrences, overlap
from directory.schedules.rules import (
    DAILY,
    EPOCH_MONDAY,
    FREQUENCIES,
    FRIDAY,
    IRREGULAR,
    JAPANESE_WEEKDAYS,
    LOOKAHEAD_DAYS,
    MONDAY,
    MONTHLY,
    RULE_FIELDS,
    SATURDAY,
    SUNDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    WEEKDAY_CODES,
    WEEKDAY_NAMES,
    WEEKLY,
    YEARLY,
    Occurrence,
    OverlapResult,
    Rule,
    ScheduleLike,
    Window,
    parse_byday,
    parse_weekday,
)

__all__ = [
    "DAILY",
    "EPOCH_MONDAY",
    "FREQUENCIES",
    "FRIDAY",
    "IRREGULAR",
    "JAPANESE_WEEKDAYS",
    "LOOKAHEAD_DAYS",
    "MONDAY",
    "MONTHLY",
    "SATURDAY",
    "SUNDAY",
    "THURSDAY",
    "TUESDAY",
    "WEDNESDAY",
    "WEEKDAY_CODES",
    "WEEKDAY_NAMES",
    "WEEKLY",
    "YEARLY",
    "RULE_FIELDS",
    "Occurrence",
    "OverlapResult",
    "Rule",
    "ScheduleLike",
    "Window",
    "is_open_on",
    "next_dates",
    "occurrences",
    "overlap",
    "parse_byday",
    "parse_weekday",
]
