"""Catalog search: one query builder behind the search page, the map and the open API.

Filters run in SQL (spatial index for "near", EXISTS sub-queries for schedules, costs, languages, tags) so
the database does the narrowing; text matches a normalised `search_text` column (see i18n.normalize), so
表記ゆれ (子ども/こども/子供, ｶﾅ/カナ, full/half width) and labels in every language find the same entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    case,
    distinct,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    table,
)
from sqlalchemy import column as sql_column
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from directory import schedules
from directory.catalog.queries import get_services, public_filter
from directory.models import (
    AgeBand,
    CostOption,
    Frequency,
    Location,
    LocationAccessibility,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
    service_taxonomy_terms,
)
from directory.schedules import WEEKDAY_CODES
from directory.search.grams import exact, fts_query, gram_query
from directory.search.keys import grams_match, holding, keyed_services, through_keys
from directory.search.list_rows import ListEntry, list_entries
from directory.search.params import SearchParams
from directory.search.plan import frequent, frequent_kinds, fts_match, walk_list_order
from i18n.locales import DEFAULT_LOCALE
from i18n.normalize import query_terms
from i18n.selection import ui_locale
from tsunagu.catalog_cache import CatalogCache
from tsunagu.clock import today_in_japan
from tsunagu.spatial import distance_m, within_m

RADIUS_STEPS_KM = (1, 2, 3, 5, 10, 20)
PAIRS = table("services_search_grams", sql_column("rowid"), sql_column("services_search_grams"))
"""SQLite's FTS5 table of the character pairs of search documents (migration 0028); `rowid` is the service's id."""
PAGES = CatalogCache(maxsize=1024, ttl=300)
"""Pages of ids of public searches, per catalog version and day (plain data, shared by every caller)."""


def age_band(age: int) -> AgeBand:
    """The 参加費 age band of the 子ども食堂 layout for an age (school years approximated by age)."""
    if age < 6:
        return AgeBand.INFANT
    if age < 12:
        return AgeBand.ELEMENTARY
    if age < 15:
        return AgeBand.JUNIOR_HIGH
    if age < 18:
        return AgeBand.HIGH_SCHOOL
    return AgeBand.ADULT


def _like_pattern(term: str) -> str:
    """LIKE pattern for "contains `term`" (wildcards in the term are escaped)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _document_pattern(term: str) -> str:
    """LIKE pattern against `search_text` (space-padded words, see directory.catalog.indexing).

    Japanese is matched as a substring (食堂 finds 子ども食堂); a Latin-script word must start a word, and a
    short one (≤ 3 letters, e.g. Vietnamese "cơm" → "com") must be a whole word, or it would match the
    middle of every "community".
    """
    if not (term.isascii() and term.isalnum()):
        return _like_pattern(term)
    escaped = term.replace("_", "\\_")
    return f"% {escaped} %" if len(term) <= 3 else f"% {escaped}%"


def _has_term(codes: tuple[str, ...], listed: bool = False) -> ColumnElement[bool]:
    """The entry is of one of the kinds (taxonomy codes): asked per entry (EXISTS), or with `listed` as
    `id IN` the kinds' entries, for SQLite to start from the kinds' index (directory.search.plan)."""
    if listed:
        return Service.id.in_(
            select(service_taxonomy_terms.c.service_id)
            .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy_terms.c.term_id)
            .where(TaxonomyTerm.code.in_(codes))
        )
    return exists().where(
        service_taxonomy_terms.c.service_id == Service.id,
        service_taxonomy_terms.c.term_id == TaxonomyTerm.id,
        TaxonomyTerm.code.in_(codes),
    )


def _schedule_filter(params: SearchParams) -> ColumnElement[bool]:
    """Open on a weekday (any weekly/monthly rule on that weekday, or daily), and at a time if given."""
    conditions: list[ColumnElement[bool]] = [Schedule.service_id == Service.id]
    if params.day is not None:
        conditions.append(or_(Schedule.freq == Frequency.DAILY, Schedule.byday.like(f"%{WEEKDAY_CODES[params.day]}%")))
    else:
        conditions.append(Schedule.freq != Frequency.IRREGULAR)
    if params.at is not None:
        conditions.append(or_(Schedule.opens_at.is_(None), Schedule.opens_at <= params.at))
        conditions.append(or_(Schedule.closes_at.is_(None), Schedule.closes_at > params.at))
    conditions.append(or_(Schedule.valid_to.is_(None), Schedule.valid_to >= today_in_japan()))
    return exists().where(*conditions)


