"""`tsunagu bench map` beyond a town (N > 10 000): the zoomed-out map of a prefecture or the country, i.e.
`GET /map/grid.geojson` (directory.map_pages.clusters), each request a cold build (the catalog version moved
before it, as after any write), against a hand-written GROUP BY of the same cells returning counts only.

Views are a desktop map (1280 × 900 px) centred on entries drawn from the data (people look where they live):
prefecture views at zoom 9 and 10, and the whole country at zoom 5; searches are everything, or one kind. The
app's cells are compared with the baseline's on every view (`mismatches`, target 0). Target (issue #25): p95
≤ 300 ms for a prefecture view.
"""

from __future__ import annotations

import math
import random
from typing import Any

from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from devtools.bench.common import paired_timings, result
from devtools.bench.search import KIND_CODES
from directory.catalog.queries import freshness_cutoff, public_filter
from directory.models import Location, Service, ServiceAtLocation
from maps.grid import GridView, cell_degrees, parse_view
from tsunagu.catalog_cache import bump_catalog_version

VIEW_PX = (1280, 900)
VIEWS = 60
ZOOMS = (9, 10)
COUNTRY = "5:-180,20,180,50"
"""The country view: zoom 5 over Japan's latitudes (the grid clips the box to whole cells)."""
GRID_SQL = """
SELECT floor(ST_X(l.point) / {cell}) AS x, floor(ST_Y(l.point) / {cell}) AS y, count(*) AS n
FROM services s
JOIN service_at_locations sl ON sl.service_id = s.id
JOIN locations l ON l.id = sl.location_id
WHERE s.status = 'published' AND s.visibility = 'public' AND NOT s.do_not_list AND s.hsds_status <> 'defunct'
  AND coalesce(s.verified_at, s.created_at) >= :cutoff AND l.point IS NOT NULL AND {in_box} {kind}
GROUP BY 1, 2
"""
IN_BOX = {
    "postgresql": "l.point && ST_MakeEnvelope(:w, :s, :e, :n, 4326)",
    "sqlite": "l.id IN (SELECT rowid FROM SpatialIndex WHERE f_table_name = 'locations' "
    "AND f_geometry_column = 'point' AND search_frame = BuildMbr(:w, :s, :e, :n, 4326))",
}
KIND_SQL = (
    "AND EXISTS (SELECT 1 FROM service_taxonomy_terms st JOIN taxonomy_terms t ON t.id = st.term_id "
    "WHERE st.service_id = s.id AND t.code = :kind)"
)


def view_around(lat: float, lon: float, zoom: int, px: tuple[int, int] = VIEW_PX) -> str:
    """The bbox query value of a `px` map centred on (lat, lon) at `zoom` (Web Mercator)."""
    degrees_per_px = 360.0 / 256 / 2**zoom
    half_lon = px[0] / 2 * degrees_per_px
    half_lat = px[1] / 2 * degrees_per_px * math.cos(math.radians(lat))
    return f"{lon - half_lon:.5f},{lat - half_lat:.5f},{lon + half_lon:.5f},{lat + half_lat:.5f}"


def centres(session: Session) -> list[tuple[float, float]]:
    """(lat, lon) of every public entry with a point, in a fixed order: where views are centred."""
    rows = session.execute(
        select(func.ST_Y(Location.point), func.ST_X(Location.point))
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .where(public_filter(), Location.point.is_not(None))
        .order_by(Location.id)
    ).all()
    return [(float(lat), float(lon)) for lat, lon in rows]


def views(session: Session, seed: int) -> list[tuple[str, str, str | None]]:
    """(zoom, bbox, kind or None): prefecture views around sampled entries, and the country, each for all
    entries or one kind."""
    points = centres(session)
    rng = random.Random(seed)
    found = []
    for n in range(VIEWS):
        lat, lon = rng.choice(points)
        zoom = ZOOMS[n % len(ZOOMS)]
        found.append((str(zoom), view_around(float(lat), float(lon), zoom), rng.choice((None, *KIND_CODES))))
    country_zoom, country_box = COUNTRY.split(":")
    found += [(country_zoom, country_box, None), (country_zoom, country_box, "kodomo_shokudo")]
    return found


