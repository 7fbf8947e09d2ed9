"""Schedule engine: when a recurring activity happens — plain data in, plain data out.

A `Rule` is one RFC 5545-like schedule row (毎週水曜 15:00–19:00, 毎月第2・4水曜日, 毎月15日, 不定期 …).
The engine answers the questions the product asks of schedules:

- `occurrences(rule, start, end)` — the dates in a period (the calendar and the detail page);
- `next_dates(rules, today)` — "next 3 dates" for an activity with several rows;
- `is_open_on(rules, "wed", time(15))` — the search filter's weekly-pattern question;
- `overlap(rules, windows, start)` — the matching engine's hard constraint and schedule-fit score.

Modules: `rules` (the `Rule` rows and the engine's plain result types), `recurrence` (the arithmetic), `japan`
(public holidays), `text` with `tokens` and `exclusions` (Japanese schedule text → rules, used by the importers
and the group forms), `frequency` (the 開催頻度 codes) and `words` (a rule in Japanese words).

It imports only the standard library and `holidays` (Japanese public holidays): no Flask, no SQLAlchemy, no
`tsunagu` (import-linter checks those) and no other package of the application. So the pure matching engine (mypy
--strict), the models and the search pages share one definition of "when". It runs once per candidate of every
matching query, so dates are computed by arithmetic on date ordinals (per week, per month) rather than by walking
day by day, and the byday/bymonthday strings are parsed once per distinct value.

Conventions (documented because results must be stable and explainable):
- weekdays are 0–6 with Monday = 0 (Python's `date.weekday()`), RFC codes "MO".."SU";
- an `interval` > 1 counts from `valid_from` when given (RFC 5545's DTSTART), else from `EPOCH_MONDAY`,
  so 隔週 without a start date gives the same weeks on every machine and every day;
- like RFC 5545, a date that does not exist is skipped, never moved: no 第5水曜 in a month with four
  Wednesdays, no 31st in June, no 29 February outside leap years;
- Japanese exceptions are part of the rule (issue #20): `skip_holidays` (祝日は休み), `holiday_shift`
  (祝日の場合は翌日 +1 / 前日 -1), `except_months` ("8" for 8月はお休み), `except_dates` ("12-29/01-03" =
  `YEAR_END` for 年末年始, "MM-DD", "YYYY-MM-DD"); public holidays come from `holidays.Japan`;
- a *week-unknown* rule (`week_unknown`, e.g. 月1回・日曜: MONTHLY with a plain weekday and `per_month` 1)
  knows its weekday and hours but names no date: `next_dates`/`overlap` give nothing for it, `is_open_on`
  and `weekday_fit` use its weekday, and matching treats it as a candidate to confirm with the group.
"""

from directory.schedules.recurrence import (
    is_open_on,
    needs_confirmation,
    next_dates,
    occurrences,
    overlap,
    weekday_fit,
)
from directory.schedules.rules import (
    BASE_RULE_FIELDS,
    DAILY,
    EPOCH_MONDAY,
    EXCEPTION_FIELDS,
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
    YEAR_END,
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
    "BASE_RULE_FIELDS",
    "DAILY",
    "EPOCH_MONDAY",
    "EXCEPTION_FIELDS",
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
    "YEAR_END",
    "RULE_FIELDS",
    "Occurrence",
    "OverlapResult",
    "Rule",
    "ScheduleLike",
    "Window",
    "is_open_on",
    "needs_confirmation",
    "next_dates",
    "occurrences",
    "overlap",
    "parse_byday",
    "parse_weekday",
    "weekday_fit",
]