def _costs_all(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """The service has cost rows and every one of them satisfies `condition`."""
    return and_(
        exists().where(CostOption.service_id == Service.id),
        not_(exists().where(CostOption.service_id == Service.id, not_(condition))),
    )


def _cost_filter(params: SearchParams) -> list[ColumnElement[bool]]:
    """無料 / at most N yen. With an age, the row of that age band decides; without a row for the band
    (or without an age), every row must qualify — an unknown price never passes as cheap."""
    conditions: list[ColumnElement[bool]] = []
    if params.free:
        conditions.append(CostOption.is_free.is_(True))
    if params.max_cost is not None:
        conditions.append(or_(CostOption.is_free.is_(True), CostOption.amount_yen <= params.max_cost))
    if not conditions:
        return []
    condition = and_(*conditions)
    if params.age is None:
        return [_costs_all(condition)]
    band = CostOption.age_band == age_band(params.age)
    return [
        or_(
            exists().where(CostOption.service_id == Service.id, band, condition),
            and_(not_(exists().where(CostOption.service_id == Service.id, band)), _costs_all(condition)),
        )
    ]


def _pair_index_filter(term: str, dialect: str, placed: bool) -> ColumnElement[bool] | None:
    """The term through the pair index of search documents (directory.search.grams), if it is to be asked there.

    A search about a place is not: the spatial index finds a few hundred entries at most and the LIKE checks them
    in microseconds, where the pair index would gather every entry of the country holding the term (SQLite), or
    PostgreSQL would compute the pairs of each entry near the place that the LIKE let through (its plan for 料理
    within 3 km of central Tokyo: 84 entries, 85 ms of an 88 ms query)."""
    if placed:
        return None
    if dialect == "postgresql":
        grams = gram_query(term)
        return None if grams is None else holding(grams)
    match = fts_query(term)
    if match is None:
        return None
    return Service.id.in_(select(PAIRS.c.rowid).where(PAIRS.c.services_search_grams.op("MATCH")(match)))


def build_filters(
    params: SearchParams, dialect: str, *, pairs_joined: bool = False, kinds_listed: bool = False
) -> list[ColumnElement[bool]]:
    """Every WHERE condition of a search except "who may see it"; rows are (Service ⋈ Location). With
    `pairs_joined` the caller joins SQLite's pair table itself (see `_pairs_joined`): no condition on it here;
    with `kinds_listed` the kinds are asked as a list of ids (`_has_term`)."""
    filters: list[ColumnElement[bool]] = []
    placed = _joins_location(params)
    for term in query_terms(params.q):
        indexed = _pair_index_filter(term, dialect, placed)
        if indexed is not None and not pairs_joined:
            filters.append(indexed)
        if indexed is None or not exact(term):  # the index narrows, the LIKE decides (directory.search.grams)
            filters.append(Service.search_text.like(_document_pattern(term), escape="\\"))
    if params.kinds and not (kinds_listed and dialect == "postgresql"):  # there the caller joins them (_base)
        filters.append(_has_term(params.kinds, kinds_listed))
    for tag in params.tags:
        filters.append(_has_term((tag,)))
    if params.taxonomy_term_id:
        filters.append(
            exists().where(
                service_taxonomy_terms.c.service_id == Service.id,
                service_taxonomy_terms.c.term_id == TaxonomyTerm.id,
                TaxonomyTerm.uuid == params.taxonomy_term_id,
            )
        )
    if params.organization_id:
        filters.append(
            Service.organization_id.in_(select(Organization.id).where(Organization.uuid == params.organization_id))
        )
    for column, value in (
        (Location.district, params.district),
        (Location.junior_high_district, params.junior_high_district),
        (Location.elementary_district, params.elementary_district),
    ):
        if value:
            filters.append(column == value)
    if params.lat is not None and params.lon is not None and params.radius_km:
        filters.append(within_m(Location.point, params.lat, params.lon, params.radius_km * 1000, dialect))
    if params.day is not None or params.at is not None:
        filters.append(_schedule_filter(params))
    if params.age is not None:
        filters.append(or_(Service.minimum_age.is_(None), Service.minimum_age <= params.age))
        filters.append(or_(Service.maximum_age.is_(None), Service.maximum_age >= params.age))
    filters.extend(_cost_filter(params))
    if params.language:
        filters.append(
            exists().where(ServiceLanguage.service_id == Service.id, ServiceLanguage.language == params.language)
        )
    for feature in params.accessibility:
        filters.append(
            exists().where(LocationAccessibility.location_id == Location.id, LocationAccessibility.feature == feature)
        )
    if params.threshold:
        filters.append(Service.threshold == params.threshold)
    if params.space:
        filters.append(Service.space == params.space)
    return filters


@dataclass(frozen=True)
class Hit:
    """One search result: the service and, for a search near a point, its distance. A Japanese reader's result
    list gets a `ListEntry` (plain rows with the attributes the list reads), everything else the `Service`."""

    service: Service | ListEntry
    distance_m: float | None


@dataclass(frozen=True)
class Relaxation:
    """What was loosened when the search found nothing, and how many entries that finds."""

    kind: str
    """"radius", "time" or "day"."""
    params: SearchParams
    total: int


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    params: SearchParams
    relaxation: Relaxation | None = None
    more: bool = False
    """`total` is a lower bound: the count stopped there (see `count_limit` of search_services)."""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))


