"""Reads for the maps: the entries a search puts on the map, the town's areas, and coverage counts.

The map shows what the search with the same `SearchParams` finds (directory.search.build_filters), but all of
it rather than one page, so it reads plain rows with Core queries instead of loading ORM objects: 10 000
entries in a few hundred milliseconds. Private homes leave this module already jittered (maps.entries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Any

from geoalchemy2.shape import to_shape
from shapely.geometry import mapping
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory import labels, schedules
from directory.models import (
    AddressVisibility,
    Area,
    AreaKind,
    CostOption,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    service_taxonomy_terms,
)
from directory.queries import public_filter
from directory.search import build_filters
from directory.search_params import SearchParams
from maps.coverage import DEFAULT_TARGET
from maps.entries import KindStyle, MapArea, MapEntry

MAP_LIMIT = 20_000
"""At most this many entries on one map (a town has hundreds; a prefecture-wide search asks to narrow)."""
COVERAGE_KIND = "ibasho"
"""What the coverage view counts unless the search names kinds: 居場所."""


@dataclass(frozen=True)
class MapData:
    """What a map shows: its entries, how many matched in all, and how many have no point (位置未設定)."""

    entries: list[MapEntry]
    total: int
    unplaced: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.entries)


def _matching(params: SearchParams, dialect: str) -> Any:
    """(service, location) pairs matching the search, public only: the search's own filters."""
    return (
        select(Service.id)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(public_filter(), *build_filters(params, dialect))
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


def _first_kinds(session: Session, service_ids: Any) -> dict[int, str]:
    """Each service's first kind code (by taxonomy order): the layer and icon it is drawn with."""
    rows = session.execute(
        select(service_taxonomy_terms.c.service_id, TaxonomyTerm.code)
        .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy_terms.c.term_id)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(Taxonomy.code == "kind", service_taxonomy_terms.c.service_id.in_(service_ids))
        .order_by(service_taxonomy_terms.c.service_id, TaxonomyTerm.sort_order.desc(), TaxonomyTerm.id.desc())
    )
    return {service_id: code for service_id, code in rows}


def _schedules(session: Session, service_ids: Any) -> dict[int, list[schedules.Rule]]:
    """Each service's schedule rules, read as plain rows (no ORM objects: thousands of them per map)."""
    columns = [getattr(Schedule, name) for name in ("freq", *schedules.RULE_FIELDS)]
    rules: dict[int, list[schedules.Rule]] = {}
    for row in session.execute(select(Schedule.service_id, *columns).where(Schedule.service_id.in_(service_ids))):
        rules.setdefault(row.service_id, []).append(_rule(row))
    return rules


@lru_cache(maxsize=4096)
def _rule_cached(row: tuple[Any, ...]) -> schedules.Rule:
    return schedules.Rule.from_row(SimpleNamespace(**dict(zip(("freq", *schedules.RULE_FIELDS), row, strict=True))))


def _rule(row: Any) -> schedules.Rule:
    """One rule per distinct row (generated and real data repeat the same few patterns)."""
    return _rule_cached(tuple(row[1:]))


def _cost_lines(session: Session, service_ids: Any, fees: dict[int, str | None]) -> dict[int, str]:
    """Each service's 参加費 line (directory.labels.cost_line), computed once per distinct price list."""
    costs: dict[int, list[tuple[Any, bool, int | None]]] = {}
    query = select(CostOption.service_id, CostOption.age_band, CostOption.is_free, CostOption.amount_yen)
    for service_id, band, free, amount in session.execute(query.where(CostOption.service_id.in_(service_ids))):
        costs.setdefault(service_id, []).append((band, free, amount))

    @cache
    def line(fees_description: str | None, key: tuple[tuple[Any, bool, int | None], ...]) -> str:
        items = [SimpleNamespace(age_band=b, is_free=f, amount_yen=a) for b, f, a in key]
        service = SimpleNamespace(
            costs=items, is_free=bool(items) and all(i.is_free for i in items), fees_description=fees_description
        )
        return labels.cost_line(service)  # type: ignore[arg-type]  # duck-typed: reads costs and fees only

    return {service_id: line(fees[service_id], tuple(costs.get(service_id, ()))) for service_id in fees}


