"""The pure engine: hard constraints are never violated, scores are explained, the list is diverse."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import replace

import pytest

from directory.schedules import Rule
from matching.engine import CONSTRAINTS, Candidate, Cost, ProfileError, great_circle_m, match, parse_profile
from matching.engine.outcome import LinearOutcomeModel

TODAY = dt.date(2026, 11, 23)  # a Monday
HOME = {"lat": 35.86, "lon": 139.97}
WED_AFTERNOON = Rule("WEEKLY", byday="WE", opens_at=dt.time(15), closes_at=dt.time(19))


def profile(**overrides):
    data = {
        "age": 34,
        "home": HOME,
        "max_distance_km": 3,
        "available": [{"day": "wed", "start": "14:00", "end": "18:00"}],
        "languages": ["ja"],
        "interests": ["料理"],
        "max_cost_yen": 300,
    }
    data.update(overrides)
    return parse_profile(data)


def candidate(service_id=1, **overrides):
    base = Candidate(
        service_id=service_id,
        name=f"子ども食堂{service_id}",
        organization_id=service_id,
        lat=35.861,
        lon=139.971,
        kinds=("kodomo_shokudo",),
        text="子ども食堂 みんなで料理を作って食べます",
        rules=(WED_AFTERNOON,),
        costs=(Cost("adult", 300, False), Cost("elementary", None, True)),
        verified_at=TODAY,
    )
    return replace(base, **overrides)


def test_engine_imports_no_flask_and_no_session():
    code = (
        "import sys, matching.engine\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_sqlalchemy', 'sqlalchemy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_fitting_entry_is_suggested_with_reasons():
    result = match(profile(), [candidate()], TODAY)
    [suggestion] = result.suggestions
    codes = [reason.code for reason in suggestion.reasons]
    assert codes[:2] == ["held", "distance"]
    assert {"interest", "cost"} <= set(codes)
    held = suggestion.reasons[0].params
    assert held == {"weekday": 2, "date": "2026-11-25", "opens": "15:00", "closes": "19:00"}
    assert [o.date for o in suggestion.next_dates] == [TODAY + dt.timedelta(days=d) for d in (2, 9, 16)]
    assert 0 <= suggestion.score <= 1 and set(suggestion.parts) >= {"interest", "distance", "schedule", "freshness"}
    assert result.notes[0].code == "model_none"  # cold start says so


@pytest.mark.parametrize(
    ("change", "profile_change", "constraint"),
    [
        ({"published": False}, {}, "status"),
        ({"active": False}, {}, "status"),
        ({"kinds": ("salon",)}, {"kinds": ["kodomo_shokudo"]}, "kind"),
        ({"minimum_age": 40}, {}, "age"),
        ({"lat": 35.9}, {}, "distance"),
        ({"openings": 0}, {}, "capacity"),
        ({"costs": (Cost("adult", 500, False),)}, {}, "cost"),
        ({"costs": ()}, {}, "cost"),  # an unknown price never passes as cheap
        ({"languages": ("ja",)}, {"languages": ["pt"]}, "language"),
        ({"accessibility": frozenset()}, {"accessibility": ["wheelchair"]}, "accessibility"),
        ({"rules": (Rule("WEEKLY", byday="TH", opens_at=dt.time(15), closes_at=dt.time(19)),)}, {}, "schedule"),
        ({"rules": (Rule("WEEKLY", byday="WE", opens_at=dt.time(9), closes_at=dt.time(12)),)}, {}, "schedule"),
        # a week-unknown rule whose known weekday conflicts is excluded; 不定期 is listed to confirm instead
        ({"rules": (Rule("MONTHLY", byday="TH", week_unknown=True, per_month=1),)}, {}, "schedule"),
    ],
)
def test_each_hard_constraint_excludes_and_is_counted(change, profile_change, constraint):
    wanted = profile(**profile_change)
    result = match(wanted, [candidate(**change)], TODAY)
    assert result.suggestions == ()
    assert result.excluded[constraint] == 1
    assert result.failed_constraints == ([constraint] if constraint != "status" else [])
    if constraint != "status":
        assert [(m.service_id, m.failed) for m in result.near_misses] == [(1, constraint)]


def test_nth_weekday_rule_counts_only_when_it_falls_in_the_next_eight_weeks():
    second_wed = Rule("MONTHLY", byday="2WE", opens_at=dt.time(15), closes_at=dt.time(19))
    assert match(profile(), [candidate(rules=(second_wed,))], TODAY).suggestions
    ended = Rule("MONTHLY", byday="2WE", opens_at=dt.time(15), closes_at=dt.time(19), valid_to=TODAY)
    assert match(profile(), [candidate(rules=(ended,))], TODAY).excluded["schedule"] == 1
    later = Rule(
        "WEEKLY", byday="WE", opens_at=dt.time(15), closes_at=dt.time(19), valid_from=TODAY + dt.timedelta(weeks=9)
    )
    assert match(profile(), [candidate(rules=(later,))], TODAY).excluded["schedule"] == 1


def test_languages_follow_the_design_rule():
    pt_easy = profile(languages=["pt", "ja-easy"])
    assert match(pt_easy, [candidate(languages=("pt-BR",))], TODAY).suggestions[0].reasons
    assert match(pt_easy, [candidate(languages=("ja-x-easy",))], TODAY).suggestions
    assert not match(profile(languages=["pt"]), [candidate(languages=("ja-x-easy",))], TODAY).suggestions
    assert match(profile(languages=["ja", "en"]), [candidate(languages=())], TODAY).suggestions
    assert match(profile(languages=[]), [candidate(languages=())], TODAY).suggestions
    reasons = match(pt_easy, [candidate(languages=("ja-x-easy",))], TODAY).suggestions[0].reasons
    assert {"code": "language", "language": "ja-x-easy"} in [r.as_json() for r in reasons]


def test_cost_is_read_for_the_persons_age_band():
    child = profile(age=9, max_cost_yen=0)
    assert match(child, [candidate()], TODAY).suggestions  # 小学生 無料, 大人 300円
    assert not match(profile(age=40, max_cost_yen=0), [candidate()], TODAY).suggestions


def test_distance_uses_the_great_circle_from_home():
    assert great_circle_m(35.86, 139.97, 35.87, 139.97) == pytest.approx(1112, abs=2)
    near_edge = candidate(lat=35.86 + 2.99 / 111.2)
    beyond = candidate(2, lat=35.86 + 3.01 / 111.2)
    result = match(profile(), [near_edge, beyond], TODAY)
    assert [s.service_id for s in result.suggestions] == [1]
    assert result.excluded["distance"] == 1


def test_interest_and_preferences_raise_the_score():
    cooking = candidate(1, text="料理教室 みんなで料理")
    shogi = candidate(2, text="将棋と囲碁の部屋", organization_id=2)
    result = match(profile(), [shogi, cooking], TODAY)
    assert [s.service_id for s in result.suggestions] == [1, 2]
    assert result.suggestions[0].parts["interest"] > result.suggestions[1].parts["interest"]
    protected = match(profile(space="protected"), [candidate(1), candidate(2, space="protected")], TODAY)
    assert protected.suggestions[0].service_id == 2
    assert "space" in [r.code for r in protected.suggestions[0].reasons]


def test_a_first_step_prefers_places_one_can_visit():
    visit = candidate(2, step_level="visit", organization_id=2)
    result = match(profile(first_step=True), [candidate(1, step_level="role"), visit], TODAY)
    assert result.suggestions[0].service_id == 2
    assert "step_visit" in [r.code for r in result.suggestions[0].reasons]


def test_top_ten_are_not_ten_branches_of_one_organisation_and_show_several_kinds():
    same_org = [candidate(n, organization_id=1, lat=35.8601 + n * 1e-5) for n in range(1, 13)]
    salon = candidate(50, organization_id=5, kinds=("salon",), text="サロン", lat=35.87)
    ibasho = candidate(60, organization_id=6, kinds=("ibasho",), text="居場所", lat=35.87)
    others = [candidate(100 + n, organization_id=100 + n, lat=35.865) for n in range(6)]
    result = match(profile(), [*same_org, *others, salon, ibasho], TODAY)
    suggestions = result.suggestions
    assert len(suggestions) == 10
    assert sum(s.organization_id == 1 for s in suggestions) <= 2
    assert {s.kinds[0] for s in suggestions} >= {"kodomo_shokudo", "salon", "ibasho"}


def test_a_trained_model_is_one_soft_part_and_never_relaxes_a_constraint():
    model = LinearOutcomeModel("lr-test", (0, 0, 0, 0, 0, 0), 5.0)
    result = match(profile(), [candidate(1), candidate(2, openings=0)], TODAY, model=model)
    [suggestion] = result.suggestions
    assert suggestion.parts["outcome"] == pytest.approx(0.9933, abs=1e-3)
    assert suggestion.model_version == "lr-test" and result.notes == ()
    assert "outcome" in [r.code for r in suggestion.reasons]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "home"),
        ({"home": {"lat": 200, "lon": 0}}, "lat"),
        ({"home": HOME, "age": "34"}, "age"),
        ({"home": HOME, "available": [{"day": "someday"}]}, "available[0].day"),
        ({"home": HOME, "available": [{"day": "tue", "start": "15:00", "end": "10:00"}]}, "available[0].end"),
        ({"home": HOME, "space": "cosy"}, "space"),
        ({"home": HOME, "languages": "pt"}, None),  # a single string is accepted as a list
        ([], "profile"),
    ],
)
def test_bad_profiles_name_the_field(data, field):
    if field is None:
        assert parse_profile(data).languages == ("pt",)
        return
    with pytest.raises(ProfileError) as caught:
        parse_profile(data)
    assert caught.value.field == field


def test_every_constraint_has_a_code_in_the_design_order():
    assert CONSTRAINTS == (
        "status",
        "kind",
        "age",
        "distance",
        "capacity",
        "cost",
        "language",
        "accessibility",
        "schedule",
        "preference",
    )