def _joins_location(params: SearchParams) -> bool:
    """Whether a filter is about the place: only then is the location joined (as an inner join, so the
    planner can start from the spatial index; a left join would pin it to scanning services first)."""
    return bool(
        params.near
        or params.district
        or params.junior_high_district
        or params.elementary_district
        or params.accessibility
    )


def _pairs_joined(params: SearchParams, dialect: str) -> ColumnElement[bool] | None:
    """A text search without a place: its terms in the pair index, to be asked of the index's own table joined to
    services rather than as `id IN (…)`. SQLite: the MATCH in the FTS5 table; the join streams the matches (a
    count capped at 1 001 stops after 1 001 of 茶's 38 000), where the IN builds the list of all of them first;
    only a walk of the list order (directory.search.plan) needs the IN. PostgreSQL: the pairs in the narrow side
    table (directory.search.keys), which the whole search is then asked of."""
    if _joins_location(params):
        return None
    terms = query_terms(params.q)
    if dialect == "postgresql":
        grams = [grams_match(g) for g in (gram_query(t) for t in terms) if g is not None]
        return and_(*grams) if grams else None
    match = fts_match(terms)
    return None if match is None else PAIRS.c.services_search_grams.op("MATCH")(match)


def _kinds_listed(kinds: tuple[str, ...]) -> Subquery:
    """PostgreSQL: the kinds' entries (column `service_id`), behind OFFSET 0, which the planner cannot see through:
    with the kinds as a condition it walks the list order for every kind, most of the catalog for a rare one."""
    listed = (
        select(service_taxonomy_terms.c.service_id)
        .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy_terms.c.term_id)
        .where(TaxonomyTerm.code.in_(kinds))
    )
    return (listed.distinct() if len(kinds) > 1 else listed.offset(0)).subquery("kinds")