def map_entries(
    session: Session,
    params: SearchParams,
    *,
    today: date,
    format_date: Callable[[date], str],
    detail_url: Callable[[int], str],
    limit: int = MAP_LIMIT,
) -> MapData:
    """Every public entry the search finds that has a point, as plain map entries.

    "今日開いている" is the schedule engine's own answer: the next date from `today` is today. Entries of
    private homes are placed by `MapEntry.placed`, i.e. jittered, here at the boundary of the database.
    """
    dialect = session.get_bind().dialect.name
    matching = _matching(params, dialect)
    placed = matching.where(Location.point.is_not(None))
    without_point = matching.where(Location.point.is_(None)).subquery()
    unplaced = session.scalar(select(func.count(func.distinct(without_point.c.id))))
    rows = session.execute(
        placed.with_only_columns(
            Service.id,
            Service.uuid,
            Service.name,
            Service.fees_description,
            Location.uuid.label("location_uuid"),
            Location.address_visibility,
            func.ST_X(Location.point).label("lon"),
            func.ST_Y(Location.point).label("lat"),
        )
        .order_by(Service.id, Location.id)
        .limit(limit + 1)
    ).all()
    total = len(rows)
    if total > limit:  # counted only when the map cannot show them all
        rows = rows[:limit]
        total = session.scalar(select(func.count()).select_from(placed.subquery())) or 0
    ids = placed.with_only_columns(Service.id)
    kinds = _first_kinds(session, ids)
    rules = _schedules(session, ids)
    costs = _cost_lines(session, ids, {row.id: row.fees_description for row in rows})
    upcoming = _next_date_cache(today)
    dates: dict[date, str] = {}
    entries = []
    for row in rows:
        next_date = upcoming(tuple(rules.get(row.id, ())))
        text = "" if next_date is None else dates.setdefault(next_date, format_date(next_date))
        entries.append(
            MapEntry.placed(
                lat=row.lat,
                lon=row.lon,
                private=row.address_visibility == AddressVisibility.AREA,
                key=row.location_uuid,
                id=row.id,
                uuid=row.uuid,
                name=row.name,
                kind=kinds.get(row.id, ""),
                url=detail_url(row.id),
                open_today=next_date == today,
                next_date=text,
                cost=costs.get(row.id, ""),
            )
        )
    return MapData(entries, total, int(unplaced or 0))


def _next_date_cache(today: date) -> Callable[[tuple[schedules.Rule, ...]], date | None]:
    """The next date of a set of rules: the earliest of each rule's next date, each rule computed once
    (many activities share a pattern, so a map of 10 000 computes a few hundred)."""

    @cache
    def one(rule: schedules.Rule) -> date | None:
        found = schedules.next_dates([rule], today, 1)
        return found[0].date if found else None

    def upcoming(rules: tuple[schedules.Rule, ...]) -> date | None:
        dates = [d for d in map(one, rules) if d is not None]
        return min(dates) if dates else None

    return upcoming


def map_areas(session: Session, municipality_code: str | None = None) -> list[MapArea]:
    """地区 and 中学校区 with boundaries, as GeoJSON geometry (all towns, or one by its code)."""
    query = select(Area).where(Area.kind.in_((AreaKind.DISTRICT, AreaKind.JUNIOR_HIGH)), Area.boundary.is_not(None))
    if municipality_code:
        query = query.where(Area.municipality_code == municipality_code)
    return [
        MapArea(area.name, area.kind.value, mapping(to_shape(area.boundary)), target=area.target_count)
        for area in session.scalars(query.order_by(Area.kind, Area.code, Area.name))
    ]


@dataclass(frozen=True)
class CoverageRow:
    """One 中学校区 of the coverage view: how many entries it has and its target."""

    name: str
    count: int
    target: int


def coverage(
    session: Session, params: SearchParams, areas: list[MapArea], default_target: int = DEFAULT_TARGET
) -> tuple[list[MapArea], list[CoverageRow]]:
    """Count the public entries the search finds (居場所 unless kinds are given) per 中学校区.

    Counting is by the location's 中学校区 field, the same field the search filter uses, so clicking
    through from the table to the list gives the same number.
    """
    if not params.kinds:
        params = params.with_changes(kinds=(COVERAGE_KIND,))
    params = params.with_changes(junior_high_district=None)
    dialect = session.get_bind().dialect.name
    counts = dict(
        session.execute(
            _matching(params, dialect)
            .with_only_columns(Location.junior_high_district, func.count(func.distinct(Service.id)))
            .group_by(Location.junior_high_district)
        ).all()
    )
    shaded: list[MapArea] = []
    table: list[CoverageRow] = []
    for area in areas:
        if area.kind != "junior_high":
            shaded.append(area)
            continue
        target = area.target or default_target
        count = int(counts.get(area.name, 0))
        shaded.append(MapArea(area.name, area.kind, area.geometry, count=count, target=target))
        table.append(CoverageRow(area.name, count, target))
    return shaded, table
