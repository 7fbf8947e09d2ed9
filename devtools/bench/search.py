"""`tsunagu bench search`: the app's search paths against hand-written SQL, on a realistic query mix.

The mix is what residents and coordinators type and tick (`query_mix`): a word alone (one- and two-character
Japanese words included: 茶, 食堂, 料理), a kind, words and kinds near a point, open on a weekday at a time,
for an age. Centres are the places of generated entries, which follow population (devtools.demo.bulk), so a
search is made where people live. Nothing is cut from the data to make it match: `nonempty_share` reports how
many searches found something.

Two app paths are timed, each as its view calls it: the search page (`list_rows`, a capped count, a relaxation
when nothing matched) as "app", and the read API (full HSDS objects, an exact count) as "api". Every query of
the mix is checked on both against the raw SQL, as ordered lists of ids with the total: `mismatches` counts the
queries where any of the three disagree, and must be 0.
"""

from __future__ import annotations

import random
import time as clock
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from devtools.bench.common import figures, result
from directory.catalog.queries import freshness_cutoff
from directory.public.views import COUNT_LIMIT
from directory.schedules import WEEKDAY_CODES
from directory.search.grams import exact, fts_query, gram_query
from directory.search.params import SearchParams
from directory.search.plan import frequent, frequent_kinds, fts_match
from directory.search.query import search_services
from i18n.normalize import query_terms
from tsunagu.clock import today_in_japan
from tsunagu.spatial import BoundingBox

QUERIES = 200
RADIUS_KM = 3.0
WORDS = (
    # one character
    "茶",
    "碁",
    "本",
    # two characters: no trigram can serve them
    "食堂",
    "料理",
    "体操",
    "将棋",
    "相談",
    "学習",
    "宿題",
    "囲碁",
    "農園",
    # longer
    "子ども",
    "子ども食堂",
    "サロン",
    "居場所",
    "カフェ",
    "ボランティア",
    "ゲーム",
)
"""What people type, all of it in the generated names and descriptions (tests check every word is found)."""
KIND_CODES = ("salon", "kodomo_shokudo", "ibasho", "study_support", "volunteers_wanted", "consultation")
SHAPES: tuple[tuple[str, int], ...] = (
    ("word", 20),
    ("kind", 5),
    ("word_near", 20),
    ("kind_near", 20),
    ("near_day_time", 15),
    ("near_age", 10),
    ("kind_near_day", 10),
)
"""Kinds of search and how often each comes in the mix (weights)."""


def query_mix(session: Session, seed: int, count: int = QUERIES) -> list[SearchParams]:
    """Reproducible searches: shapes drawn by weight, centres at the places of generated entries."""
    rng = random.Random(seed)
    points = session.execute(
        text("SELECT ST_Y(l.point), ST_X(l.point) FROM locations l WHERE l.point IS NOT NULL ORDER BY l.id LIMIT 5000")
    ).all()
    shapes = [name for name, _w in SHAPES]
    weights = [w for _n, w in SHAPES]
    mix = []
    for _ in range(count):
        shape = rng.choices(shapes, weights)[0]
        params: dict[str, Any] = {}
        if "word" in shape:
            params["q"] = rng.choice(WORDS)
        if "kind" in shape:
            params["kinds"] = (rng.choice(KIND_CODES),)
        if "near" in shape:
            lat, lon = rng.choice(points)
            params.update(lat=lat, lon=lon, radius_km=RADIUS_KM, sort="distance")
        if "day" in shape:
            params["day"] = rng.randrange(7)
        if "time" in shape:
            params["at"] = time(rng.randrange(9, 19))
        if "age" in shape:
            params["age"] = rng.randrange(6, 80)
        mix.append(SearchParams(**params))
    return mix


def page_search(session: Session, params: SearchParams) -> tuple[list[int], int]:
    """What the search page asks (directory.public.views), minus the cache."""
    found = search_services(session, params, suggest=True, count_limit=COUNT_LIMIT, cached=False, list_rows=True)
    return [h.service.id for h in found.hits], found.total


def api_search(session: Session, params: SearchParams) -> tuple[list[int], int]:
    """What GET /api/v1/services asks (directory.api.views), minus the cache."""
    found = search_services(session, params, detail=True, cached=False)
    return [h.service.id for h in found.hits], found.total


@dataclass(frozen=True)
class RawPlan:
    """How the hand-written SQL is written on SQLite without a place (directory.search.plan): `walk` so that it
    can only start from the list-order index (a frequent word), `joined` with the pair table joined rather than
    asked as `id IN` (so a capped count streams), `listed` with the kinds as `id IN` their index (a rare kind);
    on PostgreSQL, `keyed`: a search without a place asked of the narrow side table (directory.search.keys),
    with services joined only for the LIKE of a longer word."""

    walk: bool = False
    joined: bool = False
    listed: bool = False
    keyed: bool = False


