"""The grid of a zoomed-out map (a prefecture, the country): cells sized for the zoom, a view snapped to them,
and the GeoJSON of per-cell counts. Pure: the counting itself is SQL (directory.map_pages.clusters).

A cell is `CELL_PX` screen pixels wide at its zoom (Web Mercator tiles of 256 px), so a view of a phone or a
desktop holds tens to a few hundred cells whatever the number of entries under it. A cell is drawn at its
centre, never at the mean of its entries, and grids exist only up to `MAX_ZOOM`, where a cell is some 2 km
wide: far more than the 300 m a private home is blurred to, so a grid never tells where one is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

CELL_PX = 64
MAX_ZOOM = 12
"""The deepest zoom served as a grid (cell ≈ 0.022°, 2 km); deeper, the map draws its entries."""
MAX_CELLS = 256
"""At most this many cells along either side of a view (a 4K screen holds 60): a larger view is refused."""
VIEW_SNAP = 0.01
"""A zoomed-in view's box is snapped outward to this many degrees (so neighbouring views share an answer)."""
MAX_VIEW_DEGREES = 1.0
"""The widest zoomed-in view whose entries are served (past MAX_ZOOM a 4K screen spans some 0.7°)."""


class InvalidView(ValueError):
    """A zoom or bounding box the grid cannot serve; the message names the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


def cell_degrees(zoom: int) -> float:
    """The side of a cell, in degrees, at `zoom`."""
    return 360.0 / float(2**zoom) * CELL_PX / 256


@dataclass(frozen=True)
class GridView:
    """A zoom and a box snapped outward to whole cells (so a map moved by a few pixels asks the same view)."""

    zoom: int
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @property
    def cell(self) -> float:
        return cell_degrees(self.zoom)

    def centre_of(self, x: int, y: int) -> tuple[float, float]:
        """(lat, lon) of the centre of cell (x, y) = (floor(lon / cell), floor(lat / cell))."""
        return round((y + 0.5) * self.cell, 6), round((x + 0.5) * self.cell, 6)


def _number(text: str, parameter: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidView(parameter, f"{parameter}: not a number") from None
    if not math.isfinite(value):
        raise InvalidView(parameter, f"{parameter}: not a number")
    return value


def _box(bbox: str | None) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a "west,south,east,north" text, clamped to the Web Mercator world."""
    parts = (bbox or "").split(",")
    if len(parts) != 4:
        raise InvalidView("bbox", "bbox: west,south,east,north")
    west, south, east, north = (_number(part, "bbox") for part in parts)
    west, east = max(west, -180.0), min(east, 180.0)
    south, north = max(south, -85.06), min(north, 85.06)
    if west >= east or south >= north:
        raise InvalidView("bbox", "bbox: west < east and south < north")
    return west, south, east, north


def parse_view(zoom: str | None, bbox: str | None) -> GridView:
    """`zoom` (0–MAX_ZOOM) and `bbox` ("west,south,east,north" in degrees) as a snapped GridView."""
    if not zoom or not zoom.isdigit() or int(zoom) > MAX_ZOOM:
        raise InvalidView("zoom", f"zoom: a whole number from 0 to {MAX_ZOOM}")
    west, south, east, north = _box(bbox)
    cell = cell_degrees(int(zoom))
    x0, x1 = math.floor(west / cell), math.ceil(east / cell)
    y0, y1 = math.floor(south / cell), math.ceil(north / cell)
    if x1 - x0 > MAX_CELLS or y1 - y0 > MAX_CELLS:
        raise InvalidView("bbox", f"bbox: at most {MAX_CELLS} cells a side at this zoom; zoom in or ask less")
    return GridView(int(zoom), x0 * cell, y0 * cell, x1 * cell, y1 * cell)


def parse_view_box(bbox: str | None) -> tuple[float, float, float, float]:
    """A zoomed-in view's `bbox` snapped outward to VIEW_SNAP, at most MAX_VIEW_DEGREES a side:
    (west, south, east, north)."""
    west, south, east, north = _box(bbox)
    snapped = [
        math.floor(west / VIEW_SNAP),
        math.floor(south / VIEW_SNAP),
        math.ceil(east / VIEW_SNAP),
        math.ceil(north / VIEW_SNAP),
    ]
    if max(snapped[2] - snapped[0], snapped[3] - snapped[1]) * VIEW_SNAP > MAX_VIEW_DEGREES + VIEW_SNAP:
        raise InvalidView("bbox", f"bbox: at most {MAX_VIEW_DEGREES}° a side; zoom in")
    west, south, east, north = (round(n * VIEW_SNAP, 6) for n in snapped)
    return west, south, east, north


def grid_geojson(view: GridView, cells: list[tuple[int, int, int]]) -> dict[str, Any]:
    """A FeatureCollection of the non-empty cells (x, y, count): a point at each cell's centre with its count."""
    features = []
    for x, y, count in cells:
        lat, lon = view.centre_of(x, y)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"count": count},
            }
        )
    return {
        "type": "FeatureCollection",
        "zoom": view.zoom,
        "cell_degrees": view.cell,
        "bbox": [view.min_lon, view.min_lat, view.max_lon, view.max_lat],
        "total": sum(count for _x, _y, count in cells),
        "features": features,
    }
