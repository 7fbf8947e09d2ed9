"""Reads of the town's areas for case records: which 中学校区 a 地区 or a point lies in, and the choices."""

from __future__ import annotations

from collections import Counter

from geoalchemy2.shape import to_shape
from shapely.geometry import Point
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import Area, AreaKind, Location


def junior_high_names(session: Session) -> list[str]:
    """The town's 中学校区, in code order (the choices of the person and unmet-need forms)."""
    rows = session.execute(select(Area.name, Area.code).where(Area.kind == AreaKind.JUNIOR_HIGH))
    return list(dict.fromkeys(name for name, _code in sorted(rows, key=lambda r: (r[1] or "", r[0]))))


def junior_high_of(session: Session, district: str | None, point: tuple[float, float] | None = None) -> str | None:
    """The 中学校区 a point (lon, lat) — or else the centroid of a 地区 — lies in, from the stored boundaries;
    without boundaries, the 中学校区 most catalog entries of that 地区 are filed under. None when unknown.

    Computed in Python with shapely: a town has a handful of 中学校区, and this reads the same on both databases.
    """
    areas = session.scalars(
        select(Area).where(Area.kind.in_((AreaKind.JUNIOR_HIGH, AreaKind.DISTRICT)), Area.boundary.is_not(None))
    ).all()
    if point is None and district:
        shape = next((to_shape(a.boundary) for a in areas if a.kind == AreaKind.DISTRICT and a.name == district), None)
        point = (shape.centroid.x, shape.centroid.y) if shape is not None else None
    if point is not None:
        where = Point(*point)
        found = next(
            (a.name for a in areas if a.kind == AreaKind.JUNIOR_HIGH and to_shape(a.boundary).contains(where)), None
        )
        if found:
            return found
    if not district:
        return None
    filed = Counter(
        session.scalars(
            select(Location.junior_high_district).where(
                Location.district == district, Location.junior_high_district.is_not(None)
            )
        )
    )
    return filed.most_common(1)[0][0] if filed else None
