"""Dated events, multi-day ones included (issue #20: 9/16 13:00 to 9/20 12:00 is not "ends before it starts")."""

from __future__ import annotations

import datetime as dt

from directory.schedules import next_dates
from directory.schedules.events import ERROR_END_DATE_BEFORE_START, event_schedule
from directory.schedules.text import ERROR_END_BEFORE_START


def _held(parsed, start):
    rules = [spec.to_rule() for spec in parsed.rules]
    return [(o.date.isoformat(), o.opens_at, o.closes_at) for o in next_dates(rules, start, 10)]


def test_a_multi_day_exhibition_is_held_every_day_with_the_times_on_its_first_and_last_day():
    parsed = event_schedule(dt.date(2026, 9, 16), dt.date(2026, 9, 20), "13:00", "12:00")
    assert parsed.errors == ()
    assert _held(parsed, dt.date(2026, 9, 1)) == [
        ("2026-09-16", dt.time(13), None),
        ("2026-09-17", None, None),
        ("2026-09-18", None, None),
        ("2026-09-19", None, None),
        ("2026-09-20", None, dt.time(12)),
    ]


def test_a_two_day_event_has_no_middle_rule():
    parsed = event_schedule(dt.date(2026, 9, 19), dt.date(2026, 9, 20), "10:00", "16:00")
    assert [(r.valid_from.day, r.opens_at, r.closes_at) for r in parsed.rules] == [
        (19, dt.time(10), None),
        (20, None, dt.time(16)),
    ]


def test_a_one_day_event_keeps_the_time_check_and_reads_0_to_0_as_no_set_time():
    bad = event_schedule(dt.date(2026, 9, 16), None, "13:00", "12:00")
    assert bad.errors and bad.errors[0].startswith(ERROR_END_BEFORE_START)
    open_all_day = event_schedule(dt.date(2026, 9, 16), dt.date(2026, 9, 16), "0:00", "0:00")
    assert open_all_day.errors == ()
    assert _held(open_all_day, dt.date(2026, 9, 1)) == [("2026-09-16", None, None)]


def test_an_end_date_before_the_start_date_is_an_error():
    parsed = event_schedule(dt.date(2026, 9, 20), dt.date(2026, 9, 16))
    assert parsed.rules == () and parsed.errors[0].startswith(ERROR_END_DATE_BEFORE_START)
