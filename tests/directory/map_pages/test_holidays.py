"""The map's "open today" and next date follow the rule's exceptions: 祝日休み, 年末年始 (issue #20 item 4)."""

from __future__ import annotations

from datetime import date

from directory.map_pages.entries import map_entries
from directory.models import Frequency
from directory.search.params import SearchParams
from tests.factories import make_service

DAILY_CLOSED_ON_HOLIDAYS = {"freq": Frequency.DAILY, "skip_holidays": True, "except_dates": "12-29/01-03"}


def _entry(db_session, today):
    [entry] = map_entries(
        db_session, SearchParams(), today=today, format_date=date.isoformat, detail_url="/services/0"
    ).entries
    return entry


def test_a_public_holiday_is_not_open_today_and_the_next_date_skips_it(db_session):
    make_service(db_session, name="毎日の居場所（祝日休み）", schedule=DAILY_CLOSED_ON_HOLIDAYS)
    holiday = _entry(db_session, date(2027, 1, 11))  # 成人の日
    assert (holiday.open_today, holiday.next_date) == (False, "2027-01-12")
    ordinary = _entry(db_session, date(2027, 1, 12))
    assert (ordinary.open_today, ordinary.next_date) == (True, "2027-01-12")


def test_the_year_end_break_moves_the_next_date_to_january_4(db_session):
    make_service(db_session, name="毎日の居場所（年末年始休み）", schedule=DAILY_CLOSED_ON_HOLIDAYS)
    entry = _entry(db_session, date(2026, 12, 29))
    assert (entry.open_today, entry.next_date) == (False, "2027-01-04")


def test_a_week_unknown_entry_is_on_the_map_without_a_date(db_session):
    monthly_sunday = {"freq": Frequency.MONTHLY, "byday": "SU", "week_unknown": True, "per_month": 1}
    make_service(db_session, name="月1回・日曜の食堂", schedule=monthly_sunday)
    entry = _entry(db_session, date(2027, 1, 10))
    assert (entry.open_today, entry.next_date) == (False, "")


def test_the_weekday_filter_keeps_a_week_unknown_entry_on_its_weekday_only(db_session):
    monthly_sunday = {"freq": Frequency.MONTHLY, "byday": "SU", "week_unknown": True, "per_month": 1}
    make_service(db_session, name="月1回・日曜の食堂", schedule=monthly_sunday)

    def names(day):
        data = map_entries(
            db_session, SearchParams(day=day), today=date(2027, 1, 4), format_date=date.isoformat, detail_url="/s/0"
        )
        return [entry.name for entry in data.entries]

    assert names(6) == ["月1回・日曜の食堂"]
    assert names(5) == []
