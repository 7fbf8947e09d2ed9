"""Dates, times, weekdays, numbers and yen the way each language writes them."""

from __future__ import annotations

from datetime import date, time

import pytest

from directory.models import CostOption, Frequency
from i18n.formatting import format_clock, format_day, format_yen, weekday_name
from tests.factories import make_service

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("code", "yen", "day", "clock", "weekday"),
    [
        ("ja", "1,500円", "11月25日(水)", "15:00", "水"),
        ("ja_x_easy", "1,500円", "11月25日(水)", "15:00", "水曜日"),
        ("en", "¥1,500", "Wed, Nov 25", "3:00\u202fPM", "Wed"),
        ("pt_BR", "JP¥\xa01.500", "qua., 25 de nov.", "15:00", "qua."),
        ("vi", "1.500\xa0¥", "Th 4, 25 thg 11", "15:00", "Th 4"),
    ],
)
def test_formatters_follow_the_locale(app, code, yen, day, clock, weekday):
    with app.test_request_context(f"/?lang={code}"):
        assert format_yen(1500) == yen
        assert format_day(WEDNESDAY) == day
        assert format_clock(time(15, 0)).replace(" ", "\u202f") == clock
        assert weekday_name(2) == weekday


def _service(db_session):
    service = make_service(
        db_session,
        schedule={"freq": Frequency.WEEKLY, "byday": "WE", "opens_at": time(15), "closes_at": time(19)},
    )
    service.costs = [CostOption(age_band="adult", is_free=False, amount_yen=1200)]
    db_session.flush()
    return service


def test_detail_page_writes_schedule_and_cost_per_language(client, db_session):
    service = _service(db_session)
    japanese = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "毎週 水 15:00–19:00" in japanese
    assert "大人 1,200円" in japanese
    english = client.get(f"/services/{service.id}?lang=en").get_data(as_text=True)
    assert "Every week: Wed, 3:00" in english and "PM–7:00" in english
    assert "Adults: ¥1,200" in english
    portuguese = client.get(f"/services/{service.id}?lang=pt_BR").get_data(as_text=True)
    assert "Toda semana: qua., 15:00–19:00" in portuguese
    assert "Adultos: JP¥\xa01.200" in portuguese


def test_result_count_uses_plural_forms_and_grouped_numbers(client, db_session):
    make_service(db_session, name="ひとつだけの活動XYZ")
    html = client.get("/?q=ひとつだけの活動XYZ&lang=en").get_data(as_text=True)
    assert "1 result" in html and "1 results" not in html