def raw_plan(session: Session, params: SearchParams) -> RawPlan:
    """What a hand-writer who knows the indexes asks before the page: how frequent the word and the kind are."""
    if params.near:
        return RawPlan()
    sqlite = session.get_bind().dialect.name == "sqlite"
    terms = query_terms(params.q)
    listed = bool(params.kinds) and not frequent_kinds(session, params.kinds)
    return RawPlan(
        walk=sqlite and bool(terms) and frequent(session, terms),
        joined=sqlite and fts_match(terms) is not None,
        listed=listed,
        keyed=not sqlite and params.age is None,  # the side table holds no ages
    )


def _needs_document(params: SearchParams) -> bool:
    """Whether a term is decided by the LIKE over the search document (directory.search.grams.exact)."""
    return any(gram_query(term) is None or not exact(term) for term in query_terms(params.q))


def _raw_from(plan: RawPlan, dialect: str, params: SearchParams) -> str:
    if plan.joined and not plan.walk:
        return "services_search_grams g JOIN services s ON s.id = g.rowid"
    document = " JOIN services d ON d.id = s.id" if _needs_document(params) else ""
    services = f"services_search_keys s{document}" if plan.keyed else "services s"
    if plan.listed and dialect == "postgresql":  # the kinds' entries first, behind a fence (directory.search.query)
        return (
            "(SELECT st.service_id FROM service_taxonomy_terms st JOIN taxonomy_terms t ON t.id = st.term_id "
            f"WHERE t.code = :kind OFFSET 0) k JOIN {services} ON s.id = k.service_id"
        )
    return services


def _raw_where(params: SearchParams, dialect: str, plan: RawPlan = RawPlan()) -> list[str]:
    """The hand-written WHERE conditions of a search (services `s`, and `l` for a search near a point), as `plan`
    says (`RawPlan`)."""
    plus = "+" if plan.walk else ""
    joined = plan.joined and not plan.walk
    where = [
        f"{plus}s.status = 'published' AND s.visibility = 'public' AND NOT s.do_not_list",
        "s.hsds_status != 'defunct' AND coalesce(s.verified_at, s.created_at) >= :fresh_after",
    ]
    for i, term in enumerate(query_terms(params.q)):
        # without a place, the pair index (alone for one or two kana or kanji); near a place the spatial index
        # leads and the LIKE checks the few hundred entries it finds
        paired = gram_query(term) is not None and not params.near
        if not paired or not exact(term):
            where.append(f"{'d' if plan.keyed else 's'}.search_text LIKE :term{i} ESCAPE '\\'")
        if paired and plan.keyed:
            where.append(f"s.grams @@ to_tsquery('simple', :grams{i})")
        elif paired and dialect == "postgresql":
            where.append(
                f"s.id IN (SELECT id FROM services_search_keys WHERE grams @@ to_tsquery('simple', :grams{i}))"
            )
        elif paired and not joined:
            where.append(
                f"{plus}s.id IN (SELECT rowid FROM services_search_grams WHERE services_search_grams MATCH :grams{i})"
            )
    if joined:
        where.append("g.services_search_grams MATCH :match")
    if params.kinds and plan.listed and dialect == "postgresql":
        pass  # joined in FROM (_raw_from)
    elif params.kinds and plan.listed:
        where.append(
            f"{plus}s.id IN (SELECT st.service_id FROM service_taxonomy_terms st JOIN taxonomy_terms t "
            "ON t.id = st.term_id WHERE t.code = :kind)"
        )
    elif params.kinds:
        where.append(
            "EXISTS (SELECT 1 FROM service_taxonomy_terms st JOIN taxonomy_terms t ON t.id = st.term_id "
            "WHERE st.service_id = s.id AND t.code = :kind)"
        )
    if params.day is not None or params.at is not None:
        day = "(sc.freq = 'DAILY' OR sc.byday LIKE :byday)" if params.day is not None else "sc.freq != 'IRREGULAR'"
        at = " AND (sc.opens_at IS NULL OR sc.opens_at <= :at) AND (sc.closes_at IS NULL OR sc.closes_at > :at)"
        where.append(
            f"EXISTS (SELECT 1 FROM schedules sc WHERE sc.service_id = s.id AND {day}"
            f"{at if params.at is not None else ''} AND (sc.valid_to IS NULL OR sc.valid_to >= :today))"
        )
    if params.age is not None:
        where.append(
            "(s.minimum_age IS NULL OR s.minimum_age <= :age) AND (s.maximum_age IS NULL OR s.maximum_age >= :age)"
        )
    if params.near and dialect == "postgresql":
        where.append(
            "l.point && ST_MakeEnvelope(:min_lon, :min_lat, :max_lon, :max_lat, 4326) "
            "AND ST_DWithin(l.point::geography, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, :metres)"
        )
    elif params.near:
        where.append(
            "l.id IN (SELECT rowid FROM SpatialIndex WHERE f_table_name = 'locations' AND f_geometry_column = "
            "'point' AND search_frame = BuildMbr(:min_lon, :min_lat, :max_lon, :max_lat, 4326)) "
            "AND PtDistWithin(l.point, MakePoint(:lon, :lat, 4326), :metres, 1) = 1"
        )
    return where


