"""Reads for the maps: the entries a search puts on the map (areas and coverage: directory.map_pages.coverage).

The map shows what the search with the same `SearchParams` finds (directory.search.query.build_filters), but all of
it rather than one page, so it reads plain rows with Core instead of loading ORM objects: one query brings each
entry with its first kind, its price list and its schedule rows folded into strings (string_agg/group_concat),
and a cost line and a next date are computed once per distinct string. What it builds is kept in `MAP_CACHE`
per catalog version (tsunagu.catalog_cache), so a repeat of the same map costs a look-up. Private homes leave
this module already jittered (maps.privacy).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import time as dt_time
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Integer, LargeBinary, String, case, cast, func, literal, select, tuple_, type_coerce
from sqlalchemy.orm import Session

from directory import schedules
from directory.catalog import labels
from directory.catalog.queries import public_filter
from directory.models import (
    AddressVisibility,
    AgeBand,
    CostOption,
    EntryStatus,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    service_taxonomy_terms,
)
from directory.search.params import SearchParams
from directory.search.query import build_filters
from maps.entries import KindStyle, MapEntry
from maps.privacy import jitter_point
from tsunagu.catalog_cache import CatalogCache, entry_versions, shared_version
from tsunagu.spatial import BoundingBox, within_box

MAP_LIMIT = 20_000
"""At most this many entries in one answer of /api/v1/map.geojson (a town has hundreds)."""
MARKER_CAP = 2_000
"""At most this many markers in one map frame: a search finding more (a prefecture, the country) is drawn as
the database's grid zoomed out and, zoomed in, as the entries of the view only (`map_view_body`), instead of
building thousands of markers the reader cannot see."""


@dataclass(frozen=True)
class MapData:
    """What a map shows: its entries, how many matched in all, and how many have no point (位置未設定)."""

    entries: list[MapEntry]
    total: int
    unplaced: int
    bounds: list[list[float]] | None = None
    """[[south, west], [north, east]] of every placed entry, when there are more than the map carries."""

    @property
    def truncated(self) -> bool:
        return self.total > len(self.entries)


def matching_query(params: SearchParams, dialect: str, public_only: bool = True) -> Any:
    """(service, location) pairs matching the search (the search's own filters), public ones only unless
    `public_only` is false (published entries of every visibility: what staff may see)."""
    visible = public_filter() if public_only else (Service.status == EntryStatus.PUBLISHED)
    return (
        select(Service.id)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(visible, *build_filters(params, dialect))
    )


def kind_styles(session: Session, locale: str) -> list[KindStyle]:
    """The kinds of the taxonomy in their order, labelled in `locale`, with icon glyph and colour."""
    terms = session.scalars(
        select(TaxonomyTerm)
        .join(TaxonomyTerm.taxonomy)
        .where(Taxonomy.code == "kind")
        .order_by(TaxonomyTerm.sort_order, TaxonomyTerm.id)
    )
    return [KindStyle.from_term(t.code, t.label(locale), t.icon, t.colour) for t in terms]


def _aggregate(expression: Any, dialect: str) -> Any:
    """`expression` of every row joined by ";" (string_agg on PostgreSQL, group_concat on SQLite)."""
    if dialect == "postgresql":
        return func.string_agg(expression, ";")
    return func.group_concat(expression, ";")


def _kind_terms(session: Session) -> list[tuple[int, str]]:
    """(id, code) of the kind terms in taxonomy order: a service is drawn with the first of its kinds."""
    query = (
        select(TaxonomyTerm.id, TaxonomyTerm.code)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(Taxonomy.code == "kind")
        .order_by(TaxonomyTerm.sort_order, TaxonomyTerm.id)
    )
    return [(term_id, code) for term_id, code in session.execute(query)]


def _kind_column(term_ids: list[int]) -> Any:
    """Each service's first kind as its position in `term_ids` (a min() per service: no sort per row)."""
    if not term_ids:
        return literal(None, Integer)
    rank = case({term_id: index for index, term_id in enumerate(term_ids)}, value=service_taxonomy_terms.c.term_id)
    return (
        select(func.min(rank))
        .where(service_taxonomy_terms.c.service_id == Service.id, service_taxonomy_terms.c.term_id.in_(term_ids))
        .scalar_subquery()
    )


def _costs_column(dialect: str) -> Any:
    """Each service's price list as one string "band:free:amount;…" (parsed once per distinct list).

    One string per service instead of a row per price: 36 000 enum and boolean conversions fewer at 10 000."""
    as_text = [
        type_coerce(CostOption.age_band, String),
        cast(cast(CostOption.is_free, Integer), String),
        func.coalesce(cast(CostOption.amount_yen, String), ""),
    ]
    item = as_text[0] + ":" + as_text[1] + ":" + as_text[2]
    return select(_aggregate(item, dialect)).where(CostOption.service_id == Service.id).scalar_subquery()


def _schedules_column(dialect: str) -> Any:
    """Each service's schedule rows as one string "freq|interval|byday|…;…" (parsed once per distinct
    string: real and generated data repeat a few patterns), instead of a query and a tuple per row."""
    fields = [func.coalesce(cast(getattr(Schedule, name), String), "") for name in ("freq", *schedules.RULE_FIELDS)]
    item: Any = fields[0]
    for field_ in fields[1:]:
        item = item + "|" + field_
    return select(_aggregate(item, dialect)).where(Schedule.service_id == Service.id).scalar_subquery()


@lru_cache(maxsize=4096)
def _rule(raw: str) -> schedules.Rule:
    """A Rule from one "freq|interval|…" item (times and dates as ISO text on both databases)."""
    fields: dict[str, Any] = dict(zip(("freq", *schedules.RULE_FIELDS), raw.split("|"), strict=True))
    for name, parse in (("opens_at", dt_time), ("closes_at", dt_time), ("valid_from", date), ("valid_to", date)):
        fields[name] = parse.fromisoformat(fields[name][: 10 if parse is date else None]) if fields[name] else None
    fields["interval"] = int(fields["interval"]) if fields["interval"] else None
    return schedules.Rule.from_row(SimpleNamespace(**fields))


def _parsed_costs(raw: str | None) -> tuple[labels.PriceItem, ...]:
    """The "band:free:amount;…" string of `_costs_column` as (band, free, amount) items."""
    if not raw:
        return ()
    return tuple((AgeBand(b), f == "1", int(a) if a else None) for b, f, a in (i.split(":") for i in raw.split(";")))


def _cost_line_of() -> Callable[[str | None, str | None], str]:
    """参加費 line (directory.catalog.labels.price_line) of a (fees text, price list) pair, each distinct pair once."""

    @cache
    def line(fees_description: str | None, raw: str | None) -> str:
        return labels.price_line(fees_description, _parsed_costs(raw))

    return line


def _position_columns(dialect: str) -> list[Any]:
    """The point as (lat, lon) from PostGIS, as its raw blob from SpatiaLite (see `_spatialite_lat_lon`)."""
    if dialect == "sqlite":
        return [type_coerce(Location.point, LargeBinary)]
    return [func.ST_Y(Location.point), func.ST_X(Location.point)]


_LITTLE_POINT, _BIG_POINT = struct.Struct("<idd"), struct.Struct(">idd")


def _spatialite_lat_lon(blob: bytes) -> tuple[float, float]:
    """(lat, lon) of a SpatiaLite POINT blob, read in place: ST_X and ST_Y parse each blob again per call,
    which was most of the map query's time on SQLite. Layout of SpatiaLite's BLOB-Geometry: 0x00, byte
    order, SRID, MBR (4 doubles), 0x7C, class (1 = POINT), then X and Y."""
    kind, lon, lat = (_LITTLE_POINT if blob[1] == 1 else _BIG_POINT).unpack_from(blob, 39)
    if kind != 1 or blob[38] != 0x7C:
        raise ValueError("not a SpatiaLite POINT blob")
    return lat, lon


@dataclass(frozen=True)
class MapRows:
    """The entries of a map as plain tuples (`ENTRY_FIELDS`), positions already jittered, dates not yet
    formatted: what the catalog cache keeps per search, locale and visibility."""

    rows: list[tuple[Any, ...]]
    total: int
    unplaced: int
    bounds: list[list[float]] | None = None


ENTRY_FIELDS = ("id", "uuid", "name", "kind", "lat", "lon", "approximate", "next_date", "cost")
MAP_CACHE = CatalogCache(maxsize=16, ttl=600)
"""Built maps per process: rows per search (here) and whole map documents (directory.map_pages.views)."""


def visibility_class(public_only: bool) -> str:
    """What a cached map may be shown to: one built for staff (coordinators-only entries included) must never
    be served to the public, so every cache key carries this."""
    return "public" if public_only else "staff"


def search_key(params: SearchParams) -> SearchParams:
    """The search as a cache key: paging and sort do not change what a map shows."""
    return params.with_changes(page=1, per_page=SearchParams.per_page, sort="relevance")


def read_map_rows(
    session: Session,
    params: SearchParams,
    *,
    today: date,
    public_only: bool = True,
    limit: int = MAP_LIMIT,
    box: BoundingBox | None = None,
    all_or_none: bool = False,
    known: MapMatches | None = None,
) -> MapRows:
    """Every entry the search finds that has a point (inside `box` if given), read with Core (one query of
    plain rows for entries, kinds and prices, one for schedules), in the current locale (the cost line is
    translated). Past `limit`, the count and extent of all of them instead of the rest; with `all_or_none`,
    no rows at all then (found out first, with a query of ids only: nothing is built for a national map).
    With `known` (what `map_inputs` read for the same search, all or none, no box), the rows of its pairs."""
    dialect = session.get_bind().dialect.name
    matching = matching_query(params, dialect, public_only)
    placed = matching.where(Location.point.is_not(None))
    if box is not None:
        placed = placed.where(within_box(Location.point, box, dialect))
    kinds = _kind_terms(session)
    columns = _row_columns(dialect, [term_id for term_id, _code in kinds])
    if known is not None:
        unplaced = known.unplaced
    else:
        without_point = matching.where(Location.point.is_(None)).subquery()
        unplaced = session.scalar(select(func.count(func.distinct(without_point.c.id))))
    if known is not None:
        rows, total, bounds = _known_rows(session, known, columns)
    elif all_or_none:
        rows, total, bounds = _all_or_none_rows(session, placed, columns, limit)
    else:
        query = placed.with_only_columns(*columns).order_by(Service.id, Location.id).limit(limit + 1)
        # on the Core connection: the ORM's result processing calls a Python function per column per row
        rows = list(session.connection().execute(query))
        total, bounds = len(rows), None
        if total > limit:  # counted only when the map cannot show them all
            rows = rows[:limit]
            total, bounds = _count_and_extent(session, placed)
    upcoming = _next_date_cache(today)
    cost_line = _cost_line_of()
    area = AddressVisibility.AREA.value
    entries = []
    codes = [code for _id, code in kinds]
    for service_id, uuid, name, fees, kind, costs, rules, location_uuid, visibility, *point in rows:
        lat, lon = _spatialite_lat_lon(point[0]) if dialect == "sqlite" else point
        private = visibility == area
        if private:
            lat, lon = jitter_point(lat, lon, location_uuid)
        next_date = upcoming(rules)
        entries.append(
            (
                service_id,
                uuid,
                name,
                "" if kind is None else codes[kind],
                round(lat, 6),
                round(lon, 6),
                private,
                next_date,
                cost_line(fees, costs),
            )
        )
    return MapRows(entries, total, int(unplaced or 0), bounds)


def _row_columns(dialect: str, kind_term_ids: list[int]) -> list[Any]:
    """What a map row reads of each (service, location) pair; `kind_term_ids`: the kinds in taxonomy order."""
    return [
        Service.id,
        Service.uuid,
        Service.name,
        Service.fees_description,
        _kind_column(kind_term_ids),
        _costs_column(dialect),
        _schedules_column(dialect),
        Location.uuid,
        type_coerce(Location.address_visibility, String),
        *_position_columns(dialect),
    ]


def _all_or_none_rows(
    session: Session, placed: Any, columns: list[Any], limit: int
) -> tuple[list[Any], int, list[list[float]] | None]:
    """(rows, total, bounds) of `placed`: every row when there are at most `limit`, none past it (then the
    count and extent of all of them).

    One statement evaluates the search once: the first `limit` + 1 matches are taken into a CTE, counted, and
    the rows (kinds, prices, schedules: the costly columns) are read only when the count is within `limit`.
    Counting first and reading the rows in a second statement ran the search's filters (a word's LIKE scan,
    a circle) twice on every map of a town."""
    first = (
        placed.with_only_columns(Service.id.label("service_id"), Location.id.label("location_id"))
        .limit(limit + 1)
        .cte("first_matches")
    )
    found = select(func.count().label("n")).select_from(first).cte("found")
    pairs = first.join(Service, Service.id == first.c.service_id).join(Location, Location.id == first.c.location_id)
    query = (
        select(found.c.n, *columns)
        .select_from(found.outerjoin(pairs, found.c.n <= limit))
        .order_by(Service.id, Location.id)
    )
    # on the Core connection: the ORM's result processing calls a Python function per column per row
    result = session.connection().execute(query).all()
    matched = int(result[0][0]) if result else 0
    if matched > limit:
        total, bounds = _count_and_extent(session, placed)
        return [], total, bounds
    return [row[1:] for row in result if row[1] is not None], matched, None


def _count_and_extent(session: Session, placed: Any) -> tuple[int, list[list[float]] | None]:
    """How many entries `placed` finds, and [[south, west], [north, east]] around them, in one statement."""
    found = placed.with_only_columns(
        Service.id.label("id"), func.ST_X(Location.point).label("lon"), func.ST_Y(Location.point).label("lat")
    ).subquery()
    total, south, west, north, east = session.execute(
        select(
            func.count(),
            func.min(found.c.lat),
            func.min(found.c.lon),
            func.max(found.c.lat),
            func.max(found.c.lon),
        )
    ).one()
    if not total:
        return 0, None
    return int(total), [[float(south), float(west)], [float(north), float(east)]]


def map_rows(
    session: Session,
    params: SearchParams,
    *,
    today: date,
    public_only: bool = True,
    limit: int = MAP_LIMIT,
    all_or_none: bool = False,
) -> MapRows:
    """`read_map_rows` through the catalog cache (key: search, day, the locale its cost lines are translated
    into, visibility, limit)."""
    key = ("rows", search_key(params), today, _current_locale(), visibility_class(public_only), limit, all_or_none)
    return MAP_CACHE.get_or_build(
        session,
        key,
        lambda: read_map_rows(
            session, params, today=today, public_only=public_only, limit=limit, all_or_none=all_or_none
        ),
    )


@dataclass(frozen=True)
class MapMatches:
    """What a map of `map_entries(…, all_or_none=True)` marks, read without its rows (`map_inputs`): the
    (entry, place) pairs, or past its limit None and the count and extent it shows instead; and how many
    matches have no point."""

    pairs: tuple[tuple[int, int], ...] | None
    unplaced: int
    beyond: tuple[int, list[list[float]] | None] | None = None


def map_inputs(
    session: Session, params: SearchParams, *, public_only: bool = True, limit: int = MARKER_CAP
) -> tuple[MapMatches, object]:
    """What a map of `map_entries(…, limit=limit, all_or_none=True)` shows from the catalog: its `MapMatches`
    and the versions of the marked entries' pages (they move with all that is shown of an entry, and with the
    kinds and areas). A map document is served again after a write when these read the same
    (tsunagu.catalog_cache: Revalidation); when it is built, `map_entries(…, known=)` reads the rows of these
    pairs instead of running the search again."""
    dialect = session.get_bind().dialect.name
    matching = matching_query(params, dialect, public_only)
    placed = matching.where(Location.point.is_not(None))
    pairs = session.execute(
        placed.with_only_columns(Service.id, Location.id).order_by(Service.id, Location.id).limit(limit + 1)
    ).all()
    without_point = matching.where(Location.point.is_(None)).subquery()
    unplaced = int(session.scalar(select(func.count(func.distinct(without_point.c.id)))) or 0)
    if len(pairs) > limit:
        return MapMatches(None, unplaced, _count_and_extent(session, placed)), shared_version(session)
    marked = tuple((service_id, location_id) for service_id, location_id in pairs)
    return MapMatches(marked, unplaced), entry_versions(session, [service_id for service_id, _place in marked])


def _known_rows(session: Session, known: MapMatches, columns: list[Any]) -> tuple[list[Any], int, Any]:
    """(rows, total, bounds) of the pairs `map_inputs` found, read by their keys (the search is not run again)."""
    if known.beyond is not None:
        return [], known.beyond[0], known.beyond[1]
    if not known.pairs:
        return [], 0, None
    query = (
        select(*columns)
        .select_from(Service)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(tuple_(Service.id, Location.id).in_(known.pairs))
        .order_by(Service.id, Location.id)
    )
    # on the Core connection: the ORM's result processing calls a Python function per column per row
    return list(session.connection().execute(query)), len(known.pairs), None


def detail_link(detail_url: Callable[[int], str] | str) -> Callable[[int], str]:
    """Each entry's link: a callable, or the detail URL of service 0 (the id put in place of its last 0)."""
    if callable(detail_url):
        return detail_url
    head, _zero, tail = detail_url.rpartition("0")
    return lambda service_id: f"{head}{service_id}{tail}"


def map_entries(
    session: Session,
    params: SearchParams,
    *,
    today: date,
    format_date: Callable[[date], str],
    detail_url: Callable[[int], str] | str,
    limit: int | None = None,
    public_only: bool = True,
    all_or_none: bool = False,
    known: MapMatches | None = None,
) -> MapData:
    """Every public entry the search finds that has a point, as plain map entries (cached per catalog version).

    "今日開いている" is the schedule engine's own answer: the next date from `today` is today. Entries of
    private homes are placed by `maps.privacy.jitter_point`, i.e. jittered, here at the boundary of the
    database. `detail_url` is best given as the URL of service 0 (one url_for per map, not per entry). With
    `known` (what `map_inputs` read), the rows of its pairs, read by key.
    """
    limit = MAP_LIMIT if limit is None else limit
    if known is not None:  # the pairs are known: their rows are read by key, not kept (the document is)
        data = read_map_rows(session, params, today=today, public_only=public_only, limit=limit, known=known)
    else:
        data = map_rows(session, params, today=today, public_only=public_only, limit=limit, all_or_none=all_or_none)
    return map_data(data, today=today, format_date=format_date, detail_url=detail_url)


def map_data(
    data: MapRows, *, today: date, format_date: Callable[[date], str], detail_url: Callable[[int], str] | str
) -> MapData:
    """The map entries of rows read by `read_map_rows`, dates formatted for the reader."""
    link = detail_link(detail_url)
    dates: dict[date, str] = {}
    entries = []
    for service_id, uuid, name, kind, lat, lon, private, next_date, cost in data.rows:
        text = ""
        if next_date is not None:
            text = dates.get(next_date) or dates.setdefault(next_date, format_date(next_date))
        entries.append(
            MapEntry(
                id=service_id,
                uuid=uuid,
                name=name,
                kind=kind,
                lat=lat,
                lon=lon,
                url=link(service_id),
                approximate=private,
                open_today=next_date == today,
                next_date=text,
                cost=cost,
            )
        )
    return MapData(entries, data.total, data.unplaced, data.bounds)


def _current_locale() -> str:
    """The locale cost lines are translated into (Flask-Babel's, outside a request Japanese)."""
    try:
        from flask_babel import get_locale  # type: ignore[import-untyped]

        return str(get_locale() or "ja")
    except RuntimeError:
        return "ja"


def _next_date_cache(today: date) -> Callable[[str | None], date | None]:
    """The next date of a service's schedule string (`_schedules_column`): the earliest of its rules' next
    dates, each distinct rule and each distinct string computed once per build."""

    @cache
    def one(rule: schedules.Rule) -> date | None:
        found = schedules.next_dates([rule], today, 1)
        return found[0].date if found else None

    @cache
    def upcoming(raw: str | None) -> date | None:
        dates = [d for d in (one(_rule(item)) for item in raw.split(";")) if d is not None] if raw else []
        return min(dates) if dates else None

    return upcoming
