"""The cold reads of the candidate loader (`matching.suggestions.candidate_rows`) on both databases: every value
a complete candidate holds comes back typed as the ORM would give it, and every path builds the same candidate."""

from __future__ import annotations

import datetime as dt

from directory.models import CostOption, Location, LocationAccessibility, Schedule, ServiceAtLocation, ServiceLanguage
from directory.schedules import Rule
from matching.engine import Cost, parse_profile
from matching.suggestions.candidates import load_candidates
from matching.suggestions.queries import resolve_profile
from tests.factories import make_service, weekly
from tests.matching.conftest import HOME, KM_LAT, profile_json
from tsunagu.db import utcnow

TODAY = dt.date(2026, 11, 25)


def _rich_entry(session):
    """One entry with two places (the second 2 km north), two schedule rows with exception fields, three prices,
    two languages, a kind and tags, and an accessible first place."""
    entry = make_service(
        session,
        name="多言語こども食堂",
        kinds=("kodomo_shokudo", "solo_ok", "men_welcome"),
        schedule=weekly("WE", dt.time(14), dt.time(18, 30)),
        description="みんなでごはん",
        atmosphere_notes="にぎやか",
        minimum_age=3,
        maximum_age=80,
        openings=5,
        verified_at=utcnow() - dt.timedelta(days=3),
        **HOME,
    )
    entry.schedules.append(
        Schedule(
            freq="MONTHLY",
            byday="SA",
            opens_at=dt.time(10, 15),
            closes_at=dt.time(12),
            valid_from=dt.date(2026, 4, 1),
            valid_to=dt.date(2027, 3, 31),
            week_unknown=True,
            per_month=1,
            skip_holidays=True,
            holiday_shift=1,
            except_months="8",
            except_dates="12-29/01-03",
        )
    )
    entry.costs = [
        CostOption(age_band="elementary", amount_yen=None, is_free=True),
        CostOption(age_band="adult", amount_yen=300, is_free=False),
        CostOption(age_band="infant", amount_yen=None, is_free=False),
    ]
    entry.languages = [ServiceLanguage(language="pt-BR"), ServiceLanguage(language="ja-easy")]
    first = entry.at_locations[0].location
    second = Location(
        organization=entry.organization,
        prefecture="千葉県",
        city="つなぐ市",
        district="北地区",
        point=f"SRID=4326;POINT({HOME['lon']} {HOME['lat'] + 2 * KM_LAT})",
    )
    entry.at_locations.append(ServiceAtLocation(location=second))
    session.add_all([LocationAccessibility(location_id=first.id, feature=f) for f in ("wheelchair", "elevator")])
    session.flush()
    return entry, first


def test_a_cold_candidate_holds_every_value_typed_as_the_orm_gives_it(db_session):
    entry, first = _rich_entry(db_session)
    profile = resolve_profile(db_session, parse_profile(profile_json(max_distance_km=5)))
    (candidate,), _counts = load_candidates(db_session, profile, service_ids=[entry.id], today=TODAY)

    assert (candidate.service_id, candidate.name, candidate.district) == (entry.id, "多言語こども食堂", "本町地区")
    assert candidate.organization_name == entry.organization.name
    assert (candidate.lat, candidate.lon) == (HOME["lat"], HOME["lon"])  # the place nearest home
    assert (candidate.minimum_age, candidate.maximum_age, candidate.openings) == (3, 80, 5)
    assert candidate.verified_at == entry.verified_at.date()
    assert (candidate.published, candidate.active) == (True, True)
    assert candidate.kinds == ("kodomo_shokudo",)
    assert set(candidate.tags) == {"solo_ok", "men_welcome"}
    assert candidate.text.startswith("多言語こども食堂 みんなでごはん にぎやか ")
    assert candidate.rules == tuple(Rule.from_row(row) for row in sorted(entry.schedules, key=lambda s: s.id))
    monthly = candidate.rules[1]
    assert (monthly.opens_at, monthly.valid_to, monthly.week_unknown, monthly.skip_holidays) == (
        dt.time(10, 15),
        dt.date(2027, 3, 31),
        True,
        True,
    )
    assert candidate.costs == (Cost("elementary", None, True), Cost("adult", 300, False), Cost("infant", None, False))
    assert candidate.languages == ("ja-easy", "pt-BR")
    assert candidate.accessibility == frozenset({"wheelchair", "elevator"})
    assert first.id in {link.location_id for link in entry.at_locations}


def test_every_path_builds_the_same_candidate(db_session):
    entry, _first = _rich_entry(db_session)
    data = profile_json(
        max_distance_km=5, available=[{"day": "wed", "start": "14:00", "end": "18:00"}], languages=["pt", "ja-easy"]
    )
    profile = resolve_profile(db_session, parse_profile(data))
    by_id, _ = load_candidates(db_session, profile, service_ids=[entry.id], today=TODAY)
    explained, _ = load_candidates(db_session, profile, explain=True, today=TODAY)
    fast, _ = load_candidates(db_session, profile, explain=False, today=TODAY)
    assert [c for c in explained if c.service_id == entry.id] == by_id
    assert [c for c in fast if c.service_id == entry.id] == by_id


def test_an_entry_beyond_reach_is_counted_with_what_else_its_own_row_fails(db_session):
    far = make_service(db_session, name="遠くて満員", openings=0, lat=HOME["lat"] + 4 * KM_LAT, lon=HOME["lon"])
    profile = resolve_profile(db_session, parse_profile(profile_json(max_distance_km=3)))
    found, counts = load_candidates(db_session, profile, explain=True, today=TODAY)
    assert far.id not in {c.service_id for c in found}
    assert counts == {"distance": 1, "capacity": 1}
