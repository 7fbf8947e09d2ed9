"""Dates, times, weekdays, numbers and yen the way each language writes them."""

from __future__ import annotations

from datetime import date, time

import pytest
from babel.dates import get_day_names, get_month_names

from directory.models import CostOption, Frequency
from i18n.formatting import format_clock, format_day, format_yen, weekday_name
from tests.factories import make_service

WEDNESDAY = date(2026, 11, 25)


def _names(cldr_locale: str) -> dict[str, str]:
    """Wednesday and November as the reader's CLDR data spells them, to fill into the expected texts below.

    The spelling changes between CLDR releases (Vietnamese wrote "Th 4" before Babel 2.19's "Thứ 4"); what the test
    holds fixed is that the reader sees Wednesday and November in their own language, with the day number, the
    order and the punctuation their locale uses.
    """
    return {
        "wed": get_day_names("abbreviated", locale=cldr_locale)[2],
        "wednesday": get_day_names("wide", locale=cldr_locale)[2],
        "nov": get_month_names("abbreviated", locale=cldr_locale)[11],
    }


# names: the CLDR locale whose weekday and month names the reader sees (やさしい日本語 reads Japanese ones)
@pytest.mark.parametrize(
    ("code", "names", "yen", "day", "clock", "weekday"),
    [
        ("ja", "ja", "1,500円", "11月25日({wed})", "15:00", "{wed}"),
        ("ja_x_easy", "ja", "1,500円", "11月25日({wed})", "15:00", "{wednesday}"),
        ("en", "en", "¥1,500", "{wed}, {nov} 25", "3:00\u202fPM", "{wed}"),
        ("pt_BR", "pt_BR", "JP¥\xa01.500", "{wed}, 25 de {nov}", "15:00", "{wed}"),
        ("vi", "vi", "1.500\xa0¥", "{wed}, 25 {nov}", "15:00", "{wed}"),
    ],
)
def test_formatters_follow_the_locale(app, code, names, yen, day, clock, weekday):
    spelled = _names(names)
    with app.test_request_context(f"/?lang={code}"):
        assert format_yen(1500) == yen
        assert format_day(WEDNESDAY) == day.format(**spelled)
        assert format_clock(time(15, 0)).replace(" ", "\u202f") == clock
        assert weekday_name(2) == weekday.format(**spelled)


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