def raw_sql(params: SearchParams, dialect: str, level: int | None = None, plan: RawPlan = RawPlan()) -> str:
    """The best hand-written SQL for one search's page of ids, in the app's order; near a point with the exact
    total in a window column, as the app asks it (elsewhere the total is `raw_count_sql`'s). A text search
    without a place is asked per number of terms in the name (`level`), most first, until the page is full; on
    SQLite, as `plan` says."""
    where = " AND ".join(_raw_where(params, dialect, plan))
    key = "coalesce(s.name_kana, s.name)"
    terms = query_terms(params.q)
    if not params.near:
        if terms and level is not None:
            named = "s.name_normalized LIKE :term0 ESCAPE '\\'"
            hits = " + ".join(
                f"CASE WHEN s.name_normalized LIKE :term{i} ESCAPE '\\' THEN 1 ELSE 0 END" for i in range(len(terms))
            )
            condition = (named if level else f"NOT ({named})") if len(terms) == 1 else f"({hits}) = {level}"
            # on PostgreSQL the level first, as the app asks it (directory.search.query)
            where = f"{condition} AND {where}" if dialect == "postgresql" else f"{where} AND {condition}"
        return f"SELECT s.id FROM {_raw_from(plan, dialect, params)} WHERE {where} ORDER BY {key}, s.id LIMIT :limit"
    if dialect == "postgresql":
        distance = "ST_Distance(l.point::geography, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography)"
    else:
        distance = "ST_Distance(l.point, MakePoint(:lon, :lat, 4326), 1)"
    return f"""
        SELECT s.id, count(*) OVER () AS total, min({distance}) AS d
        FROM services s
        JOIN service_at_locations sl ON sl.service_id = s.id
        JOIN locations l ON l.id = sl.location_id
        WHERE {where}
        GROUP BY s.id
        ORDER BY d, {key}, s.id LIMIT :limit
    """


def raw_count_sql(params: SearchParams, dialect: str, cap: int | None, plan: RawPlan = RawPlan()) -> str:
    """How many services a search without a place finds: all of them, or at most `cap` + 1 (what the search
    page shows as "1 000 件以上")."""
    # a count has no order to walk; PostgreSQL counts a kind from the kinds' index whatever its frequency
    listed = plan.listed or (dialect == "postgresql" and bool(params.kinds))
    counted = RawPlan(joined=plan.joined, listed=listed, keyed=plan.keyed)
    where = " AND ".join(_raw_where(params, dialect, counted))
    inner = f"SELECT s.id FROM {_raw_from(counted, dialect, params)} WHERE {where}"
    return f"SELECT count(*) FROM ({inner}{f' LIMIT {cap + 1}' if cap is not None else ''}) AS found"


def _bind(params: SearchParams, dialect: str) -> dict[str, Any]:
    sqlite = dialect == "sqlite"
    binds: dict[str, Any] = {
        "limit": params.per_page,
        # SQLite keeps datetimes as text in SQLAlchemy's format; PostgreSQL compares real timestamps
        "fresh_after": str(freshness_cutoff()) if sqlite else freshness_cutoff(),
        "today": str(today_in_japan()) if sqlite else today_in_japan(),
    }
    if sqlite:
        binds["match"] = fts_match(query_terms(params.q))
    for i, term in enumerate(query_terms(params.q)):
        binds[f"term{i}"] = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        binds[f"grams{i}"] = gram_query(term) if dialect == "postgresql" else fts_query(term)
    if params.kinds:
        binds["kind"] = params.kinds[0]
    if params.day is not None:
        binds["byday"] = f"%{WEEKDAY_CODES[params.day]}%"
    if params.at is not None:
        binds["at"] = params.at.strftime("%H:%M:%S.%f") if sqlite else params.at  # SQLAlchemy's TIME text on SQLite
    if params.age is not None:
        binds["age"] = params.age
    if params.near:
        metres = (params.radius_km or 0) * 1000
        box = BoundingBox.around(params.lat or 0, params.lon or 0, metres)
        binds.update(
            lat=params.lat,
            lon=params.lon,
            metres=metres,
            min_lon=box.min_lon,
            min_lat=box.min_lat,
            max_lon=box.max_lon,
            max_lat=box.max_lat,
        )
    return binds


