"""Week-unknown schedules are candidates, not exclusions (issue #21 item 1), and suggestions say what to confirm.

A 子ども食堂 that meets 月1回・日曜 11:00–15:00 fits a person free on Sundays 10:00–16:00: it is suggested with a
lower schedule score and 「日程は団体に確認」; it is excluded only when its known weekday or hours conflict. An entry
that names no weekday at all is listed apart as 「日程の確認が必要」, never dropped without a word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from directory.schedules import Rule
from matching.engine import Candidate, Cost, match, parse_profile

TODAY = dt.date(2027, 1, 4)  # a Monday; 2027-01-11 is 成人の日
HOME = {"lat": 35.74, "lon": 139.65}
MONTHLY_SUNDAY = Rule(
    "MONTHLY", byday="SU", opens_at=dt.time(11), closes_at=dt.time(15), week_unknown=True, per_month=1
)
EVERY_SUNDAY = Rule("WEEKLY", byday="SU", opens_at=dt.time(11), closes_at=dt.time(15))


def child_free_on_weekends():
    return parse_profile(
        {
            "age": 10,
            "home": HOME,
            "max_distance_km": 4,
            "max_cost_yen": 100,
            "available": [
                {"day": "sat", "start": "09:00", "end": "18:00"},
                {"day": "sun", "start": "09:00", "end": "18:00"},
            ],
        }
    )


def entry(service_id, *rules, **overrides):
    base = Candidate(
        service_id=service_id,
        name=f"こども食堂{service_id}",
        organization_id=service_id,
        lat=35.745,
        lon=139.655,
        kinds=("kodomo_shokudo",),
        text="こども食堂",
        rules=rules,
        costs=(Cost("elementary", None, True),),
        verified_at=TODAY,
    )
    return replace(base, **overrides)


def test_a_monthly_sunday_entry_is_suggested_with_its_uncertainty_in_words():
    result = match(child_free_on_weekends(), [entry(1, MONTHLY_SUNDAY)], TODAY)
    assert [s.service_id for s in result.suggestions] == [1]
    suggestion = result.suggestions[0]
    assert suggestion.next_dates == ()  # no date is claimed
    assert suggestion.reasons[0].code == "held_uncertain"
    assert suggestion.reasons[0].params["schedule"] == "月1回・日曜日 11:00～15:00（日程は団体に確認）"
    assert [r.code for r in suggestion.uncertain] == ["confirm_dates"]
    assert result.excluded["schedule"] == 0


def test_known_dates_score_higher_than_a_week_unknown_fit():
    result = match(child_free_on_weekends(), [entry(1, MONTHLY_SUNDAY), entry(2, EVERY_SUNDAY)], TODAY)
    parts = {s.service_id: s.parts["schedule"] for s in result.suggestions}
    assert parts[2] > parts[1] > 0
    assert result.suggestions[0].uncertain == () or result.suggestions[0].service_id == 1
    dated = next(s for s in result.suggestions if s.service_id == 2)
    assert [o.date.isoformat() for o in dated.next_dates] == ["2027-01-10", "2027-01-17", "2027-01-24"]
    assert dated.uncertain == ()


def test_a_week_unknown_entry_on_another_weekday_or_at_other_hours_is_excluded():
    weekday = Rule("MONTHLY", byday="WE", week_unknown=True, per_month=1)
    evening = replace(MONTHLY_SUNDAY, opens_at=dt.time(18, 30), closes_at=dt.time(20))
    result = match(child_free_on_weekends(), [entry(1, weekday), entry(2, evening)], TODAY)
    assert result.suggestions == ()
    assert result.excluded["schedule"] == 2
    assert result.to_confirm == ()


def test_entries_without_any_weekday_are_listed_to_confirm_not_dropped():
    result = match(child_free_on_weekends(), [entry(1, Rule("IRREGULAR")), entry(2), entry(3, MONTHLY_SUNDAY)], TODAY)
    assert [s.service_id for s in result.suggestions] == [3]
    assert [item.service_id for item in result.to_confirm] == [1, 2]
    assert result.excluded["schedule"] == 2  # counted as not checkable, and listed
    assert result.near_misses == ()


def test_an_entry_to_confirm_that_breaks_another_constraint_is_excluded_for_it():
    far = entry(1, Rule("IRREGULAR"), lat=36.5)
    result = match(child_free_on_weekends(), [far], TODAY)
    assert result.to_confirm == ()
    assert result.excluded["distance"] == 1


def test_holidays_are_respected_in_next_dates():
    mondays = Rule("WEEKLY", byday="MO", opens_at=dt.time(10), closes_at=dt.time(12), skip_holidays=True)
    wanted = parse_profile({"age": 30, "home": HOME, "max_distance_km": 4, "available": []})
    result = match(wanted, [entry(1, mondays)], TODAY)
    assert [o.date.isoformat() for o in result.suggestions[0].next_dates] == ["2027-01-04", "2027-01-18", "2027-01-25"]
