"""A small locator map as SVG: the town's area boundaries and one place — no tiles, no JavaScript.

Used on detail pages and in print: it works on closed municipal networks, prints crisply, and carries no
script, so the page's Content-Security-Policy stays strict. Plain data in, SVG text out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

Ring = Sequence[tuple[float, float]]
"""(lon, lat) vertices of one polygon ring."""
METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class AreaShape:
    """An area to draw: its name (shown as a label) and its outer rings."""

    name: str
    rings: Sequence[Ring]
    highlighted: bool = False


@dataclass(frozen=True)
class Place:
    """The place to mark; with `radius_m` it is drawn as an approximate area (private homes)."""

    lon: float
    lat: float
    radius_m: float | None = None


class _Projection:
    """Equirectangular projection of a lon/lat box onto the SVG canvas, keeping the aspect right."""

    def __init__(self, box: tuple[float, float, float, float], width: int, height: int, pad: int) -> None:
        min_lon, min_lat, max_lon, max_lat = box
        self.kx = math.cos(math.radians((min_lat + max_lat) / 2))
        span_x = max((max_lon - min_lon) * self.kx, 1e-9)
        span_y = max(max_lat - min_lat, 1e-9)
        self.scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
        self.x0 = (width - span_x * self.scale) / 2 - min_lon * self.kx * self.scale
        self.y0 = (height + span_y * self.scale) / 2 + min_lat * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return self.x0 + lon * self.kx * self.scale, self.y0 - lat * self.scale

    def metres(self, metres: float) -> float:
        return metres / METRES_PER_DEGREE * self.scale


def _box(areas: Sequence[AreaShape], place: Place | None, margin_m: float) -> tuple[float, float, float, float]:
    lons = [p[0] for a in areas for r in a.rings for p in r]
    lats = [p[1] for a in areas for r in a.rings for p in r]
    if place is not None:
        lons.append(place.lon)
        lats.append(place.lat)
    if not lons:
        return (0.0, 0.0, 1.0, 1.0)
    dlat = margin_m / METRES_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(sum(lats) / len(lats))), 1e-6)
    return min(lons) - dlon, min(lats) - dlat, max(lons) + dlon, max(lats) + dlat


def locator_svg(
    areas: Sequence[AreaShape], place: Place | None, *, title: str, width: int = 360, height: int = 240
) -> str:
    """The SVG document; every text (title, area names) is XML-escaped."""
    project = _Projection(_box(areas, place, 400), width, height, 8)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#f4f1ea"/>',
    ]
    for area in areas:
        fill = "#f3e7e2" if area.highlighted else "#ffffff"
        for ring in area.rings:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat in ring))
            parts.append(f'<polygon points="{points}" fill="{fill}" stroke="#9a8f80" stroke-width="1"/>')
    for area in areas:
        ring = max(area.rings, key=len) if area.rings else []
        if ring:
            cx = sum(p[0] for p in ring) / len(ring)
            cy = sum(p[1] for p in ring) / len(ring)
            x, y = project(cx, cy)
            parts.append(
                f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="middle" fill="#5f6b76">'
                f"{escape(area.name)}</text>"
            )
    if place is not None:
        x, y = project(place.lon, place.lat)
        if place.radius_m:
            r = max(project.metres(place.radius_m), 6.0)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#b4432b" fill-opacity="0.25" '
                'stroke="#b4432b" stroke-dasharray="4 3"/>'
            )
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="#b4432b" stroke="#fff" stroke-width="2"/>')
    parts.append("</svg>")
    return "\n".join(parts)
