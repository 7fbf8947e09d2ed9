"""Showing private homes (個人宅) as an area, never as the exact point."""

from __future__ import annotations

import hashlib
import math

AREA_RADIUS_M = 300.0
METRES_PER_DEGREE_LAT = 111_320.0


def jitter_point(lat: float, lon: float, key: str, radius_m: float = AREA_RADIUS_M) -> tuple[float, float]:
    """A point 150–300 m from (lat, lon) in a direction fixed by `key` (e.g. the location's UUID).

    Deterministic, so that reloading the map does not let anyone average many random jitters back to the
    true point; never closer than half the radius, so the centre of the drawn circle is not the home.
    """
    digest = hashlib.sha256(key.encode()).digest()
    bearing = int.from_bytes(digest[:4], "big") / 2**32 * 2 * math.pi
    distance = radius_m * (0.5 + 0.5 * int.from_bytes(digest[4:8], "big") / 2**32)
    dlat = distance * math.cos(bearing) / METRES_PER_DEGREE_LAT
    dlon = distance * math.sin(bearing) / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 1e-6))
    return lat + dlat, lon + dlon
