"""Issue #21 item 1 on the real Tokyo 子ども食堂 data: monthly weekend entries are found, none breaks a constraint.

A 10-year-old living by 練馬区役所, free on Saturdays and Sundays 10:00–17:00, ≤ 4 km, ≤ ¥100: most entries
around carry 開催頻度 code 5 (月1回) with a weekday, so before week-unknown rules the engine suggested nothing.
Now the monthly weekend entries within reach are suggested with 「日程は団体に確認」, and every suggestion is
checked independently against the stored schedule rows, costs and distance.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from sqlalchemy import select

from directory.imports.run import run_import
from directory.models import CostOption, Schedule
from matching.engine import parse_profile
from matching.suggestions.queries import run_match
from matching.suggestions.reasons import suggestion_json
from tests.paths import KODOMO_SHOKUDO

MERGED = KODOMO_SHOKUDO / "tokyo-merged-geocoded.csv"
TODAY = dt.date(2027, 1, 4)
HOME = (35.7356, 139.6517)  # 練馬区役所
WINDOWS = {"SA": (dt.time(10), dt.time(17)), "SU": (dt.time(10), dt.time(17))}
PROFILE = {
    "age": 10,
    "home": {"lat": HOME[0], "lon": HOME[1]},
    "max_distance_km": 4,
    "max_cost_yen": 100,
    "available": [{"day": day, "start": "10:00", "end": "17:00"} for day in ("sat", "sun")],
}
MONTHLY_WEEKEND = {"まるてる子ども食堂", "ぼっとう&よはくこどもとおとな食堂", "みんなン家"}


def _km(lat: float, lon: float) -> float:
    p1, p2 = math.radians(HOME[0]), math.radians(lat)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon - HOME[1]) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _violations(session, suggestion) -> list[str]:
    """Independent of the engine: a weekend row whose hours meet 10–17, a free or ≤ ¥100 小学生 price, ≤ 4 km."""
    found = []
    rows = session.scalars(select(Schedule).where(Schedule.service_id == suggestion.service_id)).all()
    meets = any(
        code in (row.byday or "")
        and (row.opens_at is None or row.opens_at < end)
        and (row.closes_at is None or start < row.closes_at)
        for row in rows
        for code, (start, end) in WINDOWS.items()
    ) or any(str(row.freq) == "DAILY" for row in rows)
    if not meets:
        found.append("schedule")
    costs = session.scalars(select(CostOption).where(CostOption.service_id == suggestion.service_id)).all()
    own = [c for c in costs if str(c.age_band) == "elementary"] or costs
    if not own or any(not c.is_free and (c.amount_yen is None or c.amount_yen > 100) for c in own):
        found.append("cost")
    if suggestion.distance_km > 4.0 + 1e-6:
        found.append("distance")
    return found


@pytest.fixture
def tokyo(db_session):
    summary = run_import(db_session, "kodomo-shokudo", [MERGED], skip_invalid=True)
    assert summary.created > 500
    return db_session


@pytest.mark.parametrize("explain", [True, False])
def test_a_child_in_nerima_free_on_weekends_gets_the_monthly_weekend_entries(tokyo, explain):
    result = run_match(tokyo, parse_profile(PROFILE), today=TODAY, limit=10, explain=explain)
    names = {s.name for s in result.suggestions}
    assert MONTHLY_WEEKEND <= names
    for suggestion in result.suggestions:
        assert _violations(tokyo, suggestion) == [], suggestion.name
        data = suggestion_json(suggestion)
        if suggestion.name in MONTHLY_WEEKEND:
            assert data["next_dates"] == []
            assert data["uncertain"] and "団体に確認" in data["uncertain"][0]
            assert "日程は団体に確認" in data["reasons"][0]
        assert len(data["next_dates"]) <= 3


def test_dated_suggestions_carry_their_next_dates(tokyo):
    result = run_match(tokyo, parse_profile(PROFILE), today=TODAY, limit=10, explain=True)
    dated = [s for s in result.suggestions if s.next_dates]
    assert dated, "the weekly entry by the ward office (感動こども食堂ときわ亭練馬店) has dates"
    for suggestion in dated:
        data = suggestion_json(suggestion)
        assert data["uncertain"] == []
        assert data["next_dates"] == sorted(data["next_dates"])
        days = [dt.date.fromisoformat(day) for day in data["next_dates"]]
        assert all(day >= TODAY and day.weekday() in (5, 6) for day in days)  # dates the child can come
