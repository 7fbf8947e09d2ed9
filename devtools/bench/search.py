"""`tsunagu bench search`: the app's search path against hand-written SQL for the same queries.

The query mix is what residents and coordinators do most: a word, a kind, within 3 km of a point, open on a
weekday at a time, for an age. Words are cut from names in the generated data so every query can match.
"""

from __future__ import annotations

import random
from datetime import time
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from devtools.bench.common import paired_timings, result
from directory.catalog.queries import freshness_cutoff
from directory.catalog.taxonomy import KINDS
from directory.schedules import WEEKDAY_CODES
from directory.search.params import SearchParams
from directory.search.query import search_services
from i18n.normalize import normalize, query_terms
from tsunagu.spatial import BoundingBox

QUERIES = 200


def query_mix(session: Session, seed: int, count: int = QUERIES) -> list[SearchParams]:
    """Reproducible searches centred on real points, with words that occur in the data."""
    rng = random.Random(seed)
    sample = session.execute(
        text(
            "SELECT s.name, ST_Y(l.point), ST_X(l.point) FROM services s "
            "JOIN service_at_locations sl ON sl.service_id = s.id JOIN locations l ON l.id = sl.location_id "
            "WHERE l.point IS NOT NULL ORDER BY s.id LIMIT 2000"
        )
    ).all()
    mix = []
    for _ in range(count):
        name, lat, lon = rng.choice(sample)
        folded = normalize(name).replace(" ", "")
        start = rng.randrange(max(1, len(folded) - 2))
        mix.append(
            SearchParams(
                q=folded[start : start + rng.choice((2, 3))],
                kinds=(rng.choice(KINDS)[0],) if rng.random() < 0.5 else (),
                lat=lat,
                lon=lon,
                radius_km=3.0,
                day=rng.randrange(7),
                at=time(rng.randrange(9, 19)),
                age=rng.randrange(6, 80),
                sort="distance",
            )
        )
    return mix


def raw_sql(dialect: str) -> str:
    """The best hand-written SQL for the same search (count and first page in one statement)."""
    if dialect == "postgresql":
        near = (
            "l.point && ST_MakeEnvelope(:min_lon, :min_lat, :max_lon, :max_lat, 4326) "
            "AND ST_DWithin(l.point::geography, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, :metres)"
        )
        distance = "ST_Distance(l.point::geography, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography)"
    else:
        near = (
            "l.id IN (SELECT rowid FROM SpatialIndex WHERE f_table_name = 'locations' AND f_geometry_column = "
            "'point' AND search_frame = BuildMbr(:min_lon, :min_lat, :max_lon, :max_lat, 4326)) "
            "AND PtDistWithin(l.point, MakePoint(:lon, :lat, 4326), :metres, 1) = 1"
        )
        distance = "ST_Distance(l.point, MakePoint(:lon, :lat, 4326), 1)"
    return f"""
        SELECT s.id, {distance} AS d, count(*) OVER () AS total
        FROM services s
        JOIN service_at_locations sl ON sl.service_id = s.id
        JOIN locations l ON l.id = sl.location_id
        WHERE s.status = 'published' AND s.visibility = 'public' AND NOT s.do_not_list
          AND s.hsds_status != 'defunct' AND coalesce(s.verified_at, s.created_at) >= :fresh_after
          AND s.search_text LIKE :pattern
          AND (CAST(:kind AS VARCHAR) IS NULL OR EXISTS (SELECT 1 FROM service_taxonomy_terms st JOIN taxonomy_terms t
                ON t.id = st.term_id WHERE st.service_id = s.id AND t.code = :kind))
          AND {near}
          AND EXISTS (SELECT 1 FROM schedules sc WHERE sc.service_id = s.id
                AND (sc.freq = 'DAILY' OR sc.byday LIKE :byday)
                AND (sc.opens_at IS NULL OR sc.opens_at <= :at) AND (sc.closes_at IS NULL OR sc.closes_at > :at))
          AND (s.minimum_age IS NULL OR s.minimum_age <= :age) AND (s.maximum_age IS NULL OR s.maximum_age >= :age)
        ORDER BY d LIMIT 20
    """


def _bind(params: SearchParams, dialect: str) -> dict[str, Any]:
    box = BoundingBox.around(params.lat or 0, params.lon or 0, (params.radius_km or 0) * 1000)
    at: Any = params.at
    if dialect == "sqlite" and at is not None:
        at = at.strftime("%H:%M:%S.%f")  # the text form SQLAlchemy stores TIME in on SQLite
    return {
        "pattern": f"%{query_terms(params.q)[0]}%" if query_terms(params.q) else "%",
        "kind": params.kinds[0] if params.kinds else None,
        "lat": params.lat,
        "lon": params.lon,
        "metres": (params.radius_km or 0) * 1000,
        "min_lon": box.min_lon,
        "min_lat": box.min_lat,
        "max_lon": box.max_lon,
        "max_lat": box.max_lat,
        "byday": f"%{WEEKDAY_CODES[params.day or 0]}%",
        "at": at,
        "age": params.age,
        # SQLite keeps datetimes as text in SQLAlchemy's format; PostgreSQL compares real timestamps
        "fresh_after": str(freshness_cutoff()) if dialect == "sqlite" else freshness_cutoff(),
    }


def run(session: Session, size: int, seed: int) -> dict[str, Any]:
    """Time both paths over the same query mix and check that they agree on every answer."""
    dialect = session.get_bind().dialect.name
    mix = query_mix(session, seed)
    statement = text(raw_sql(dialect))
    mismatches = 0
    for params in mix[:20]:
        app_ids = [h.service.id for h in search_services(session, params, cached=False).hits]
        raw_ids = [row[0] for row in session.execute(statement, _bind(params, dialect))]
        mismatches += set(app_ids) != set(raw_ids)
    app, baseline = paired_timings(
        lambda p: search_services(session, p, cached=False, list_rows=True),  # as the search page asks
        lambda p: session.execute(statement, _bind(p, dialect)).all(),
        mix,
    )
    return result("search", size, dialect, app, baseline, "raw-sql", queries=len(mix), mismatches=mismatches)
