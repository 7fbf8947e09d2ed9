"""The candidate loader: catalog rows around a person's home as the engine's plain `Candidate`s.

SQL narrows what SQL answers well — published, public, the kinds asked for, and a box around home through
the spatial index (tsunagu.spatial.BoundingBox); the engine measures the great-circle distance. On the
explaining path the box is widened by NEAR_MISS_FACTOR, so entries just beyond the person's reach are
counted ("行ける距離より遠い: 4件"); the fast path narrows on the feature rows instead
(`matching.suggestions.features`: status, age, kinds, languages, accessibility and the weekly pattern of the
schedule, each a necessary condition of a hard constraint; cost and capacity stay with the engine).

Two phases keep a query fast at 100 000 entries: the service rows come first and the checks they decide
alone (status, age, distance, capacity — `matching.engine.constraints.basic_failures`) run at once; only
entries that fail at most one of those (possible suggestions and near misses) get their schedules, costs,
languages, terms and accessibility loaded (on PostgreSQL in one statement, `_children_in_one`: each round trip
to the server cost more than its rows). Entries dropped here are returned as per-constraint counts. The
engine then checks every hard constraint again on what it receives: the loader narrows, the engine decides.
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
    CostOption,
    EntryStatus,
    HsdsStatus,
    Location,
    LocationAccessibility,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
    Visibility,
    service_taxonomy_terms,
)
from directory.schedules import RULE_FIELDS, Rule
from matching.engine import Candidate, Cost, Profile
from matching.engine.constraints import DISTANCE, KIND, basic_failures, great_circle_m
from matching.suggestions.features import fast_keys_statement
from matching.suggestions.rows import CHUNK, among, chunks, grouped
from matching.suggestions.rows import plain_text as _text
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


_SERVICE_COLUMNS = (
    Service.id,
    Service.name,
    Service.organization_id,
    Organization.name.label("organization_name"),
    _text(Service.status).label("status"),
    _text(Service.hsds_status).label("hsds_status"),
    Service.minimum_age,
    Service.maximum_age,
    Service.openings,
    _text(Service.space).label("space"),
    _text(Service.threshold).label("threshold"),
    _text(Service.step_level).label("step_level"),
    _text(Service.group_size).label("group_size"),
    _text(Service.atmosphere).label("atmosphere"),
    Service.verified_at,
    Service.description,
    Service.atmosphere_notes,
    Location.id.label("location_id"),
    Location.district,
    func.ST_Y(Location.point).label("lat"),
    func.ST_X(Location.point).label("lon"),
)


def _bare(row: Any) -> Candidate:
    """A candidate from its service row only (no schedules, costs, languages, terms yet)."""
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
        district=row.district,
        verified_at=row.verified_at.date() if row.verified_at is not None else None,
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
) -> tuple[list[Any], int, int | None]:
    """`_service_keys` of the fast path, which counts nothing: the places in reach whose feature row
    (`matching.suggestions.features`) passes every narrowing condition. Places beyond the distance are
    dropped here already: such a service fails DISTANCE at its nearest place and would be left out anyway."""
    lat, lon = profile.home or (0.0, 0.0)
    reach = profile.max_distance_km * 1000
    box = BoundingBox.around(lat, lon, reach)
    dialect = session.get_bind().dialect.name
    statement, params = fast_keys_statement(profile, box, today, [v.value for v in visibilities], dialect)
    with custom_plans(session):  # planned for its values, like `_service_keys`
        rows = session.execute(statement, params).all()
    keys = [(row[0], row[1]) for row in rows if great_circle_m(lat, lon, row[2], row[3]) <= reach]
    return keys, 0, (int(rows[0][4] or 0) if rows else None)


def _service_keys(
    session: Session,
    profile: Profile,
    service_ids: Sequence[int] | None,
    visibilities: tuple[Visibility, ...] = (Visibility.PUBLIC,),
) -> tuple[list[Any], int, int | None]:
    """(service id, location id) of each service × location in reach (1.5× the distance, so that "too far"
    is counted), with kinds asked for how many others were left out, and the catalog version read in the
    same statement (None when no row came back). Only keys: what else a query needs comes from the store
    or `_full_rows`.
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
    keys = [(row[0], row[1]) for row in rows]
    return keys, other_kinds, (int(rows[0][4] or 0) if rows else None)


def _full_rows(session: Session, keys: list[tuple[int, int]]) -> dict[tuple[int, int], Any]:
    """The service rows (with the location's point) of these (service id, location id) pairs."""
    wanted = set(keys)
    statement = (
        select(*_SERVICE_COLUMNS)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .join(Organization, Organization.id == Service.organization_id)
    )
    ids = sorted({service_id for service_id, _location_id in keys})
    rows = {}
    for chunk in chunks(ids):
        for row in session.execute(statement.where(among(session, Service.id, chunk))):
            if (row.id, row.location_id) in wanted:
                rows[row.id, row.location_id] = row
    return rows


