"""Synthetic data spread like the real thing: real municipalities by population, kinds in national proportions."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from devtools.demo.bulk import (
    ENTRIES_PER_PERSON,
    KIND_WEIGHTS,
    NATIONAL_FROM,
    covered_municipalities,
    generate_bulk,
    national_municipalities,
)
from directory.models import Location, Service, ServiceAtLocation, TaxonomyTerm, service_taxonomy_terms


def test_the_national_list_is_every_municipality_of_japan_with_a_place_and_a_population():
    places = national_municipalities()
    assert len(places) > 1700
    assert len({p.city.code for p in places}) == len(places)
    assert {p.city.prefecture for p in places} >= {"北海道", "東京都", "沖縄県"}
    for place in places:
        assert len(place.city.code) == 6 and place.population > 0
        assert 20 < place.city.lat < 46 and 122 < place.city.lon < 154  # Japan, 与那国 to 南鳥島


def test_a_bigger_catalog_covers_more_of_the_country_at_the_same_density():
    sizes = (1_000, 10_000, 100_000, 150_000)
    covered = [covered_municipalities(n) for n in sizes]
    assert [len(c) for c in covered] == sorted(len(c) for c in covered)
    assert len(covered[0]) < 20  # 1 000 entries: a handful of towns around つなぐ市, not one per prefecture
    assert len(covered[-1]) == len(national_municipalities())
    for size, places in zip(sizes[:-1], covered[:-1], strict=True):
        people = sum(p.population for p in places)
        assert size / ENTRIES_PER_PERSON <= people < 2 * size / ENTRIES_PER_PERSON


def test_entries_follow_population_and_kinds_follow_national_proportions(db_session):
    conn = db_session.connection()
    first = db_session.scalar(select(Service.id).order_by(Service.id.desc()).limit(1)) or 0
    generate_bulk(conn, size=NATIONAL_FROM, seed=7)
    cities = Counter(
        conn.execute(
            select(Location.city)
            .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
            .where(ServiceAtLocation.service_id > first)
        ).scalars()
    )
    places = {p.city.city: p.population for p in covered_municipalities(NATIONAL_FROM)}
    assert set(cities) <= set(places) and len(cities) > 1
    biggest, smallest = max(places, key=places.__getitem__), min(places, key=places.__getitem__)
    assert cities[biggest] > cities[smallest]
    kinds = Counter(
        conn.execute(
            select(TaxonomyTerm.code)
            .join(service_taxonomy_terms, service_taxonomy_terms.c.term_id == TaxonomyTerm.id)
            .where(service_taxonomy_terms.c.service_id > first, TaxonomyTerm.code.in_(KIND_WEIGHTS))
        ).scalars()
    )
    assert kinds.most_common(1)[0][0] == "salon" and kinds["salon"] > NATIONAL_FROM / 2
    assert 0 < kinds["kodomo_shokudo"] < kinds["ibasho"] < kinds["salon"]
