"""Map entries as a GeoJSON FeatureCollection (RFC 7946) for `/api/v1/map.geojson`.

A private home is a Point at its jittered position with `"approximate": true` and `"radius_m"`: clients
draw the area, and the exact point never leaves the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from maps.entries import AREA_RADIUS_M, KindStyle, MapEntry


def feature(entry: MapEntry, kind: KindStyle | None) -> dict[str, Any]:
    """One entry as a GeoJSON Feature; coordinates are [lon, lat] as RFC 7946 orders them."""
    properties: dict[str, Any] = {
        "id": entry.uuid,
        "name": entry.name,
        "kind": entry.kind or None,
        "kind_label": kind.label if kind else None,
        "colour": kind.colour if kind else None,
        "open_today": entry.open_today,
        "next_date": entry.next_date or None,
        "cost": entry.cost or None,
        "url": entry.url,
        "approximate": entry.approximate,
    }
    if entry.approximate:
        properties["radius_m"] = AREA_RADIUS_M
    return {
        "type": "Feature",
        "id": entry.uuid,
        "geometry": {"type": "Point", "coordinates": [entry.lon, entry.lat]},
        "properties": properties,
    }


def feature_collection(entries: Sequence[MapEntry], kinds: Sequence[KindStyle], **members: Any) -> dict[str, Any]:
    """The FeatureCollection of `entries`; `members` are added at the top level (counts, truncation)."""
    by_code = {k.code: k for k in kinds}
    return {
        "type": "FeatureCollection",
        "features": [feature(e, by_code.get(e.kind)) for e in entries],
        **members,
    }
