"""The match feature rows (`matching.models.match_features`): built from the catalog, kept in step at write time.

`refresh_features(connection, services)` rebuilds the rows of these services (every service with None) from
their service row, located places, taxonomy terms, languages and schedules. `tsunagu.catalog_cache` calls
it (`register`, when matching's blueprints are registered) for what each flush touched, after an ORM bulk
statement or a taxonomy change (everything), and from a Core writer's `bump_catalog_version` (the services
it names, else everything): so the rows are right inside the writing transaction as well, before it commits.
A change of what the rows hold needs a migration that rebuilds them (as 0027 built them).

`fast_keys_statement` is the candidate query of the fast match path on them: the places in the box (the
locations' spatial index) whose row passes every narrowing condition, one indexed lookup per place and
simple comparisons — where probing schedules, terms and languages per place with EXISTS was most of a query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    Date,
    Time,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection

from directory.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
    service_taxonomy_terms,
)
from directory.schedules import WEEKDAY_CODES
from matching.engine import Profile
from matching.engine.profile import EASY_JAPANESE
from matching.models.match_features import WEEKDAYS, match_features
from matching.suggestions.rows import chunks, grouped, plain_text
from tsunagu import catalog_cache
from tsunagu.catalog_cache import version_column
from tsunagu.spatial import BoundingBox

DAY_START = dt.time(0, 0)
DAY_END = dt.time(23, 59, 59, 999999)
"""A schedule row without hours stands for the whole day (it may meet any window)."""


def _may_meet_days(freq: str, byday: str | None) -> tuple[int, ...]:
    """Weekdays a schedule row could meet on: a wandering rule (毎日, YEARLY, no weekday) any of them."""
    if freq in ("DAILY", "YEARLY") or not byday:
        return tuple(range(7))
    days = byday.upper()
    return tuple(n for n, code in enumerate(WEEKDAY_CODES) if code in days)


def _schedule_columns(rows: list[Any]) -> dict[str, Any]:
    """Per weekday the earliest opening and latest closing of the rows that name their weekday, and their latest end."""
    columns: dict[str, Any] = {f"opens_{day}": None for day in WEEKDAYS} | {f"closes_{day}": None for day in WEEKDAYS}
    ends: list[dt.date | None] = []
    for _service_id, freq, byday, opens_at, closes_at, valid_to, week_unknown in rows:
        if freq == "IRREGULAR" and not week_unknown:
            continue  # 不定期 without a weekday never opens a date the engine could check
        ends.append(valid_to)
        for day in _may_meet_days(freq, byday):
            opens, closes = f"opens_{WEEKDAYS[day]}", f"closes_{WEEKDAYS[day]}"
            start, end = opens_at or DAY_START, closes_at or DAY_END
            columns[opens] = start if columns[opens] is None else min(columns[opens], start)
            columns[closes] = end if columns[closes] is None else max(columns[closes], end)
    columns["valid_to"] = None if not ends or None in ends else max(d for d in ends if d is not None)
    return columns


def _rows_for(connection: Connection, ids: list[int]) -> list[dict[str, Any]]:
    """The feature rows of these services (one per place with a point)."""
    services = connection.execute(
        select(
            Service.id,
            plain_text(Service.status),
            plain_text(Service.visibility),
            plain_text(Service.hsds_status),
            Service.minimum_age,
            Service.maximum_age,
        ).where(Service.id.in_(ids))
    ).all()
    places = grouped(
        connection,
        select(ServiceAtLocation.service_id, Location.id, func.ST_Y(Location.point), func.ST_X(Location.point))
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(Location.point.is_not(None)),
        ServiceAtLocation.service_id,
        ids,
    )
    terms = grouped(
        connection,
        select(service_taxonomy_terms.c.service_id, TaxonomyTerm.code).join(
            TaxonomyTerm, TaxonomyTerm.id == service_taxonomy_terms.c.term_id
        ),
        service_taxonomy_terms.c.service_id,
        ids,
    )
    languages = grouped(
        connection, select(ServiceLanguage.service_id, ServiceLanguage.language), ServiceLanguage.service_id, ids
    )
    schedules = grouped(
        connection,
        select(
            Schedule.service_id,
            plain_text(Schedule.freq),
            Schedule.byday,
            Schedule.opens_at,
            Schedule.closes_at,
            Schedule.valid_to,
            Schedule.week_unknown,
        ),
        Schedule.service_id,
        ids,
    )
    rows = []
    for service_id, status, visibility, hsds_status, minimum_age, maximum_age in services:
        shared = {
            "service_id": service_id,
            "status": status,
            "visibility": visibility,
            "hsds_status": hsds_status,
            "minimum_age": minimum_age,
            "maximum_age": maximum_age,
            "terms": "".join(f" {code}" for _id, code in terms.get(service_id, [])) + " ",
            "languages": "".join(f" {lang.lower()}" for _id, lang in languages.get(service_id, [])) + " ",
            **_schedule_columns(schedules.get(service_id, [])),
        }
        for _id, location_id, lat, lon in places.get(service_id, []):
            rows.append({**shared, "location_id": location_id, "lat": lat, "lon": lon})
    return rows


def refresh_features(connection: Connection, services: set[int] | None, locations: Iterable[int] = ()) -> None:
    """Rebuild the feature rows of these services and of every service at these locations (None: all rows).

    Rows are deleted and written again in the caller's transaction; a service or place gone leaves none.
    """
    if services is None:
        connection.execute(delete(match_features))
        ids = list(connection.scalars(select(Service.id).order_by(Service.id)))
    else:
        wanted = set(services)
        if locations:
            for chunk in chunks(sorted(locations)):
                wanted.update(
                    connection.scalars(
                        select(ServiceAtLocation.service_id).where(ServiceAtLocation.location_id.in_(chunk))
                    )
                )
                connection.execute(delete(match_features).where(match_features.c.location_id.in_(chunk)))
        ids = sorted(wanted)
        for chunk in chunks(ids):
            connection.execute(delete(match_features).where(match_features.c.service_id.in_(chunk)))
    for chunk in chunks(ids):
        rows = _rows_for(connection, chunk)
        if rows:
            connection.execute(insert(match_features), rows)


FEATURE_TABLES = frozenset(
    {"services", "locations", "service_at_locations", "schedules", "service_languages", "service_taxonomy_terms"}
    | {"taxonomies", "taxonomy_terms"}
)
"""Catalog tables the rows are built from (prices, texts, areas and organisations are not among them)."""


def _on_catalog_write(connection: Connection, tables: set[str], services: set[int] | None, locations: set[int]) -> None:
    if tables & FEATURE_TABLES:
        refresh_features(connection, services, locations)


def register() -> None:
    """Have every catalog write keep the feature rows in step (called when matching's blueprints are registered)."""
    catalog_cache.on_catalog_write(_on_catalog_write)


def _window_clauses(profile: Profile, params: dict[str, Any]) -> str:
    """SQL: the weekday hours of some schedule row could meet one of the person's windows."""
    clauses = []
    for n, window in enumerate(profile.windows):
        day = WEEKDAYS[window.weekday]
        params[f"end_{n}"], params[f"start_{n}"] = window.end, window.start
        clauses.append(f"(f.opens_{day} < :end_{n} AND f.closes_{day} > :start_{n})")
    return " OR ".join(clauses) or "false"


def _age_clauses(profile: Profile, params: dict[str, Any]) -> str:
    """SQL: the entry accepts some member's age (an unknown age only entries without limits)."""
    clauses = []
    for n, member in enumerate(profile.members):
        if member.age is None:
            clauses.append("(f.minimum_age IS NULL AND f.maximum_age IS NULL)")
        else:
            params[f"age_{n}"] = member.age
            clauses.append(
                f"((f.minimum_age IS NULL OR f.minimum_age <= :age_{n}) AND "
                f"(f.maximum_age IS NULL OR f.maximum_age >= :age_{n}))"
            )
    return " OR ".join(clauses)


def _like_any(column: str, name: str, patterns: Iterable[str], params: dict[str, Any]) -> str:
    clauses = []
    for n, pattern in enumerate(patterns):
        params[f"{name}_{n}"] = pattern
        clauses.append(f"{column} LIKE :{name}_{n}")
    return "(" + " OR ".join(clauses) + ")"


def _in_box_sql(box: BoundingBox, dialect: str, params: dict[str, Any]) -> str:
    """SQL: the row's place is inside the box, by the locations' spatial index alone (GiST `&&` or
    SpatiaLite's SpatialIndex); the exact distance is the caller's."""
    params.update(min_lon=box.min_lon, min_lat=box.min_lat, max_lon=box.max_lon, max_lat=box.max_lat)
    if dialect == "postgresql":  # gathered as one array first: the links by `= ANY` through their index
        return (
            "f.location_id = ANY(CAST((SELECT array_agg(b.id) FROM locations b WHERE b.point && "
            "ST_MakeEnvelope(:min_lon, :min_lat, :max_lon, :max_lat, 4326)) AS integer[]))"
        )
    return (
        "f.location_id IN (SELECT rowid FROM SpatialIndex WHERE f_table_name = 'locations' AND "
        "f_geometry_column = 'point' AND search_frame = BuildMbr(:min_lon, :min_lat, :max_lon, :max_lat, 4326))"
    )


@cache
def _version_sql() -> str:
    """`tsunagu.catalog_cache.version_column` as SQL text, compiled once (it holds no parameter)."""
    return str(version_column().compile(compile_kwargs={"literal_binds": True}))


def fast_keys_statement(
    profile: Profile, box: BoundingBox, today: dt.date, visibilities: Sequence[str], dialect: str
) -> tuple[Any, dict[str, Any]]:
    """The fast path's candidate query: (service id, location id, lat, lon, catalog version) of each place in
    the box whose feature row passes every narrowing condition, and its parameters.

    Necessary conditions of hard constraints only — status, visibility, age (some member's, for a household),
    the weekly pattern of the schedule, kinds, languages and accessibility — so it may keep an entry the
    engine then rejects, never the reverse; cost and capacity stay with the engine. Written as text: the
    conditions are few and simple, and building them as SQLAlchemy expressions per query cost more than
    running them.
    """
    params: dict[str, Any] = {"today": today, "status": "published", "active": "active"}
    where = [
        _in_box_sql(box, dialect, params),
        "f.status = :status",
        "f.hsds_status = :active",
        "f.visibility IN (" + ", ".join(f":visibility_{n}" for n in range(len(visibilities))) + ")",
        "(f.valid_to IS NULL OR f.valid_to >= :today)",
        f"({_window_clauses(profile, params)})",
        f"({_age_clauses(profile, params)})",
    ]
    params.update({f"visibility_{n}": value for n, value in enumerate(visibilities)})
    if profile.kinds:
        where.append(_like_any("f.terms", "kind", (f"% {code} %" for code in profile.kinds), params))
    if not profile.speaks_japanese:
        spoken = (f"% {lang} %" if lang == EASY_JAPANESE else f"% {lang.split('-')[0]}%" for lang in profile.languages)
        where.append(_like_any("f.languages", "language", spoken, params))
    for n, feature in enumerate(profile.accessibility):
        params[f"feature_{n}"] = feature
        where.append(
            "EXISTS (SELECT 1 FROM location_accessibility a WHERE a.location_id = f.location_id "  # noqa: S608
            f"AND a.feature = :feature_{n})"
        )
    sql = (
        "SELECT f.service_id, f.location_id, f.lat, f.lon, "  # noqa: S608 - our column names; values are bound
        + _version_sql()
        + " FROM match_features f WHERE "
        + " AND ".join(where)
    )
    times = tuple(name for name in params if name.startswith(("start_", "end_")))
    return _statement(sql, times), params


@lru_cache(maxsize=512)
def _statement(sql: str, times: tuple[str, ...]) -> Any:
    """The keys statement of this SQL text, made once: profiles of one shape (as many windows, ages, kinds,
    languages and features) share it, and building a text statement with its bound types cost more per query
    than the values it is run with."""
    return text(sql).bindparams(bindparam("today", type_=Date), *(bindparam(name, type_=Time) for name in times))
