"""The Rule's Japanese exceptions in the engine: holidays (holidays.Japan), months and days off, week-unknown."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from directory.schedules import (
    YEAR_END,
    Rule,
    Window,
    is_open_on,
    needs_confirmation,
    next_dates,
    occurrences,
    overlap,
    weekday_fit,
)
from directory.schedules.japan import holiday_name, is_holiday


def _dates(rule, start, end):
    return [o.date.isoformat() for o in occurrences(rule, dt.date.fromisoformat(start), dt.date.fromisoformat(end))]


def test_holidays_come_from_the_holidays_library_with_substitute_days():
    assert holiday_name(dt.date(2027, 1, 11)) == "成人の日"
    assert is_holiday(dt.date(2027, 3, 22))  # 振替休日 for 春分の日 on a Sunday
    assert not is_holiday(dt.date(2027, 1, 12))


def test_skip_holidays_drops_the_date_and_holiday_shift_moves_it():
    mondays = Rule("WEEKLY", byday="MO")
    assert _dates(mondays, "2027-01-04", "2027-01-18") == ["2027-01-04", "2027-01-11", "2027-01-18"]
    assert _dates(Rule("WEEKLY", byday="MO", skip_holidays=True), "2027-01-04", "2027-01-18") == [
        "2027-01-04",
        "2027-01-18",
    ]
    assert _dates(Rule("WEEKLY", byday="MO", holiday_shift=1), "2027-01-04", "2027-01-18") == [
        "2027-01-04",
        "2027-01-12",
        "2027-01-18",
    ]
    # 祝日の場合は前日: Golden Week 2027-05-03..05 (Mon–Wed) moves a Tuesday to Sunday 05-02
    assert _dates(Rule("WEEKLY", byday="TU", holiday_shift=-1), "2027-04-27", "2027-05-11") == [
        "2027-04-27",
        "2027-05-02",
        "2027-05-11",
    ]


def test_months_and_days_off():
    august_off = Rule("MONTHLY", byday="1SA", except_months="8")
    assert _dates(august_off, "2027-07-01", "2027-09-30") == ["2027-07-03", "2027-09-04"]
    year_end = Rule("DAILY", except_dates=YEAR_END)
    assert _dates(year_end, "2027-12-27", "2028-01-05") == ["2027-12-27", "2027-12-28", "2028-01-04", "2028-01-05"]
    one_day = Rule("WEEKLY", byday="WE", except_dates="2027-01-13,08-11")
    assert _dates(one_day, "2027-01-06", "2027-01-20") == ["2027-01-06", "2027-01-20"]
    assert _dates(one_day, "2027-08-04", "2027-08-18") == ["2027-08-04", "2027-08-18"]


@pytest.mark.parametrize(
    "fields",
    [
        {"except_months": "13"},
        {"except_dates": "12/29"},
        {"except_dates": "12-29/01-03/02-01"},
        {"holiday_shift": 2},
        {"per_month": 0},
    ],
)
def test_bad_exception_values_are_refused(fields):
    with pytest.raises(ValueError):
        Rule("WEEKLY", byday="MO", **fields)


def test_a_week_unknown_rule_has_no_dates_but_its_weekday_and_hours():
    rule = Rule("MONTHLY", byday="SU", opens_at=dt.time(11), closes_at=dt.time(15), week_unknown=True, per_month=1)
    assert next_dates([rule], dt.date(2027, 1, 1), 3) == []
    assert is_open_on([rule], "sun", dt.time(12)) and not is_open_on([rule], "sat")
    sunday = Window(6, dt.time(10), dt.time(16))
    evening = Window(6, dt.time(17), dt.time(20))
    assert overlap([rule], [sunday], dt.date(2027, 1, 1)).overlaps is False  # no dates are claimed
    assert weekday_fit([rule], [sunday, evening]) == (sunday,)
    assert not needs_confirmation([rule])
    assert needs_confirmation([Rule("IRREGULAR")]) and needs_confirmation([])


def test_from_row_reads_the_map_strings_and_sources_without_the_fields():
    row = SimpleNamespace(
        freq="MONTHLY",
        interval=None,
        byday="SU",
        bymonthday=None,
        opens_at=None,
        closes_at=None,
        valid_from=None,
        valid_to=None,
        week_unknown="true",
        per_month="1",
        skip_holidays="0",
        holiday_shift="-1",
        except_months="",
        except_dates="",
    )
    rule = Rule.from_row(row)
    assert (rule.week_unknown, rule.per_month, rule.skip_holidays, rule.holiday_shift) == (True, 1, False, -1)
    assert (rule.except_months, rule.except_dates) == (None, None)
    hsds = SimpleNamespace(**{k: v for k, v in vars(row).items() if k in ("freq", "byday")}, interval=1)
    for name in ("bymonthday", "opens_at", "closes_at", "valid_from", "valid_to"):
        setattr(hsds, name, None)
    assert Rule.from_row(hsds).week_unknown is False
