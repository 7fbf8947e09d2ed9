"""A household's match through the loader on both databases: SQL narrows by some member's age, never more."""

from __future__ import annotations

import datetime as dt

from matching.engine import parse_profile
from matching.suggestions.queries import run_match
from matching.suggestions.reasons import suggestion_json
from tests.matching.conftest import make_study_support, profile_json

TODAY = dt.date(2026, 11, 23)


def household_json(**overrides):
    data = profile_json(
        household=[{"age": 38, "languages": ["pt"]}, {"age": 10}, {"age": 13}],
        languages=["pt", "ja"],
        max_cost_yen=900,
        interests=[],
    )
    del data["age"]
    data.update(overrides)
    return data


def test_study_support_for_the_children_is_found_on_both_paths(app, db_session, town):
    study = make_study_support(db_session)
    profile = parse_profile(household_json())
    for explain in (False, True):
        result = run_match(db_session, profile, today=TODAY, explain=explain)
        found = {s.service_id: s for s in result.suggestions}
        assert found[study.id].attending == (1, 2)  # not excluded on the mother's age
        assert found[town.fit.id].attending == (0, 1, 2)  # the 子ども食堂: the family, 300 + 300 + 300 ≤ 900
    with app.test_request_context("/?lang=ja"):
        answer = suggestion_json(found[study.id])
    assert answer["attending"] == [1, 2] and "10歳・13歳の家族が対象" in answer["reasons"]


def test_the_familys_cost_together_is_what_counts(db_session, town):
    profile = parse_profile(household_json(max_cost_yen=800))
    result = run_match(db_session, profile, today=TODAY, explain=True)
    assert town.fit.id not in {s.service_id for s in result.suggestions}  # 3 × 300 > 800
    assert result.excluded["cost"] >= 1