def _children(session: Session, ids: list[int], location_ids: list[int]) -> dict[str, dict[int, list[Any]]]:
    """Schedules, costs, languages, terms (by service) and accessibility features (by location)."""
    return {
        "schedules": grouped(
            session,
            select(Schedule.service_id, _text(Schedule.freq), *(getattr(Schedule, name) for name in RULE_FIELDS)),
            Schedule.service_id,
            ids,
        ),
        "costs": grouped(
            session,
            select(CostOption.service_id, _text(CostOption.age_band), CostOption.amount_yen, CostOption.is_free),
            CostOption.service_id,
            ids,
        ),
        "languages": grouped(
            session,
            select(ServiceLanguage.service_id, ServiceLanguage.language).order_by(
                ServiceLanguage.service_id, ServiceLanguage.language
            ),
            ServiceLanguage.service_id,
            ids,
        ),
        "terms": grouped(
            session,
            select(service_taxonomy_terms.c.service_id, TaxonomyTerm.code, TaxonomyTerm.name, Taxonomy.code)
            .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy_terms.c.term_id)
            .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
            .order_by(service_taxonomy_terms.c.service_id, TaxonomyTerm.sort_order, TaxonomyTerm.id),
            service_taxonomy_terms.c.service_id,
            ids,
        ),
        "features": grouped(
            session,
            select(LocationAccessibility.location_id, _text(LocationAccessibility.feature)),
            LocationAccessibility.location_id,
            location_ids,
        ),
    }


_SCHEDULE_ARRAYS = ", ".join(f"array_agg(sc.{name} ORDER BY sc.id) AS {name}" for name in ("freq", *RULE_FIELDS))
_CHILDREN_SQL = """
    SELECT i.service_id, i.location_id, sch.*, co.*, la.*, te.*, fe.*
    FROM unnest(CAST(:service_ids AS integer[]), CAST(:location_ids AS integer[])) AS i(service_id, location_id)
    LEFT JOIN LATERAL (SELECT {schedule_arrays} FROM schedules sc WHERE sc.service_id = i.service_id) sch ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(c.age_band ORDER BY c.id) AS age_band, array_agg(c.amount_yen ORDER BY c.id)
            AS amount_yen, array_agg(c.is_free ORDER BY c.id) AS is_free
        FROM cost_options c WHERE c.service_id = i.service_id) co ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(l.language ORDER BY l.language) AS language
        FROM service_languages l WHERE l.service_id = i.service_id) la ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(t.code ORDER BY t.sort_order, t.id) AS term_code,
            array_agg(t.name ORDER BY t.sort_order, t.id) AS term_name,
            array_agg(x.code ORDER BY t.sort_order, t.id) AS taxonomy_code
        FROM service_taxonomy_terms st JOIN taxonomy_terms t ON t.id = st.term_id
        JOIN taxonomies x ON x.id = t.taxonomy_id WHERE st.service_id = i.service_id) te ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(a.feature ORDER BY a.feature) AS feature
        FROM location_accessibility a WHERE a.location_id = i.location_id) fe ON true
"""
_CHILDREN_IN_ONE = text(_CHILDREN_SQL.format(schedule_arrays=_SCHEDULE_ARRAYS))  # noqa: S608 - our column names
"""`_children` on PostgreSQL in one statement: each child table's columns as arrays per service (features per
location). Five round trips cost more than the rows they fetch there, the more so on a busy server."""


def _children_in_one(session: Session, pairs: list[tuple[int, int]]) -> dict[str, dict[int, list[Any]]]:
    """The same as `_children`, for (service id, location id) pairs with each service once, in one statement
    per CHUNK (PostgreSQL). Rows come back in the shapes `_children` gives, so `_complete` reads them alike."""
    grouped: dict[str, dict[int, list[Any]]] = {name: {} for name in ("schedules", "costs", "languages", "terms")}
    grouped["features"] = {}
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        params = {"service_ids": [p[0] for p in chunk], "location_ids": [p[1] for p in chunk]}
        with custom_plans(session):  # like the candidate query: planned for its arrays, never prepared
            found = session.execute(_CHILDREN_IN_ONE, params).mappings().all()
        for row in found:
            service_id = row["service_id"]
            columns = ("freq", *RULE_FIELDS)
            if row["freq"] is not None:
                grouped["schedules"][service_id] = [
                    (service_id, *values) for values in zip(*(row[c] for c in columns), strict=True)
                ]
            if row["age_band"] is not None:
                costs = zip(row["age_band"], row["amount_yen"], row["is_free"], strict=True)
                grouped["costs"][service_id] = [(service_id, *cost) for cost in costs]
            if row["language"] is not None:
                grouped["languages"][service_id] = [(service_id, language) for language in row["language"]]
            if row["term_code"] is not None:
                terms = zip(row["term_code"], row["term_name"], row["taxonomy_code"], strict=True)
                grouped["terms"][service_id] = [(service_id, *term) for term in terms]
            if row["feature"] is not None:
                grouped["features"][row["location_id"]] = [(row["location_id"], f) for f in row["feature"]]
    return grouped


