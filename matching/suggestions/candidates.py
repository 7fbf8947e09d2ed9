"""The candidate loader: catalog rows around a person's home as the engine's plain `Candidate`s.

SQL narrows what SQL answers well — published, public, the kinds asked for, and a box around home through
the spatial index (tsunagu.spatial.BoundingBox); the engine measures the great-circle distance. On the
explaining path the box is widened by NEAR_MISS_FACTOR, so entries just beyond the person's reach are
counted ("行ける距離より遠い: 4件"); the fast path narrows on the feature rows instead
(`matching.suggestions.features`: status, age, kinds, languages, accessibility and the weekly pattern of the
schedule, each a necessary condition of a hard constraint; cost and capacity stay with the engine).

Each service comes once, at its place nearest home (the keys carry the points). Places the store of
complete candidates (`_store`, per catalog version) lacks are read by `matching.suggestions.candidate_rows`:
their service rows with schedules, costs, languages, terms and accessibility (on PostgreSQL in one
statement), except, on the explaining path, places beyond the person's reach, which are only counted and get
their service row alone. The checks a service row decides alone (status, age, distance, capacity —
`matching.engine.constraints.basic_failures`) then drop entries that fail more than one of them, or the
distance; what is dropped here is returned as per-constraint counts. The engine then checks every hard
constraint again on what it receives: the loader narrows, the engine decides.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    ARRAY,
    Integer,
    and_,
    cast,
    exists,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Session, aliased

from directory.models import (
    EntryStatus,
    HsdsStatus,
    Location,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    Visibility,
    service_taxonomy_terms,
)
from directory.schedules import RULE_FIELDS, Rule
from matching.engine import Candidate, Cost, Profile
from matching.engine.constraints import DISTANCE, KIND, basic_failures, great_circle_m
from matching.suggestions.candidate_rows import CandidateRows, ServiceRow, complete_rows, day_of, service_rows
from matching.suggestions.features import fast_keys_statement
from tsunagu.catalog_cache import CatalogCache, version_column
from tsunagu.clock import today_in_japan
from tsunagu.db import custom_plans
from tsunagu.spatial import BoundingBox

NEAR_MISS_FACTOR = 1.5
"""Entries up to 1.5× the person's distance are read, so "too far" is counted."""
CACHED_CANDIDATES = 50_000
"""Complete candidates kept per process and database (~2.7 kB each with their texts: ~130 MB when full);
past this the older half is dropped."""
_COMPLETE = CatalogCache(maxsize=4)
"""(service id, location id) → complete Candidate, one store per catalog version and database."""


@lru_cache(maxsize=16384)
def _rule(*fields: Any) -> Rule | None:
    """A Rule per distinct schedule row (rows repeat a few patterns); None for a row the engine cannot read.

    `fields` are freq and `RULE_FIELDS` in order, the exceptions (week unknown, 祝日休み …) included."""
    try:
        return Rule.from_row(SimpleNamespace(freq=str(fields[0]), **dict(zip(RULE_FIELDS, fields[1:], strict=True))))
    except ValueError:
        return None  # a row the schedule engine cannot read never opens a date


def _has_kind(codes: tuple[str, ...]) -> Any:
    return exists().where(
        service_taxonomy_terms.c.service_id == Service.id,
        service_taxonomy_terms.c.term_id == TaxonomyTerm.id,
        TaxonomyTerm.code.in_(codes),
    )


def _candidate(row: ServiceRow, **children: Any) -> Candidate:
    """A candidate from its service row, with what its child rows give (`children`) or their defaults."""
    return Candidate(
        service_id=row.id,
        name=row.name,
        organization_id=row.organization_id,
        organization_name=row.organization_name,
        lat=row.lat,
        lon=row.lon,
        published=row.status == EntryStatus.PUBLISHED.value,
        active=row.hsds_status == HsdsStatus.ACTIVE.value,
        minimum_age=row.minimum_age,
        maximum_age=row.maximum_age,
        openings=row.openings,
        space=row.space,
        threshold=row.threshold,
        step_level=row.step_level,
        group_size=row.group_size,
        atmosphere=row.atmosphere,
        verified_at=day_of(row.verified_at),
        district=row.district,
        **children,
    )


def _bare(row: ServiceRow) -> Candidate:
    """A candidate from its service row only (no schedules, costs, languages, terms): enough for
    `basic_failures`, for an entry that is only counted."""
    return _candidate(row)


def _complete(rows: CandidateRows) -> Candidate:
    """The complete candidate of one key from its rows (`candidate_rows.complete_rows`)."""
    row, terms = rows.row, rows.terms
    rules = (_rule(*fields) for fields in rows.schedules)
    return _candidate(
        row,
        kinds=tuple(t[0] for t in terms if t[2] == "kind"),
        tags=tuple(t[0] for t in terms if t[2] != "kind"),
        text=" ".join(p for p in (row.name, row.description, row.atmosphere_notes, *(t[1] for t in terms)) if p),
        rules=tuple(rule for rule in rules if rule is not None),
        costs=tuple(Cost(*cost) for cost in rows.costs),
        languages=tuple(rows.languages),
        accessibility=frozenset(rows.features),
    )


