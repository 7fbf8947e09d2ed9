"""Where a group's activity is, without a geocoder: the municipality's own 町域 (本町二丁目 …), each at the middle
of the catalog's pins there, found by name or by reading (ほんちょう finds 本町二丁目). The location picker of
the activity form searches them; a tap on the map then sets the exact point."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.models import Location
from i18n.normalize import normalize
from i18n.readings import segments

DEFAULT_CENTRE = (35.68, 139.77)
"""Where the picker opens when the catalog has no pin at all (Tokyo Station)."""


@dataclass(frozen=True)
class Town:
    name: str
    lat: float
    lon: float
    entries: int

    def as_json(self) -> dict[str, object]:
        return {"town": self.name, "lat": round(self.lat, 6), "lon": round(self.lon, 6)}


def _points(municipality_code: str | None):  # type: ignore[no-untyped-def]
    query = select(func.avg(func.ST_Y(Location.point)), func.avg(func.ST_X(Location.point))).where(
        Location.point.is_not(None)
    )
    return query.where(Location.municipality_code == municipality_code) if municipality_code else query


def municipality_centre(session: Session, municipality_code: str | None) -> tuple[float, float]:
    """The middle of the pins of a municipality (else of all pins, else DEFAULT_CENTRE): where a picker opens."""
    lat, lon = session.execute(_points(municipality_code)).one() if municipality_code else (None, None)
    if lat is None:
        lat, lon = session.execute(_points(None)).one()
    return (float(lat), float(lon)) if lat is not None else DEFAULT_CENTRE


def towns(session: Session, municipality_code: str | None) -> list[Town]:
    """The 町域 that have at least one pin, with the middle of their pins (the whole catalog if no code)."""
    query = (
        select(Location.town, func.avg(func.ST_Y(Location.point)), func.avg(func.ST_X(Location.point)), func.count())
        .where(Location.point.is_not(None), Location.town.is_not(None), Location.town != "")
        .group_by(Location.town)
    )
    if municipality_code:
        query = query.where(Location.municipality_code == municipality_code)
    return [Town(name, float(lat), float(lon), count) for name, lat, lon, count in session.execute(query)]


def _reading(name: str) -> str:
    return "".join(reading or base for base, reading in segments(name))


def find_towns(session: Session, municipality_code: str | None, query: str, limit: int = 8) -> list[Town]:
    """The 町域 whose name or reading holds `query` (width, kana and case folded), names that start with it
    first, then the busiest; none for an empty query."""
    wanted = normalize(query).replace(" ", "")
    if not wanted:
        return []
    found = []
    for town in towns(session, municipality_code) or towns(session, None):
        name, reading = normalize(town.name), normalize(_reading(town.name))
        if wanted in name or wanted in reading:
            starts = name.startswith(wanted) or reading.startswith(wanted)
            found.append((not starts, -town.entries, town.name, town))
    return [town for *_, town in sorted(found, key=lambda row: row[:3])][:limit]
