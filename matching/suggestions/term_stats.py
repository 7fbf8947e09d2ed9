"""What the person's words weigh around them, the same on every match path.

The engine weighs each word of the person's interests by its rarity (IDF) and lifts entries of the kinds
their words point to (`matching.engine.scoring.kind_affinity`). Both are statistics over a set of entries, and
the two match paths load different candidates (the explaining path everything in reach, the fast path only
what its feature rows let through), so computed over the candidates they ranked the same entries differently:
the coordinator page and the API disagreed for half of the benchmark's personas.

Here the set is fixed by the profile's home and reach alone — the *neighbourhood*: every published, public
entry with a place within `max_distance_km` of home, whatever else it fails (age, schedule, language, cost,
kind). That is what the words are rare or common among for this person, and both paths compute it alike.

Cost: one statement per match (the places in reach from the feature rows, `match_features`, with the catalog
version); the entries' texts are kept per catalog version (`_TEXTS`, read through the candidate loader the
first time an entry is seen), and the statistics per catalog version, reach and words (`_STATISTICS`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import EntryStatus, Location, Visibility
from matching.engine import Candidate, Profile, great_circle_m
from matching.engine.scoring import InterestStatistics, interest_statistics
from matching.models.match_features import match_features
from matching.suggestions.candidates import load_candidates
from tsunagu.catalog_cache import CatalogCache, version_column
from tsunagu.db import custom_plans
from tsunagu.spatial import BoundingBox, within_box

REACH = 1.0
"""The neighbourhood's radius, as a multiple of the person's `max_distance_km`."""
CACHED_TEXTS = 50_000
"""Entries whose text is kept per process and database; past this the older half is dropped."""
_TEXTS = CatalogCache(maxsize=4)
"""service id → the entry as the statistics read it (name, text, kinds, step), one store per catalog version."""
_STATISTICS = CatalogCache(maxsize=1024)
"""(database, neighbourhood, words) → InterestStatistics, per catalog version."""


def neighbourhood(session: Session, profile: Profile) -> tuple[list[int], int | None]:
    """Ids of the published, public entries with a place within the profile's reach of home, by id, and the
    catalog version read in the same statement (None when no place is in reach)."""
    if profile.home is None:
        raise ValueError("resolve_profile first: the profile has no home point")
    lat, lon = profile.home
    reach = profile.max_distance_km * 1000 * REACH
    places = match_features.c
    statement = (
        select(places.service_id, places.lat, places.lon, version_column())
        .join(Location, Location.id == places.location_id)
        .where(
            within_box(Location.point, BoundingBox.around(lat, lon, reach), session.get_bind().dialect.name),
            places.status == EntryStatus.PUBLISHED.value,
            places.visibility == Visibility.PUBLIC.value,
        )
    )
    with custom_plans(session):  # a spatial box: planned for its values, like the candidate queries
        rows = session.execute(statement).all()
    ids = sorted({row[0] for row in rows if great_circle_m(lat, lon, row[1], row[2]) <= reach})
    return ids, (int(rows[0][3] or 0) if rows else None)


def neighbourhood_statistics(session: Session, profile: Profile) -> InterestStatistics:
    """Word rarity and kind affinity of the profile's words over its `neighbourhood`.

    Depends on the catalog, the home point, the reach and the words only: never on the path, the kinds
    asked for or the other constraints, so every path scores an entry alike."""
    if not profile.interests and not profile.strengths:
        return InterestStatistics({}, {})  # nothing to weigh: what any set of entries would give
    ids, version = neighbourhood(session, profile)
    if not ids:
        return InterestStatistics({}, {})
    key = (_database(session), tuple(ids), profile.interests, profile.strengths)
    return _STATISTICS.get_or_build(
        session, key, lambda: interest_statistics(profile, _entries(session, profile, ids, version)), version=version
    )


def _database(session: Session) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=True)


def _entries(session: Session, profile: Profile, ids: Sequence[int], version: int | None) -> list[Candidate]:
    """The entries with these ids as the statistics read them; those not kept yet read by the candidate loader
    (any place: only their texts, kinds and step count here)."""
    key = ("match-texts", _database(session))
    store: dict[int, Candidate] = _TEXTS.get_or_build(session, key, dict, version=version)
    known = {service_id: store.get(service_id) for service_id in ids}  # read once: others may evict meanwhile
    missing = [service_id for service_id, entry in known.items() if entry is None]
    if missing:
        loaded, _counts = load_candidates(session, profile, service_ids=missing)
        built = {c.service_id: _text_only(c) for c in loaded}
        if len(store) + len(built) > CACHED_TEXTS:
            for service_id in list(store)[: len(store) // 2]:  # oldest first: dicts keep insertion order
                store.pop(service_id, None)
        store.update(built)
        known.update(built)
    return [entry for entry in known.values() if entry is not None]


def _text_only(candidate: Candidate) -> Candidate:
    """What the statistics read of an entry: its name, text, kinds and step (its place does not matter)."""
    return Candidate(
        service_id=candidate.service_id,
        name=candidate.name,
        organization_id=candidate.organization_id,
        lat=0.0,
        lon=0.0,
        kinds=candidate.kinds,
        text=candidate.text,
        step_level=candidate.step_level,
    )