@lru_cache(maxsize=1)
def _inner_locations() -> Any:
    """`_in_box`'s inner locations, aliased once on first use (costly per query; mappers unready at import)."""
    return aliased(Location, name="in_box")


def _in_box(box: BoundingBox, dialect: str) -> Any:
    """Locations inside the box, answered by the spatial index alone (GiST `&&` / SpatiaLite's SpatialIndex).

    The exact distance is left to the engine, which computes it for every row anyway: measuring on the
    ellipsoid in SQL as well (tsunagu.spatial.within_m) cost ~10 µs a point, a third of a query at 100 000.

    On PostgreSQL the ids in the box are gathered first, as one array (an InitPlan), and the links are read
    by `location_id = ANY(…)` through their index: joined plainly, the planner estimated a few thousand
    in-box rows and hash-joined them against a parallel sequential scan of all of `service_at_locations`
    (70 ms → 34 ms for a 5 km query at 100 000 entries).
    """
    if dialect == "postgresql":
        envelope = func.ST_MakeEnvelope(box.min_lon, box.min_lat, box.max_lon, box.max_lat, 4326)
        inner = _inner_locations()
        in_box = select(func.array_agg(inner.id)).where(inner.point.op("&&")(envelope)).scalar_subquery()
        ids = cast(in_box, ARRAY(Integer))  # a bare (SELECT …) in ANY() would be read as a row subquery
        return and_(ServiceAtLocation.location_id == func.any(ids), Location.point.op("&&")(envelope))
    indexed: Any = (
        select(literal_column("rowid"))
        .select_from(text("SpatialIndex"))
        .where(
            literal_column("f_table_name") == "locations",
            literal_column("f_geometry_column") == "point",
            literal_column("search_frame") == func.BuildMbr(box.min_lon, box.min_lat, box.max_lon, box.max_lat, 4326),
        )
    )
    return Location.id.in_(indexed)


def _fast_keys(
    session: Session, profile: Profile, today: dt.date, visibilities: tuple[Visibility, ...]
) -> tuple[list[tuple[int, int, float, float]], int, int | None]:
    """`_service_keys` of the fast path, which counts nothing: the places in reach whose feature row
    (`matching.suggestions.features`) passes every narrowing condition. Places beyond the distance are
    dropped here already: such a service fails DISTANCE at its nearest place and would be left out anyway."""
    lat, lon = profile.home or (0.0, 0.0)
    reach = profile.max_distance_km * 1000
    box = BoundingBox.around(lat, lon, reach)
    dialect = session.get_bind().dialect.name
    statement, params = fast_keys_statement(profile, box, today, [v.value for v in visibilities], dialect)
    with custom_plans(session):  # planned for its values, like `_service_keys`
        rows = session.connection().execute(statement, params).all()  # Core: the ORM's layer adds nothing here
    keys = [(row[0], row[1], row[2], row[3]) for row in rows if great_circle_m(lat, lon, row[2], row[3]) <= reach]
    return keys, 0, (int(rows[0][4] or 0) if rows else None)


def _service_keys(
    session: Session,
    profile: Profile,
    service_ids: Sequence[int] | None,
    visibilities: tuple[Visibility, ...] = (Visibility.PUBLIC,),
) -> tuple[list[tuple[int, int, float, float]], int, int | None]:
    """(service id, location id, lat, lon) of each service × location in reach (1.5× the distance, so that
    "too far" is counted), with kinds asked for how many others were left out, and the catalog version read in
    the same statement (None when no row came back). Only keys and points: what else a query needs comes from
    the store or `matching.suggestions.candidate_rows`.
    """
    lat, lon = profile.home or (0.0, 0.0)
    base = (
        select(Service.id)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(Location.point.is_not(None))
    )
    if service_ids is not None:
        base = base.where(Service.id.in_(list(service_ids)))
    else:
        metres = profile.max_distance_km * 1000 * NEAR_MISS_FACTOR
        box = _in_box(BoundingBox.around(lat, lon, metres), session.get_bind().dialect.name)
        base = base.where(Service.status == EntryStatus.PUBLISHED, Service.visibility.in_(visibilities), box)
    other_kinds = 0
    query = base.with_only_columns(
        Service.id, Location.id, func.ST_Y(Location.point), func.ST_X(Location.point), version_column()
    )
    with custom_plans(session):  # its generic prepared-statement plan took 0.1–2.7 s instead of 15–60 ms
        if profile.kinds and service_ids is None:
            outside = base.where(~_has_kind(profile.kinds)).with_only_columns(func.count(func.distinct(Service.id)))
            other_kinds = session.scalar(outside) or 0
        if profile.kinds and service_ids is None:
            query = query.where(_has_kind(profile.kinds))
        rows = session.execute(query).all()
    keys = [(row[0], row[1], row[2], row[3]) for row in rows]
    return keys, other_kinds, (int(rows[0][4] or 0) if rows else None)