def _complete(bare: Candidate, row: Any, children: dict[str, dict[int, list[Any]]]) -> Candidate:
    """The candidate with its child rows filled in (built anew: dataclasses.replace is slow in this loop)."""
    service_id = bare.service_id
    terms = children["terms"].get(service_id, [])
    rules = (_rule(*r[1:]) for r in children["schedules"].get(service_id, []))
    return Candidate(
        service_id=service_id,
        name=bare.name,
        organization_id=bare.organization_id,
        organization_name=bare.organization_name,
        lat=bare.lat,
        lon=bare.lon,
        published=bare.published,
        active=bare.active,
        minimum_age=bare.minimum_age,
        maximum_age=bare.maximum_age,
        openings=bare.openings,
        space=bare.space,
        threshold=bare.threshold,
        step_level=bare.step_level,
        group_size=bare.group_size,
        atmosphere=bare.atmosphere,
        verified_at=bare.verified_at,
        district=bare.district,
        kinds=tuple(t[1] for t in terms if t[3] == "kind"),
        tags=tuple(t[1] for t in terms if t[3] != "kind"),
        text=" ".join(p for p in (row.name, row.description, row.atmosphere_notes, *(t[2] for t in terms)) if p),
        rules=tuple(rule for rule in rules if rule is not None),
        costs=tuple(Cost(c[1], c[2], bool(c[3])) for c in children["costs"].get(service_id, [])),
        languages=tuple(lang[1] for lang in children["languages"].get(service_id, [])),
        accessibility=frozenset(f[1] for f in children["features"].get(row.location_id, [])),
    )


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
    store = _store(session, version) if version is not None else {}  # no rows: nothing to look up or keep
    known = {key: store.get(key) for key in keys}  # read once: other requests may evict meanwhile
    rows = _full_rows(session, [key for key, candidate in known.items() if candidate is None])
    counts: dict[str, int] = defaultdict(int)
    if other_kinds:
        counts[KIND] = other_kinds
    unkinded = replace(profile, kinds=())  # kinds were filtered in SQL; terms are not loaded yet
    nearest: dict[int, tuple[float, list[str], Candidate, int, bool]] = {}
    for (service_id, location_id), complete in known.items():
        candidate = complete if complete is not None else _bare(rows[service_id, location_id])
        failed, distance = basic_failures(unkinded, candidate)
        if service_id not in nearest or distance < nearest[service_id][0]:
            nearest[service_id] = (distance, failed, candidate, location_id, complete is not None)
    kept: list[tuple[Candidate, int, bool]] = []
    for _distance, failed, candidate, location_id, is_complete in (nearest[i] for i in sorted(nearest)):
        if service_ids is None and (len(failed) > 1 or DISTANCE in failed):
            for code in failed:
                counts[code] += 1
            continue
        kept.append((candidate, location_id, is_complete))
    return _completed(session, store, kept, rows), dict(counts)


def _store(session: Session, version: int | None = None) -> dict[tuple[int, int], Candidate]:
    """(service id, location id) → complete candidate, for this database at the session's catalog version
    (`version` when the caller read it already, in the keys statement: `tsunagu.catalog_cache.version_column`).

    A candidate is a pure function of catalog rows and every catalog write moves the version on, so one
    built once serves every later query until the next write; reading child rows and building candidates
    was most of a query. A session holding uncommitted catalog writes gets a fresh, unshared store.
    """
    key = ("match-candidates", session.get_bind().engine.url.render_as_string(hide_password=True))
    return _COMPLETE.get_or_build(session, key, dict, version=version)


def _completed(
    session: Session,
    store: dict[tuple[int, int], Candidate],
    kept: list[tuple[Candidate, int, bool]],
    rows: dict[tuple[int, int], Any],
) -> list[Candidate]:
    """The kept candidates complete, in order: bare ones get their child rows and go into the store."""
    missing = [(c, location_id) for c, location_id, is_complete in kept if not is_complete]
    built: dict[tuple[int, int], Candidate] = {}
    if missing:
        if session.get_bind().dialect.name == "postgresql":
            children = _children_in_one(session, [(c.service_id, location_id) for c, location_id in missing])
        else:
            children = _children(session, [c.service_id for c, _l in missing], sorted({lid for _c, lid in missing}))
        for bare, location_id in missing:
            built[bare.service_id, location_id] = _complete(bare, rows[bare.service_id, location_id], children)
    if len(store) + len(built) > CACHED_CANDIDATES:
        for key in list(store)[: len(store) // 2]:  # oldest first: dicts keep insertion order
            store.pop(key, None)
    store.update(built)
    return [c if is_complete else built[c.service_id, lid] for c, lid, is_complete in kept]
