"""Households (世帯): an entry fits every member who attends; cost is summed; languages count together."""

from __future__ import annotations

import pytest

from matching.engine import Cost, ProfileError, match, parse_profile
from tests.matching.engine.test_match import HOME, TODAY, candidate

FAMILY = [{"age": 38, "languages": ["pt"]}, {"age": 10}, {"age": 13}]


def household_profile(**overrides):
    data = {
        "household": FAMILY,
        "home": HOME,
        "max_distance_km": 3,
        "available": [{"day": "wed", "start": "14:00", "end": "18:00"}],
        "languages": ["pt", "ja"],
        "max_cost_yen": 900,
    }
    data.update(overrides)
    return parse_profile(data)


SHOKUDO = {"costs": (Cost("adult", 300, False), Cost("elementary", None, True), Cost("junior_high", 100, False))}


def suggested(profile, *candidates):
    return {s.service_id: s for s in match(profile, list(candidates), TODAY).suggestions}


def test_the_portuguese_speaking_mother_and_two_children_get_family_and_child_suggestions():
    shokudo = candidate(1, **SHOKUDO)
    study = candidate(2, minimum_age=6, maximum_age=15, costs=(Cost("elementary", None, True),), kinds=("study",))
    junior = candidate(3, minimum_age=12, maximum_age=15, costs=(), kinds=("study",))
    found = suggested(household_profile(max_cost_yen=None), shokudo, study, junior)
    assert found[1].attending == (0, 1, 2)  # the whole family, in Japanese: the household speaks it
    assert found[2].attending == (1, 2)  # not excluded on the mother's age
    assert found[3].attending == (2,)  # 学習支援 for the 13-year-old
    reasons = {r.code: r.params for r in found[1].reasons}
    assert reasons["for_family"] == {"members": [0, 1, 2]}
    assert reasons["cost"] == {"yen": 400}  # 300 + free + 100, for everyone together
    assert {r.code: r.params for r in found[3].reasons}["for_members"] == {"members": [2], "ages": [13]}


def test_cost_is_summed_over_the_members_who_attend():
    dear = candidate(
        1, costs=(Cost("adult", 500, False), Cost("elementary", 200, False), Cost("junior_high", 250, False))
    )
    result = match(household_profile(), [dear], TODAY)
    assert not result.suggestions and result.excluded["cost"] == 1  # 950 > 900 although each price is ≤ 900
    assert suggested(household_profile(max_cost_yen=950), dear)[1].attending == (0, 1, 2)
    unknown = candidate(2, costs=(Cost("adult", None, False),))
    assert not suggested(household_profile(), unknown)  # an unknown price never passes as cheap


def test_an_entry_for_nobody_in_the_household_is_excluded_on_age():
    result = match(household_profile(), [candidate(1, minimum_age=65, **SHOKUDO)], TODAY)
    assert not result.suggestions and result.excluded["age"] == 1


def test_languages_count_together_and_are_required_when_nobody_speaks_japanese():
    japanese_only = candidate(1, **SHOKUDO)
    assert suggested(household_profile(languages=["pt"]), japanese_only) == {}
    assert 1 in suggested(
        household_profile(languages=[], household=[{"age": 38, "languages": ["pt", "ja"]}, {"age": 10}]), japanese_only
    )
    portuguese = candidate(2, languages=("pt-BR",), **SHOKUDO)
    assert 2 in suggested(household_profile(languages=["pt"]), portuguese)


def test_a_members_needs_are_required_only_where_that_member_attends():
    family = [{"age": 38}, {"age": 10, "needs": ["wheelchair"]}]
    for_adults = candidate(1, minimum_age=18, costs=())
    for_all = candidate(2, costs=())
    found = suggested(household_profile(household=family, max_cost_yen=None), for_adults, for_all)
    assert set(found) == {1}
    assert 2 in suggested(
        household_profile(household=family, max_cost_yen=None),
        candidate(2, costs=(), accessibility=frozenset({"wheelchair"})),
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"household": FAMILY, "age": 38}, "age"),
        ({"household": []}, "household"),
        ({"household": [{"age": 38}, "x"]}, "household[1]"),
        ({"household": [{"age": 38}, {"age": -1}]}, "household[1].age"),
        ({"household": [{"age": 38, "languages": 3}]}, "household[0].languages"),
    ],
)
def test_bad_household_profiles_name_the_field(data, field):
    with pytest.raises(ProfileError) as caught:
        parse_profile({"home": HOME, **data})
    assert caught.value.field == field


def test_household_languages_are_pooled_into_the_profile():
    profile = household_profile(languages=["ja"])
    assert profile.age is None and profile.languages == ("ja", "pt") and len(profile.members) == 3
