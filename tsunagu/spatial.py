"""Distances in metres on both spatial databases, behind one pair of functions.

PostGIS measures on the spheroid through geography casts; SpatiaLite measures on the ellipsoid with the
`use_ellipsoid` flag of ST_Distance / PtDistWithin. Both first narrow the search with a bounding box that
the spatial index can answer (GiST `&&` on PostGIS, the SpatialIndex virtual table on SpatiaLite), so a
radius query over 100 000 points does not compute 100 000 distances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geoalchemy2 import Geography
from sqlalchemy import ColumnElement, and_, cast, func, literal_column, select, text
from sqlalchemy.orm import InstrumentedAttribute

METRES_PER_DEGREE_LAT = 111_320.0


@dataclass(frozen=True)
class BoundingBox:
    """A lon/lat rectangle that surely contains every point within `metres` of a centre."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def around(cls, lat: float, lon: float, metres: float) -> BoundingBox:
        # 1 % margin covers the ellipsoid/sphere difference; the exact test follows anyway.
        dlat = metres * 1.01 / METRES_PER_DEGREE_LAT
        coslat = max(math.cos(math.radians(lat)), 1e-6)
        dlon = metres * 1.01 / (METRES_PER_DEGREE_LAT * coslat)
        return cls(lon - dlon, lat - dlat, lon + dlon, lat + dlat)


def point_expr(lat: float, lon: float) -> ColumnElement[bytes]:
    """A SQL POINT(lon lat) in SRID 4326."""
    return func.ST_GeomFromText(f"POINT({float(lon)!r} {float(lat)!r})", 4326)


def distance_m(column: InstrumentedAttribute[object], lat: float, lon: float, dialect: str) -> ColumnElement[float]:
    """Distance in metres between a POINT 4326 column and (lat, lon)."""
    point = point_expr(lat, lon)
    if dialect == "postgresql":
        return func.ST_Distance(cast(column, Geography), cast(point, Geography))
    return func.ST_Distance(column, point, 1)


def within_box(column: InstrumentedAttribute[object], box: BoundingBox, dialect: str) -> ColumnElement[bool]:
    """True where the column's point may lie in `box` (its index's bounding-box test: GiST `&&` on PostGIS,
    the SpatialIndex virtual table on SpatiaLite); exact for points."""
    if dialect == "postgresql":
        envelope = func.ST_MakeEnvelope(box.min_lon, box.min_lat, box.max_lon, box.max_lat, 4326)
        return column.op("&&")(envelope)
    table = column.class_.__table__  # type: ignore[attr-defined]
    indexed = (
        select(literal_column("rowid"))
        .select_from(text("SpatialIndex"))
        .where(
            literal_column("f_table_name") == table.name,
            literal_column("f_geometry_column") == column.key,
            literal_column("search_frame") == func.BuildMbr(box.min_lon, box.min_lat, box.max_lon, box.max_lat, 4326),
        )
    )
    rowid = table.c[next(iter(table.primary_key.columns)).key]
    return rowid.in_(indexed)


def within_m(
    column: InstrumentedAttribute[object], lat: float, lon: float, metres: float, dialect: str
) -> ColumnElement[bool]:
    """True where the column's point lies within `metres` of (lat, lon); uses the spatial index."""
    box = within_box(column, BoundingBox.around(lat, lon, metres), dialect)
    point = point_expr(lat, lon)
    if dialect == "postgresql":
        return and_(box, func.ST_DWithin(cast(column, Geography), cast(point, Geography), metres))
    return and_(box, func.PtDistWithin(column, point, metres, 1) == 1)


def lon_lat(value: object) -> tuple[float, float] | None:
    """(lon, lat) of a POINT column value: a WKB/WKT element from the database, or an EWKT string that was
    assigned in this session and not reloaded yet ("SRID=4326;POINT(lon lat)")."""
    if value is None:
        return None
    if isinstance(value, str):
        from shapely import wkt

        point = wkt.loads(value.split(";", 1)[-1])
    else:
        from geoalchemy2.shape import to_shape

        point = to_shape(value)  # type: ignore[arg-type]
    return float(point.x), float(point.y)
