"""Seasonal hours in 公共施設 開始時間/終了時間 (directory.formats.seasons, issue #20)."""

from __future__ import annotations

import datetime as dt

import pytest

from directory.formats.seasons import seasonal_schedule
from directory.schedules import occurrences

EVERY_DAY = "月火水木金土日"


def test_whole_month_seasons_give_a_rule_each_open_only_in_its_months():
    parsed = seasonal_schedule(EVERY_DAY, "4/1～10/31 9:00 11/1～3/31 10:00", "4/1～10/31 21:00 11/1～3/31 17:00")
    assert parsed is not None and parsed.errors == ()
    summer, winter = (rule.to_rule() for rule in parsed.rules)
    assert (summer.opens_at, summer.closes_at, winter.opens_at, winter.closes_at) == (
        dt.time(9),
        dt.time(21),
        dt.time(10),
        dt.time(17),
    )
    year = (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert {o.date.month for o in occurrences(summer, *year)} == set(range(4, 11))
    assert {o.date.month for o in occurrences(winter, *year)} == {1, 2, 3, 11, 12}


def test_plain_hours_are_not_seasonal():
    assert seasonal_schedule(EVERY_DAY, "9:00", "17:00") is None


@pytest.mark.parametrize(
    ("start", "end", "column"),
    [
        ("4/1～10/15 6:00", "18:00", "開始時刻"),  # not whole months
        ("6:00（4/1～10/31）", "18:00", "開始時刻"),  # the date after the time
        ("4/1～10/31 6:00 11/1～3/31 8:30", "4/1～9/30 18:00 10/1～3/31 17:00", "終了時刻"),  # other seasons
    ],
)
def test_an_unclear_season_is_a_row_error_that_says_what_is_expected(start, end, column):
    parsed = seasonal_schedule(EVERY_DAY, start, end)
    assert parsed is not None and parsed.rules == ()
    [error] = parsed.errors
    assert column in error and "4/1～10/31 6:00 11/1～3/31 8:30" in error and "whole months" in error
