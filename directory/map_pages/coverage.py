"""Reads for the map's other layers: the town's 地区/中学校区 boundaries and the coverage view's counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geoalchemy2.shape import to_shape
from shapely.geometry import mapping
from sqlalchemy import and_, column, func, select, table
from sqlalchemy.orm import Session

from directory.map_pages.entries import MAP_CACHE, matching_query, search_key
from directory.models import Area, AreaKind, CoverageDefinition, Location, Service
from directory.search.params import SearchParams
from maps.coverage import DEFAULT_TARGET
from maps.entries import MapArea

COVERAGE_KIND = "ibasho"
"""What the coverage view counts unless the search names kinds or the town defined its own 居場所."""


def main_municipality(session: Session) -> str | None:
    """The municipality with the most areas (a single-town installation has exactly one)."""
    return session.scalar(
        select(Area.municipality_code).group_by(Area.municipality_code).order_by(func.count().desc()).limit(1)
    )


def coverage_kinds(session: Session, municipality_code: str | None = None) -> tuple[str, ...]:
    """The kinds that count as 居場所 for a municipality (the main one by default), as set in /admin/areas;
    居場所 alone when the town has not defined it."""
    code = municipality_code or main_municipality(session)
    definition = session.get(CoverageDefinition, code) if code else None
    return tuple(definition.kinds) if definition is not None and definition.kinds else (COVERAGE_KIND,)


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


def _inside(boundary: Any, dialect: str) -> Any:
    """The location's point lies in `boundary` (a scalar geometry), narrowed by the spatial index first
    (GiST through ST_Contains on PostGIS; the SpatialIndex virtual table on SpatiaLite)."""
    if dialect == "postgresql":
        return func.ST_Contains(boundary, Location.point)
    index = table(
        "SpatialIndex", column("rowid"), column("f_table_name"), column("f_geometry_column"), column("search_frame")
    )
    indexed = select(index.c.rowid).where(
        index.c.f_table_name == Location.__tablename__,
        index.c.f_geometry_column == "point",
        index.c.search_frame == boundary,
    )
    return and_(Location.id.in_(indexed), func.ST_Contains(boundary, Location.point) == 1)


def _coverage_counts(session: Session, params: SearchParams) -> dict[str, int]:
    """Distinct services per 中学校区 name: a location with a point counts where its point lies (against the
    stored boundary polygons), one without a point by its 中学校区 field."""
    dialect = session.get_bind().dialect.name
    matching = matching_query(params, dialect)
    members: dict[str, set[int]] = {}
    junior_highs = select(Area.id, Area.name).where(Area.kind == AreaKind.JUNIOR_HIGH, Area.boundary.is_not(None))
    for area_id, name in session.execute(junior_highs).all():
        boundary = select(Area.boundary).where(Area.id == area_id).scalar_subquery()
        inside = matching.where(Location.point.is_not(None), _inside(boundary, dialect))
        members.setdefault(name, set()).update(session.scalars(inside.with_only_columns(Service.id).distinct()))
    by_field = matching.where(Location.point.is_(None), Location.junior_high_district.is_not(None))
    for name, service_id in session.execute(
        by_field.with_only_columns(Location.junior_high_district, Service.id).distinct()
    ):
        members.setdefault(name, set()).add(service_id)
    return {name: len(ids) for name, ids in members.items()}


def coverage(
    session: Session, params: SearchParams, areas: list[MapArea], default_target: int = DEFAULT_TARGET
) -> tuple[list[MapArea], list[CoverageRow]]:
    """Count the public entries the search finds (the town's 居場所 kinds unless kinds are given) per 中学校区.

    An entry counts in the 中学校区 its point lies in (the boundary polygons, not the typed field, which is
    often missing or stale after a move); an entry without a point by its 中学校区 field. The table links
    to the list filtered by that field, so the two numbers differ where a field disagrees with its point.
    Cached per catalog version (the coverage view is read far more often than the catalog changes).
    """
    if not params.kinds:
        params = params.with_changes(kinds=coverage_kinds(session))
    params = params.with_changes(junior_high_district=None)
    counts = MAP_CACHE.get_or_build(
        session, ("coverage", search_key(params)), lambda: _coverage_counts(session, params)
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