def _base(
    params: SearchParams,
    dialect: str,
    visible: ColumnElement[bool] | None,
    *,
    walk: bool = False,
    kinds_listed: bool = False,
    first: ColumnElement[bool] | None = None,
) -> Select[Any]:
    """The ids a search finds, as one statement; `walk` (SQLite): written to walk the list order; `kinds_listed`:
    the kinds as a list of ids (directory.search.plan)."""
    match = None if walk else _pairs_joined(params, dialect)
    conditions = build_filters(params, dialect, pairs_joined=match is not None, kinds_listed=kinds_listed)
    if visible is not None:
        conditions.append(visible)
    if dialect == "postgresql" and not _joins_location(params):
        # without a place, from the narrow side table (directory.search.keys); a rare kind's entries lead
        lead = _kinds_listed(params.kinds) if kinds_listed else None
        leading = [c for c in (first, match) if c is not None]
        return keyed_services([*leading, *conditions], lead=lead)
    if match is not None:
        return (
            select(Service.id)
            .select_from(PAIRS)
            .join(Service, Service.id == PAIRS.c.rowid)
            .where(match, and_(*conditions))
        )
    query = select(Service.id)
    if _joins_location(params):
        query = query.join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id).join(
            Location, Location.id == ServiceAtLocation.location_id
        )
    return query.where(and_(*conditions))


def count_services(session: Session, params: SearchParams, *, public_only: bool = True) -> int:
    """How many services match (each service once, whatever its number of locations)."""
    dialect = session.get_bind().dialect.name
    return _count(session, _base(params, dialect, public_filter() if public_only else None))


@dataclass(frozen=True)
class PageOfIds:
    """The ids (with distances) of one page, the total, and whether the total is only a lower bound."""

    ids: list[tuple[int, float | None]]
    total: int
    more: bool = False


def _capped_count(session: Session, base: Select[Any], limit: int, *, joined: bool = True) -> tuple[int, bool]:
    """min(matches, limit) and whether there are more: the count stops after `limit` + 1 matches, so a
    one-word search matching a sixth of a national catalog costs a few thousand rows, not all of them.
    Without the location joined each service is one row already: no DISTINCT, which would read (and sort)
    every match before the limit."""
    ids = through_keys(base.distinct() if joined else base)
    found = session.scalar(select(func.count()).select_from(ids.limit(limit + 1).subquery())) or 0
    return min(found, limit), found > limit


def _page_of_ids(
    session: Session, params: SearchParams, dialect: str, visible: Any, count_limit: int | None = None
) -> PageOfIds:
    """(service id, distance) of the requested page, and the total.

    The total comes from a window count over the grouped rows, so a page costs one round trip, like the
    best hand-written SQL (see tsunagu bench search). With `count_limit`, a search not bounded by a circle
    counts in a second statement that stops after `count_limit` + 1 matches instead.
    """
    capped = count_limit is not None and not params.near and params.sort != "next"
    joined = _joins_location(params)
    # no place: a rare kind is found from the kinds' index, a frequent one by walking (directory.search.plan);
    # on PostgreSQL an exact total (the API's) reads every match anyway, so it starts from the kinds' index too
    listed = (
        bool(params.kinds)
        and not joined
        and ((dialect == "postgresql" and not capped) or not frequent_kinds(session, params.kinds))
    )
    base = _base(params, dialect, visible, kinds_listed=listed)
    # PostgreSQL counts a kind's entries from the kinds' index whatever its frequency: a count has no order to walk
    counted = (
        _base(params, dialect, visible, kinds_listed=True)
        if dialect == "postgresql" and params.kinds and not joined
        else base
    )
    terms = query_terms(params.q)
    if terms and not joined and params.sort not in ("distance", "next"):
        # a frequent word on SQLite: walk the list order instead of sorting every match (directory.search.plan)
        walk = dialect == "sqlite" and frequent(session, terms)
        paged = walk_list_order(_base(params, dialect, visible, walk=True, kinds_listed=listed)) if walk else base
        # PostgreSQL: each name-hit level's condition written first (see _page_by_name_hits)
        first: Callable[[ColumnElement[bool]], Select[Any]] | None = (
            (lambda condition: _base(params, dialect, visible, kinds_listed=listed, first=condition))
            if dialect == "postgresql"
            else None
        )
        return _page_by_name_hits(session, params, counted, paged, terms, count_limit if capped else None, first)
    near = (params.lat, params.lon) if params.lat is not None and params.lon is not None else None
    dist = distance_m(Location.point, *near, dialect) if near else None
    # one row per service: aggregate over its locations when they are joined, else the plain columns
    nearest = func.min if joined else (lambda column: column)
    best = func.max if joined else (lambda column: column)
    columns: list[Any] = [Service.id]
    if not capped:
        columns.append(func.count().over().label("total"))
    if dist is not None:
        columns.append(nearest(dist).label("distance"))
    query = base.with_only_columns(*columns)
    if joined:
        query = query.group_by(Service.id)
    order: list[Any] = []
    if params.sort == "distance" and dist is not None:
        order.append(nearest(dist))
    if terms and params.sort != "distance":
        order.append(best(_name_hits(terms)).desc())
    if dist is not None and params.sort != "distance":
        order.append(nearest(dist))
    query = query.order_by(*order, *_list_order())
    if params.sort == "next":
        rows = session.execute(through_keys(query.limit(NEXT_SORT_LIMIT))).all()
    else:
        page = query.limit(params.per_page).offset((params.page - 1) * params.per_page)
        rows = session.execute(through_keys(page)).all()
    more = False
    if capped and count_limit is not None:
        total, more = (
            _capped_count(session, counted, count_limit, joined=joined) if rows or params.page > 1 else (0, False)
        )
    elif rows:
        total = rows[0].total
    else:  # past the last page (or nothing at all): the count says which
        total = count_services(session, params, public_only=visible is not None) if params.page > 1 else 0
    ids = [(row.id, row.distance if dist is not None else None) for row in rows]
    if params.sort == "next":
        ids = _by_next_date(session, ids, params)
    return PageOfIds(ids, total, more)


