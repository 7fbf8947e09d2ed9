"""Reads for a zoomed-out map: the search's entries counted per grid cell by the database (maps.grid).

A town's map carries its entries and clusters them in the browser; a prefecture holds tens of thousands and the
country a million, too many to send. So a map whose search finds more than it can carry asks, while zoomed out,
for counts per cell of the view instead: one GROUP BY on (floor(lon / cell), floor(lat / cell)) over the
search's own filters (directory.search.query.build_filters, as the map's entries), narrowed to the view by the
spatial index (tsunagu.spatial.within_box). Both databases run the same statement; the GeoJSON answer is kept
per catalog version in GRID_CACHE, shared between workers, the views being snapped to whole cells so that
neighbouring requests share it.
"""

from __future__ import annotations

from sqlalchemy import func, literal_column
from sqlalchemy.orm import Session

from directory.map_pages.entries import matching_query, search_key, visibility_class
from directory.models import Location
from directory.search.params import SearchParams
from maps.grid import GridView, grid_geojson
from maps.jsonscript import dumps
from tsunagu.catalog_cache import CatalogCache
from tsunagu.spatial import BoundingBox, within_box

GRID_CACHE = CatalogCache(maxsize=512, ttl=600, shared="map-grid")
"""GeoJSON bodies of grid views per search, view and visibility (a few kB each)."""


def read_cells(
    session: Session, params: SearchParams, view: GridView, *, public_only: bool = True
) -> list[tuple[int, int, int]]:
    """(x, y, entries) of every non-empty cell of the view, for the entries the search finds."""
    dialect = session.get_bind().dialect.name
    # the cell size as a literal: the same expression text in SELECT and GROUP BY (bound parameters would
    # be two different ones to PostgreSQL); it is a float this module computed from a whole-number zoom
    cell = literal_column(repr(float(view.cell)))
    x = func.floor(func.ST_X(Location.point) / cell)
    y = func.floor(func.ST_Y(Location.point) / cell)
    box = BoundingBox(view.min_lon, view.min_lat, view.max_lon, view.max_lat)
    query = (
        matching_query(params, dialect, public_only)
        .where(Location.point.is_not(None), within_box(Location.point, box, dialect))
        .with_only_columns(x, y, func.count())
        .group_by(x, y)
    )
    rows = session.connection().execute(query).all()
    return [(int(cx), int(cy), int(n)) for cx, cy, n in rows]


def grid_body(session: Session, params: SearchParams, view: GridView, *, public_only: bool = True) -> str:
    """The view's cells as GeoJSON text (maps.grid.grid_geojson), through the catalog cache."""
    key = ("grid", search_key(params), view, visibility_class(public_only))
    return GRID_CACHE.get_or_build(
        session, key, lambda: dumps(grid_geojson(view, read_cells(session, params, view, public_only=public_only)))
    )