def load_candidates(
    session: Session,
    profile: Profile,
    *,
    service_ids: Sequence[int] | None = None,
    explain: bool = True,
    today: dt.date | None = None,
    visibilities: tuple[Visibility, ...] = (Visibility.PUBLIC,),
) -> tuple[list[Candidate], dict[str, int]]:
    """Candidates around the profile's home (nearest location per service) and the counts excluded here.

    `explain=False` is the fast path: the feature rows narrow in SQL as well and nothing is counted (the
    engine still checks everything). With `service_ids`, exactly those services (any distance, any status)
    instead, all complete: for training rows and for checking one entry against many volunteers.
    `visibilities` adds coordinators-only 個別メニュー for the coordinator page (never the API or the CLI).
    """
    if profile.home is None:
        raise ValueError("resolve_profile first: the profile has no home point")
    if explain or service_ids is not None:
        keys, other_kinds, version = _service_keys(session, profile, service_ids, visibilities)
    else:
        keys, other_kinds, version = _fast_keys(session, profile, today or today_in_japan(), visibilities)
    nearest = _nearest_places(profile, keys)
    store = _store(session, version) if version is not None else {}  # no rows: nothing to look up or keep
    known = {key: store.get(key) for key, _distance in nearest.values()}  # once: others may evict meanwhile
    reach = profile.max_distance_km * 1000
    missing = [(key, distance) for key, distance in nearest.values() if known[key] is None]
    built = _complete_candidates(session, [k for k, d in missing if service_ids is not None or d <= reach])
    beyond = service_rows(session, [k for k, d in missing if service_ids is None and d > reach])
    counts: dict[str, int] = defaultdict(int)
    if other_kinds:
        counts[KIND] = other_kinds
    unkinded = replace(profile, kinds=())  # kinds were filtered in SQL
    kept: list[Candidate] = []
    for service_id in sorted(nearest):
        key = nearest[service_id][0]
        candidate = known[key] or built.get(key) or _bare(beyond[key])
        failed, _distance = basic_failures(unkinded, candidate)
        if service_ids is None and (len(failed) > 1 or DISTANCE in failed):
            for code in failed:
                counts[code] += 1
            continue
        kept.append(candidate)
    _keep(store, built)
    return kept, dict(counts)


def _nearest_places(
    profile: Profile, keys: list[tuple[int, int, float, float]]
) -> dict[int, tuple[tuple[int, int], float]]:
    """Per service, the key of its place nearest home (the first of equally near ones) and its distance."""
    lat, lon = profile.home or (0.0, 0.0)
    nearest: dict[int, tuple[tuple[int, int], float]] = {}
    for service_id, location_id, place_lat, place_lon in keys:
        distance = great_circle_m(lat, lon, place_lat, place_lon)
        if service_id not in nearest or distance < nearest[service_id][1]:
            nearest[service_id] = ((service_id, location_id), distance)
    return nearest


def _complete_candidates(session: Session, keys: list[tuple[int, int]]) -> dict[tuple[int, int], Candidate]:
    """Complete candidates of these keys, built from their rows (`candidate_rows.complete_rows`)."""
    if not keys:
        return {}
    return {key: _complete(rows) for key, rows in complete_rows(session, keys).items()}


def _store(session: Session, version: int | None = None) -> dict[tuple[int, int], Candidate]:
    """(service id, location id) → complete candidate, for this database at the session's catalog version
    (`version` when the caller read it already, in the keys statement: `tsunagu.catalog_cache.version_column`).

    A candidate is a pure function of catalog rows and every catalog write moves the version on, so one
    built once serves every later query until the next write; reading child rows and building candidates
    was most of a query. A session holding uncommitted catalog writes gets a fresh, unshared store.
    """
    return _COMPLETE.get_or_build(session, ("match-candidates", database_key(session)), dict, version=version)


def database_key(session: Session) -> str:
    """The database a per-process store of matching belongs to (its URL without the password)."""
    return session.get_bind().engine.url.render_as_string(hide_password=True)


def _keep(store: dict[tuple[int, int], Candidate], built: dict[tuple[int, int], Candidate]) -> None:
    """Put newly built complete candidates into the store (the older half goes when it would overflow)."""
    if len(store) + len(built) > CACHED_CANDIDATES:
        for key in list(store)[: len(store) // 2]:  # oldest first: dicts keep insertion order
            store.pop(key, None)
    store.update(built)