def _name_hits(terms: list[str]) -> ColumnElement[int]:
    """How many of the terms the entry's name holds: entries named after the search come first."""
    return sum(
        (case((Service.name_normalized.like(_like_pattern(t), escape="\\"), 1), else_=0) for t in terms),
        start=literal(0),
    )


def _list_order() -> list[ColumnElement[Any]]:
    """The order of a result list after relevance and distance (index ix_services_list_order, migration 0025)."""
    return [func.coalesce(Service.name_kana, Service.name), Service.id]


def _page_by_name_hits(
    session: Session,
    params: SearchParams,
    base: Select[Any],
    paged: Select[Any],
    terms: list[str],
    count_limit: int | None,
    first: Callable[[ColumnElement[bool]], Select[Any]] | None = None,
) -> PageOfIds:
    """A text search without a place: entries holding more of the terms in their name first, then list order.

    Asked one number of name hits at a time, each in list order and cut at the end of the page, until the page
    is full: 食堂 in a national catalog fills its first page from the entries named after it (walking the
    list-order index, stopping after a page) and never looks for the thousands that only mention it. One
    ORDER BY over the hit count would read and sort every match first. The levels are asked of `paged`, the
    counts of `base` (the same ids; on SQLite they may be written for different plans).
    """
    end = params.page * params.per_page
    hits = _name_hits(terms)
    ids: list[int] = []
    for level in range(len(terms), -1, -1):
        named = Service.name_normalized.like(_like_pattern(terms[0]), escape="\\")
        # one term: a plain condition the planner can estimate from its statistics, not an expression over CASE
        condition = (named if level else not_(named)) if len(terms) == 1 else hits == level
        # PostgreSQL: the level first. It checks conditions of equal cost in the order written, and walking the side
        # table's list order, the cheap name check then spares reading the pairs (stored out of line) of most rows
        asked = first(condition) if first is not None else paged.where(condition)
        level_ids = asked.order_by(*_list_order()).limit(end - len(ids))
        ids += session.scalars(through_keys(level_ids)).all()
        if len(ids) >= end:
            break
    page = [(i, None) for i in ids[end - params.per_page : end]]
    if not ids:
        return PageOfIds([], 0)
    if count_limit is not None:
        total, more = _capped_count(session, base, count_limit, joined=False)
        return PageOfIds(page, total, more)
    return PageOfIds(page, _count(session, base))


def _count(session: Session, base: Select[Any]) -> int:
    """The exact number of services a search's base statement finds."""
    return session.scalar(select(func.count(distinct(through_keys(base).subquery().c.id)))) or 0