def baseline_cells(session: Session, view: GridView, kind: str | None) -> list[tuple[int, int, int]]:
    """The same cells by hand-written SQL."""
    dialect = session.get_bind().dialect.name
    sql = GRID_SQL.format(cell=repr(cell_degrees(view.zoom)), in_box=IN_BOX[dialect], kind=KIND_SQL if kind else "")
    cutoff = freshness_cutoff().replace(tzinfo=None)
    bound: Any = cutoff.isoformat(" ") if dialect == "sqlite" else cutoff
    box = {"w": view.min_lon, "s": view.min_lat, "e": view.max_lon, "n": view.max_lat}
    rows = session.execute(text(sql), {"cutoff": bound, **box, **({"kind": kind} if kind else {})}).all()
    return sorted((int(x), int(y), int(n)) for x, y, n in rows)


def run(app: Flask, session: Session, size: int, seed: int) -> dict[str, Any]:
    """Cold grid requests for every view beside the raw SQL, both ways compared; DESIGN.md's result shape."""
    from tsunagu.db import db

    dialect = session.get_bind().dialect.name
    client = app.test_client()
    asked = views(session, seed)

    def url(item: tuple[str, str, str | None]) -> str:
        zoom, bbox, kind = item
        return f"/map/grid.geojson?zoom={zoom}&bbox={bbox}" + (f"&kind={kind}" if kind else "")

    def new_version() -> None:
        """The caches see a catalog write; no entry was written, so nothing derived from entries is rebuilt."""
        with db.engine.begin() as conn:
            bump_catalog_version(conn, services=())

    def cold_app(item: tuple[str, str, str | None]) -> dict[str, Any]:
        response = client.get(url(item))
        if response.status_code != 200:
            raise RuntimeError(f"{url(item)}: {response.status_code} {response.get_data(as_text=True)[:200]}")
        return response.get_json()  # type: ignore[no-any-return]

    def raw(item: tuple[str, str, str | None]) -> list[tuple[int, int, int]]:
        session.rollback()
        return baseline_cells(session, parse_view(item[0], item[1]), item[2])

    mismatches, cells, entries, body_bytes = 0, [], [], []
    for item in asked:
        new_version()
        body = cold_app(item)
        view = parse_view(item[0], item[1])
        got = sorted(
            (
                math.floor(f["geometry"]["coordinates"][0] / view.cell),
                math.floor(f["geometry"]["coordinates"][1] / view.cell),
                f["properties"]["count"],
            )
            for f in body["features"]
        )
        mismatches += got != raw(item)
        cells.append(len(got))
        entries.append(body["total"])
        body_bytes.append(len(client.get(url(item)).get_data()))
    prefecture = [item for item in asked if item[0] != COUNTRY.split(":")[0]]
    app_figures, baseline = paired_timings(cold_app, raw, prefecture, before_app=new_version)
    country_app, country_raw = paired_timings(
        cold_app, raw, [item for item in asked if item not in prefecture] * 5, before_app=new_version
    )
    return result(
        "map",
        size,
        dialect,
        app_figures,
        baseline,
        "raw-sql-grid",
        view="prefecture",
        views=len(prefecture),
        zooms=list(ZOOMS),
        view_px=list(VIEW_PX),
        mismatches=mismatches,
        cells_per_view={"median": sorted(cells)[len(cells) // 2], "max": max(cells)},
        entries_per_view={"median": sorted(entries)[len(entries) // 2], "max": max(entries)},
        body_bytes_max=max(body_bytes),
        country={"app": country_app, "baseline": country_raw},
        goals={"prefecture_p95_ms": 300},
    )