def raw_search(session: Session, params: SearchParams, cap: int | None = None) -> tuple[list[int], int]:
    """The baseline's page of ids and total; without a place, the total stops after `cap` + 1 matches when
    given (the search page's question) and is exact otherwise."""
    dialect = session.get_bind().dialect.name
    binds = _bind(params, dialect)
    if params.near:
        rows = session.execute(text(raw_sql(params, dialect)), binds).all()
        return [row[0] for row in rows], (rows[0][1] if rows else 0)
    terms = query_terms(params.q)
    plan = raw_plan(session, params)
    ids: list[int] = []
    for level in range(len(terms), -1, -1) if terms else [None]:
        ids += session.scalars(
            text(raw_sql(params, dialect, level, plan)), {**binds, "limit": params.per_page - len(ids)}
        )
        if len(ids) >= params.per_page:
            break
    total = session.scalar(text(raw_count_sql(params, dialect, cap, plan)), binds) if ids else 0
    return ids, int(total or 0)


def disagreements(session: Session, mix: Sequence[SearchParams]) -> list[tuple[SearchParams, str]]:
    """Every query where the page, the API and the raw SQL do not give the same ids in the same order and the
    same total (the page's total is capped at COUNT_LIMIT without a circle, as it shows "1 000 件以上")."""
    found = []
    for params in mix:
        raw_ids, raw_total = raw_search(session, params)
        page_ids, page_total = page_search(session, params)
        api_ids, api_total = api_search(session, params)
        expected_page_total = raw_total if params.near else min(raw_total, COUNT_LIMIT)
        if page_ids != raw_ids or api_ids != raw_ids or api_total != raw_total or page_total != expected_page_total:
            found.append(
                (
                    params,
                    f"raw {raw_ids[:5]}… ({raw_total}), page {page_ids[:5]}… ({page_total}), "
                    f"api {api_ids[:5]}… ({api_total})",
                )
            )
    return found


def shape_of(params: SearchParams) -> str:
    """The name in SHAPES of the kind of search `params` is ("word_near", "kind_near_day"…)."""
    parts = {
        "word": bool(params.q),
        "kind": bool(params.kinds),
        "near": params.near,
        "day": params.day is not None,
        "time": params.at is not None,
        "age": params.age is not None,
    }
    return "_".join(name for name, present in parts.items() if present)


def interleaved(
    paths: dict[str, Callable[[SearchParams], object]], mix: Sequence[SearchParams], *, warmup: int = 5
) -> dict[str, list[float]]:
    """Each path's milliseconds over the same queries, query by query, the order of the paths rotating from one
    query to the next, so whatever changes during the run (caches, the machine's other work) falls on every path
    alike."""
    names = list(paths)
    for params in mix[:warmup]:
        for name in names:
            paths[name](params)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index, params in enumerate(mix):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            start = clock.perf_counter()
            paths[name](params)
            samples[name].append((clock.perf_counter() - start) * 1000)
    return samples


def by_shape(samples: dict[str, list[float]], mix: Sequence[SearchParams]) -> dict[str, dict[str, Any]]:
    """Each path's figures per kind of search, to see which kinds make the p95."""
    shapes = [shape_of(params) for params in mix]
    return {
        shape: {
            "queries": shapes.count(shape),
            **{
                name: figures([ms for ms, s in zip(values, shapes, strict=True) if s == shape])
                for name, values in samples.items()
            },
        }
        for shape, _weight in SHAPES
        if shape in shapes
    }


def nonempty_share(session: Session, mix: Sequence[SearchParams]) -> float:
    """The share of the searches that find at least one entry."""
    return round(sum(bool(raw_search(session, params, cap=0)[0]) for params in mix) / len(mix), 3)


def run(session: Session, size: int, seed: int, queries: int = QUERIES) -> dict[str, Any]:
    """Check every query of the mix on all three paths, then time them over the same mix."""
    dialect = session.get_bind().dialect.name
    mix = query_mix(session, seed, queries)
    mismatches = len(disagreements(session, mix))
    samples = interleaved(
        {
            "app": lambda p: page_search(session, p),
            "api": lambda p: api_search(session, p),
            "baseline": lambda p: raw_search(session, p, COUNT_LIMIT),
        },
        mix,
    )
    overall = {name: figures(values) for name, values in samples.items()}
    api = overall["api"]
    return result(
        "search",
        size,
        dialect,
        overall["app"],
        overall["baseline"],
        "raw-sql",
        api={**api, "ratio_p95": round(api["p95_ms"] / overall["baseline"]["p95_ms"], 2)},
        queries=len(mix),
        nonempty_share=nonempty_share(session, mix),
        mismatches=mismatches,
        shape_weights=dict(SHAPES),
        by_shape=by_shape(samples, mix),
    )