NEXT_SORT_LIMIT = 2000
""""Next date" order is computed in Python from the schedule rules, over at most this many matches."""


def _by_next_date(
    session: Session, rows: list[tuple[int, float | None]], params: SearchParams
) -> list[tuple[int, float | None]]:
    """Order matches by their next occurrence from today (Japan time); entries without one go last."""
    rules: dict[int, list[schedules.Rule]] = {}
    for row in session.scalars(select(Schedule).where(Schedule.service_id.in_([i for i, _d in rows]))):
        rules.setdefault(row.service_id, []).append(schedules.Rule.from_row(row))
    today = today_in_japan()
    far = date.max

    def key(item: tuple[int, float | None]) -> tuple[date, int]:
        upcoming = schedules.next_dates(rules.get(item[0], []), today, 1)
        return (upcoming[0].date if upcoming else far, item[0])

    ordered = sorted(rows, key=key)
    offset = (params.page - 1) * params.per_page
    return ordered[offset : offset + params.per_page]


def find_page(
    session: Session,
    params: SearchParams,
    *,
    public_only: bool = True,
    count_limit: int | None = None,
    cached: bool = True,
) -> PageOfIds:
    """The ids (with distances) of the page of services `search_services` shows, its total and `more`, without
    loading the services: what a cached result page is checked against (directory.public.views)."""
    dialect = session.get_bind().dialect.name
    visible = public_filter() if public_only else None
    if cached and public_only:
        return PAGES.get_or_build(
            session,
            (params, count_limit, today_in_japan()),
            lambda: _page_of_ids(session, params, dialect, visible, count_limit),
        )
    return _page_of_ids(session, params, dialect, visible, count_limit)


def search_services(
    session: Session,
    params: SearchParams,
    *,
    public_only: bool = True,
    suggest: bool = False,
    detail: bool = False,
    count_limit: int | None = None,
    cached: bool = True,
    list_rows: bool = False,
) -> SearchResult:
    """One page of services matching `params`; with `suggest`, a relaxation when nothing matched.

    Suggestions cost several more counts, so only the search page asks for them (the API does not).
    `detail` loads everything a full HSDS object needs instead of what a result list shows. With
    `count_limit`, a search without a circle reports at most that many matches and `more` beyond them
    ("1 000 件以上"): counting all of a one-word search's matches is most of its cost at national scale.
    Public searches keep their page of ids in a cache dropped on any catalog write; `cached=False` always
    asks the database (the search benchmark measures that path). `list_rows` (the search and map pages) gives a
    Japanese reader's hits as `ListEntry` plain rows with what a result list shows (directory.search.list_rows).
    """
    found = find_page(session, params, public_only=public_only, count_limit=count_limit, cached=cached)
    ids = [i for i, _d in found.ids]
    plain = list_rows and not detail and ui_locale() == DEFAULT_LOCALE  # a Japanese reader's list needs no translations
    services = {s.id: s for s in (list_entries(session, ids) if plain else get_services(session, ids, detail=detail))}
    hits = [Hit(services[i], d) for i, d in found.ids if i in services]
    relaxation = relax(session, params, public_only=public_only) if suggest and not found.total else None
    return SearchResult(hits, found.total, params, relaxation, found.more)


def relax(session: Session, params: SearchParams, *, public_only: bool = True) -> Relaxation | None:
    """The smallest loosening that finds something: a wider radius, then any time, then any day."""
    candidates: list[tuple[str, SearchParams]] = []
    if params.near and params.radius_km:
        candidates += [
            ("radius", params.with_changes(radius_km=float(r))) for r in RADIUS_STEPS_KM if r > params.radius_km
        ]
    if params.at is not None:
        candidates.append(("time", params.with_changes(at=None)))
    if params.day is not None:
        candidates.append(("day", params.with_changes(day=None, at=None)))
    for kind, loosened in candidates:
        total = count_services(session, loosened, public_only=public_only)
        if total:
            return Relaxation(kind, loosened.with_changes(page=1), total)
    return None
