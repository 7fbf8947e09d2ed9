"""The zoomed-in town map: `GET /map/view.json` (directory.map_pages.views), the entries of one view, which is
what a resident waits for once a map carries more than MARKER_CAP entries (zoomed out it shows grid counts
only). Part of `tsunagu bench map` (devtools.bench.map).

Views are desktop (1280 × 900 px) and phone (390 × 844 px) maps past the grid's last zoom, centred on entries
drawn from the data (people look where they live). Each view is asked cold (the catalog version moved first, as
after any write) beside a raw SQL baseline of the same rows, then warm (the same view again, from the cache).
Every view's entries are compared with the baseline's (`mismatches`, target 0).
"""

from __future__ import annotations

import random
from typing import Any

from flask import Flask
from sqlalchemy import text
from sqlalchemy.orm import Session

from devtools.bench.common import paired_timings, timings
from devtools.bench.map.grid import IN_BOX, centres, view_around
from directory.catalog.queries import freshness_cutoff
from directory.map_pages import entries as map_entries
from maps.grid import MAX_ZOOM, parse_view_box
from tsunagu.catalog_cache import bump_catalog_version

SCREENS = {"desktop": (1280, 900), "phone": (390, 844)}
ZOOMS = (MAX_ZOOM + 1, MAX_ZOOM + 2, MAX_ZOOM + 3)
"""Past the grid: the first zooms at which the map shows entries."""
VIEWS = 40
PUBLIC_POINTS_SQL = """
SELECT s.id, s.name, ST_X(l.point) AS lon, ST_Y(l.point) AS lat
FROM services s
JOIN service_at_locations sl ON sl.service_id = s.id
JOIN locations l ON l.id = sl.location_id
WHERE s.status = 'published' AND s.visibility = 'public' AND NOT s.do_not_list AND s.hsds_status <> 'defunct'
  AND coalesce(s.verified_at, s.created_at) >= :cutoff AND l.point IS NOT NULL
"""
"""The public entries with a point (what the map shows), as plain SQL: the baselines' rows."""
VIEW_SQL = PUBLIC_POINTS_SQL + "  AND {in_box}\nORDER BY s.id, l.id\nLIMIT :limit\n"
"""The baseline: the public entries with a point inside the view, by hand, first MARKER_CAP of them in the
app's order (entry, then place)."""


class View(dict[str, Any]):
    """One asked view: screen ("desktop"/"phone"), zoom, centre and the `bbox` query value."""


def views(session: Session, seed: int, count: int | None = None) -> list[View]:
    """`count` (default VIEWS) zoomed-in views around entries drawn from the data, screens and zooms taking
    turns."""
    found = centres(session)
    rng = random.Random(seed)
    screens = list(SCREENS)
    asked = []
    for n in range(VIEWS if count is None else count):
        lat, lon = rng.choice(found)
        screen = screens[n % len(screens)]
        zoom = ZOOMS[(n // len(screens)) % len(ZOOMS)]
        bbox = view_around(lat, lon, zoom, SCREENS[screen])
        asked.append(View(screen=screen, zoom=zoom, lat=lat, lon=lon, bbox=bbox))
    return asked


def baseline_ids(session: Session, bbox: str) -> list[int]:
    """The entries (service ids, one per place) the raw SQL finds in the view as the app snaps it."""
    dialect = session.get_bind().dialect.name
    west, south, east, north = parse_view_box(bbox)
    cutoff = freshness_cutoff().replace(tzinfo=None)
    bound: Any = cutoff.isoformat(" ") if dialect == "sqlite" else cutoff
    box = {"w": west, "s": south, "e": east, "n": north}
    sql = text(VIEW_SQL.format(in_box=IN_BOX[dialect]))
    rows = session.execute(sql, {"cutoff": bound, "limit": map_entries.MARKER_CAP, **box}).all()
    return [int(row[0]) for row in rows]


def new_version() -> None:
    """A catalog write as far as the caches can tell: the next map request is a cold build. No entry was
    written, so what is derived from entries (the match feature rows) is not rebuilt."""
    from tsunagu.db import db

    with db.engine.begin() as conn:
        bump_catalog_version(conn, services=())


def fresh_transaction(session: Session) -> None:
    """The baseline starts a transaction of its own, as a request does (and sees the new catalog version)."""
    session.rollback()


def run(app: Flask, session: Session, seed: int) -> dict[str, Any]:
    """Cold and warm /map/view.json for every view beside the raw SQL, both compared on every view."""
    client = app.test_client()
    asked = views(session, seed)

    def app_view(view: View) -> dict[str, Any]:
        response = client.get(f"/map/view.json?bbox={view['bbox']}")
        if response.status_code != 200:
            raise RuntimeError(f"/map/view.json?bbox={view['bbox']}: {response.status_code}")
        return response.get_json()  # type: ignore[no-any-return]

    def raw(view: View) -> list[int]:
        fresh_transaction(session)
        return baseline_ids(session, view["bbox"])

    mismatches, entries, body_bytes, per_screen = 0, [], [], {}
    for view in asked:
        new_version()
        body = app_view(view)
        mismatches += sorted(row[2] for row in body["rows"]) != sorted(raw(view))
        entries.append(len(body["rows"]))
        body_bytes.append(len(client.get(f"/map/view.json?bbox={view['bbox']}").get_data()))
    cold, baseline = paired_timings(app_view, raw, asked, before_app=lambda: new_version())
    for view in asked:
        app_view(view)  # in the cache of this catalog version
    warm = timings(app_view, asked, warmup=0)
    for screen in SCREENS:
        mine = [v for v in asked if v["screen"] == screen]
        app_figures, base_figures = paired_timings(app_view, raw, mine, warmup=0, before_app=lambda: new_version())
        per_screen[screen] = {"app": app_figures, "baseline": base_figures, "views": len(mine)}
    ordered = sorted(entries)
    return {
        "app": cold,
        "baseline": baseline,
        "app_warm": warm,
        "views": len(asked),
        "zooms": list(ZOOMS),
        "screens": {name: list(px) for name, px in SCREENS.items()},
        "per_screen": per_screen,
        "mismatches": mismatches,
        "entries_per_view": {
            "median": ordered[len(ordered) // 2],
            "max": ordered[-1],
            "empty": sum(1 for n in entries if n == 0),
        },
        "body_bytes_max": max(body_bytes),
    }
