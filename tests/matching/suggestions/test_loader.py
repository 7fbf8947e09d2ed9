"""The candidate loader and `run_match` on both databases: SQL narrows, the engine decides and explains."""

from __future__ import annotations

import datetime as dt

import pytest

from matching.engine import ProfileError, parse_profile
from matching.suggestions.queries import resolve_profile, run_match
from tests.matching.conftest import profile_json

TODAY = dt.date(2026, 11, 23)


def _ids(result):
    return [s.service_id for s in result.suggestions]


def test_only_the_entry_that_fits_everything_is_suggested(db_session, town):
    result = run_match(db_session, parse_profile(profile_json()), today=TODAY, explain=True)
    assert _ids(result) == [town.fit.id, town.salon.id]
    assert result.excluded["distance"] == 1  # 遠くの食堂, 4 km: within the near-miss ring
    assert result.excluded["capacity"] == 1
    assert result.excluded["cost"] == 1
    assert result.excluded["schedule"] == 1
    assert result.excluded["status"] == 0  # drafts are not candidates at all
    assert {(m.service_id, m.failed) for m in result.near_misses} == {
        (town.full.id, "capacity"),
        (town.pricey.id, "cost"),
        (town.thursday.id, "schedule"),
    }
    assert result.suggestions[0].distance_km == pytest.approx(1.0, abs=0.01)


def test_fast_path_returns_the_same_suggestions(db_session, town):
    profile = parse_profile(profile_json())
    fast = run_match(db_session, profile, today=TODAY)
    explained = run_match(db_session, profile, today=TODAY, explain=True)
    assert _ids(fast) == _ids(explained) and [s.score for s in fast.suggestions] == [
        s.score for s in explained.suggestions
    ]
    assert not fast.explained and explained.explained


def test_kinds_by_japanese_name_and_languages(db_session, town):
    result = run_match(db_session, parse_profile(profile_json(kinds=["サロン"])), today=TODAY, explain=True)
    assert _ids(result) == [town.salon.id]
    assert result.excluded["kind"] >= 4
    easy = parse_profile(profile_json(languages=["pt", "ja-easy"]))
    assert _ids(run_match(db_session, easy, today=TODAY)) == [town.salon.id]  # only it offers やさしい日本語
    assert run_match(db_session, parse_profile(profile_json(languages=["vi"])), today=TODAY).suggestions == ()


def test_home_by_district_uses_its_centroid(db_session, town):
    profile = parse_profile(profile_json(home={"district": town.district}))
    resolved = resolve_profile(db_session, profile)
    assert resolved.home == pytest.approx((35.86, 139.97), abs=1e-6)
    assert _ids(run_match(db_session, profile, today=TODAY))[0] == town.fit.id


@pytest.mark.parametrize(
    ("change", "field"),
    [({"home": {"district": "どこにもない地区"}}, "home.district"), ({"kinds": ["宇宙旅行"]}, "kinds")],
)
def test_unknown_district_or_kind_is_a_profile_error(db_session, town, change, field):
    with pytest.raises(ProfileError) as caught:
        run_match(db_session, parse_profile(profile_json(**change)), today=TODAY)
    assert caught.value.field == field


def test_coordinators_only_menus_are_suggested_on_the_coordinator_page_only(db_session, town):
    from directory.models import Visibility

    town.fit.visibility = Visibility.COORDINATORS  # as a 個別メニュー is
    db_session.flush()
    profile = parse_profile(profile_json())
    assert town.fit.id not in _ids(run_match(db_session, profile, today=TODAY))  # API and CLI
    shown = (Visibility.PUBLIC, Visibility.COORDINATORS)
    assert town.fit.id in _ids(run_match(db_session, profile, today=TODAY, explain=True, visibilities=shown))


def test_rows_read_in_one_statement_are_the_rows_of_the_flat_statements(db_session, town):
    """On PostgreSQL a candidate's service row, schedules, costs, languages, terms and accessibility come from
    one statement; they must be exactly the rows (and order) the flat statements (SQLite's way) give."""
    from sqlalchemy import select

    from directory.models import LocationAccessibility, ServiceAtLocation
    from matching.suggestions import candidate_rows
    from tests.factories import make_service

    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("the one-statement read is PostgreSQL's (unnest, LATERAL)")
    make_service(db_session, name="二つの種類", kinds=("salon", "ibasho"), free=True)
    pairs = {
        sid: lid for sid, lid in db_session.execute(select(ServiceAtLocation.service_id, ServiceAtLocation.location_id))
    }
    db_session.add(LocationAccessibility(location_id=pairs[town.fit.id], feature="wheelchair"))
    db_session.flush()
    keys = sorted(pairs.items())
    flat = candidate_rows.complete_rows_flat(db_session, keys)
    together = candidate_rows.complete_rows_in_one(db_session, keys)

    def plain(found):
        return {key: (tuple(rows.row[: candidate_rows.SERVICE_COUNT]), *rows[1:]) for key, rows in found.items()}

    assert plain(together) == plain(flat)
    assert together[town.fit.id, pairs[town.fit.id]].features == ["wheelchair"]
    assert any(len(rows.terms) > 1 for rows in together.values())
    assert all(rows.schedules for rows in together.values() if rows.row.id == town.fit.id)
