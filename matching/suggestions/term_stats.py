"""What the person's words weigh around them, the same on every match path.

The engine weighs each word of the person's interests by its rarity (IDF) and lifts entries of the kinds
their words point to (`matching.engine.scoring.kind_affinity`). Both are statistics over a set of entries, and
the two match paths load different candidates (the explaining path everything in reach, the fast path only
what its feature rows let through), so computed over the candidates they ranked the same entries differently:
the coordinator page and the API disagreed for half of the benchmark's personas.

Here the set is fixed by the profile's home and reach alone — the *neighbourhood*: every published, public
entry with a place within `max_distance_km` of home, whatever else it fails (age, schedule, language, cost,
kind). That is what the words are rare or common among for this person, and both paths compute it alike.

Cost: one primary-key read per match (the catalog version). Every published, public place (from the feature
rows, `match_features`) is kept per catalog version as arrays sorted by latitude (`_PLACES`), so the places in
reach are a slice and a vectorised distance, the exact `great_circle_m` deciding only within a millimetre of the
edge; the entries' texts are kept per catalog version (`_TEXTS`, read through the candidate loader the first
time an entry is seen), and the statistics per catalog version, reach and words (`_STATISTICS`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import EntryStatus, Visibility
from matching.engine import Candidate, Profile, great_circle_m
from matching.engine.constraints import EARTH_RADIUS_M
from matching.engine.scoring import InterestStatistics, interest_statistics
from matching.models.match_features import match_features
from matching.suggestions.candidates import database_key, load_candidates
from tsunagu.catalog_cache import CatalogCache, catalog_version
from tsunagu.spatial import BoundingBox

REACH = 1.0
"""The neighbourhood's radius, as a multiple of the person's `max_distance_km`."""
CACHED_TEXTS = 50_000
"""Entries whose text is kept per process and database; past this the older half is dropped."""
_TEXTS = CatalogCache(maxsize=4)
"""service id → the entry as the statistics read it (name, text, kinds, step), one store per catalog version."""
_PLACES = CatalogCache(maxsize=4)
"""database → `Places`: every published, public place, per catalog version."""
EDGE = 1e-6
"""Relative margin around the reach within which the exact `great_circle_m` decides, not the vectorised one."""
_STATISTICS = CatalogCache(maxsize=1024)
"""(database, neighbourhood, words) → InterestStatistics, per catalog version."""


@dataclass(frozen=True, slots=True)
class Places:
    """Every published, public place (a service at a location), sorted by latitude."""

    service_ids: NDArray[np.int64]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]

    @classmethod
    def read(cls, session: Session) -> Places:
        places = match_features.c
        statement = select(places.lat, places.lon, places.service_id).where(
            places.status == EntryStatus.PUBLISHED.value,
            places.visibility == Visibility.PUBLIC.value,
            places.lat.is_not(None),
            places.lon.is_not(None),
        )
        rows = sorted(tuple(row) for row in session.execute(statement))
        return cls(
            np.array([row[2] for row in rows], dtype=np.int64),
            np.array([row[0] for row in rows], dtype=np.float64),
            np.array([row[1] for row in rows], dtype=np.float64),
        )

    def within(self, lat: float, lon: float, reach: float) -> list[int]:
        """Ids of the services with a place at most `reach` metres (`great_circle_m`) from (lat, lon), by id."""
        box = BoundingBox.around(lat, lon, reach)
        first = int(np.searchsorted(self.lat, box.min_lat, side="left"))
        section = slice(first, int(np.searchsorted(self.lat, box.max_lat, side="right")))
        lats, lons, ids = self.lat[section], self.lon[section], self.service_ids[section]
        inside = (lons >= box.min_lon) & (lons <= box.max_lon)
        lats, lons, ids = lats[inside], lons[inside], ids[inside]
        p1, p2 = math.radians(lat), np.radians(lats)
        a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2
        distance = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        found = {int(i) for i in ids[distance <= reach * (1 - EDGE)]}
        edge = (distance > reach * (1 - EDGE)) & (distance <= reach * (1 + EDGE))
        found.update(
            int(i)
            for i, y, x in zip(ids[edge], lats[edge], lons[edge], strict=True)
            if great_circle_m(lat, lon, float(y), float(x)) <= reach
        )
        return sorted(found)


def neighbourhood(session: Session, profile: Profile) -> tuple[list[int], int]:
    """Ids of the published, public entries with a place within the profile's reach of home, by id, and the
    catalog version they were read at."""
    if profile.home is None:
        raise ValueError("resolve_profile first: the profile has no home point")
    lat, lon = profile.home
    version = catalog_version(session)
    places = _PLACES.get_or_build(session, database_key(session), lambda: Places.read(session), version=version)
    return places.within(lat, lon, profile.max_distance_km * 1000 * REACH), version


def neighbourhood_statistics(session: Session, profile: Profile) -> InterestStatistics:
    """Word rarity and kind affinity of the profile's words over its `neighbourhood`.

    Depends on the catalog, the home point, the reach and the words only: never on the path, the kinds
    asked for or the other constraints, so every path scores an entry alike."""
    if not profile.interests and not profile.strengths:
        return InterestStatistics({}, {})  # nothing to weigh: what any set of entries would give
    ids, version = neighbourhood(session, profile)
    if not ids:
        return InterestStatistics({}, {})
    key = (database_key(session), tuple(ids), profile.interests, profile.strengths)
    return _STATISTICS.get_or_build(
        session, key, lambda: interest_statistics(profile, _entries(session, profile, ids, version)), version=version
    )


def _entries(session: Session, profile: Profile, ids: Sequence[int], version: int) -> list[Candidate]:
    """The entries with these ids as the statistics read them; those not kept yet read by the candidate loader
    (any place: only their texts, kinds and step count here)."""
    key = ("match-texts", database_key(session))
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
