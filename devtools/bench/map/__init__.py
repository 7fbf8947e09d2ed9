"""`tsunagu bench map`: the map page for N entries — server build time (cold: the first request after a catalog
write; warm: the same map again, from the catalog cache), HTML size, and in Debian Chromium the time to
interactive and the time to open a cluster; then the map zoomed in (devtools.bench.map.view): /map/view.json
cold and warm beside raw SQL, and in Chromium the time from a zoom-in until the entries of the view are drawn.
A map past MARKER_CAP carries no entries (its grid zoomed out), so without the zoomed-in part the page alone
would be the easiest work there is.

Baseline (issue 12): a plain Leaflet GeoJSON page — one raw SQL query of the same public points,
`json.dumps`, Leaflet and one GeoJSON layer, no clustering, no popups, no kinds. Second reference: folium's
MarkerCluster with one Marker per entry (what FastMarkerCluster was chosen against), build time and size only.

Goals (issue 6): page build < 300 ms, HTML < 3 MB, interactive < 2 s, for 10 000 entries; the zoomed-in view
is held to the same (its data < 300 ms, its entries drawn < 2 s).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, render_template
from markupsafe import Markup
from sqlalchemy import text
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from devtools.bench.common import percentile, result, timings
from devtools.bench.map import view as map_view
from directory.catalog.queries import freshness_cutoff
from directory.map_pages.coverage import map_areas
from directory.map_pages.entries import MAP_CACHE, kind_styles, map_entries
from directory.map_pages.views import assets, map_labels, tiles
from directory.search.params import SearchParams
from maps.build import MapParts, build_map
from maps.jsonscript import script_json

CHROMIUM = os.environ.get("TSUNAGU_CHROMIUM", "/usr/bin/chromium")
COLD_RUNS = 10
WARM_RUNS = 20
REFERENCE_RUNS = 2
BROWSER_RUNS = 5
ZOOMED_VIEWS = 4
"""Views zoomed in on per browser run (desktop views of devtools.bench.map.view)."""
QUIET_MS = 400
"""How long the drawn entries must stay the same for a zoom-in to count as done (the cluster group adds
markers in chunks, 50 ms apart)."""
BASELINE_PATH = "/bench/leaflet-geojson"
POINTS_SQL = map_view.PUBLIC_POINTS_SQL + "ORDER BY s.id\n"
"""The baseline's one query: the public entries with a point (what the map shows), as plain SQL."""


def _reference_build(session: Session) -> Callable[[Any], MapParts]:
    """folium's MarkerCluster of every public entry (query included), one Marker per entry."""
    today = date.today()

    def build(_item: Any) -> MapParts:
        data = map_entries(session, SearchParams(), today=today, format_date=lambda d: d.isoformat(), detail_url="/s/0")
        return build_map(
            data.entries,
            kind_styles(session, "ja"),
            map_areas(session),
            tiles=tiles(),
            assets=assets(),
            labels=map_labels(),
            clustering="marker",
        )

    return build


def _reference_page(parts: MapParts, session: Session) -> str:
    """The MarkerCluster map as /map/embed would render it (legend included)."""
    return render_template(
        "maps/embed.html",
        parts=parts,
        script=Markup(parts.script),  # noqa: S704 - our own folium output (see directory.map_pages.views)
        data_json=Markup(script_json(parts.data)),  # noqa: S704 - HTML-safe JSON (maps.jsonscript)
        nonce="bench",
        data=type("Data", (), {"entries": [], "unplaced": 0, "truncated": False})(),
        kinds=kind_styles(session, "ja"),
        view_coverage=False,
        compact=False,
        steps=(),
        error=None,
        tiles=tiles(),
    )


def leaflet_page(session: Session) -> str:
    """The baseline document: Leaflet and one GeoJSON layer of the public points, from one raw SQL query."""
    cutoff = freshness_cutoff().replace(tzinfo=None)
    bound: Any = cutoff.isoformat(" ") if session.get_bind().dialect.name == "sqlite" else cutoff
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": i, "name": n},
        }
        for i, n, lon, lat in session.execute(text(POINTS_SQL), {"cutoff": bound})
    ]
    data = json.dumps({"type": "FeatureCollection", "features": features}).replace("</", "<\\/")
    local = assets()
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>baseline</title>'
        f'<link rel="stylesheet" href="{local.url("vendor/leaflet/leaflet.css")}">'
        '<style>html,body,#map{height:100%;margin:0}</style></head><body><div id="map"></div>'
        f'<script src="{local.scripts[0]}"></script><script>var data = {data};'
        "var map = L.map('map'); var layer = L.geoJSON(data).addTo(map); map.fitBounds(layer.getBounds());"
        "document.documentElement.setAttribute('data-map-ready', '1');</script></body></html>"
    )


@contextmanager
def _serve(app: Flask, pages: dict[str, str]) -> Iterator[str]:
    """The app on a loopback port, plus fixed `pages` (path → HTML) for the baseline document."""

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        body = pages.get(environ.get("PATH_INFO", ""))
        if body is None:
            return app.wsgi_app(environ, start_response)
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body.encode("utf-8")]

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the report
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def _browser_times(
    base: str,
    path: str,
    runs: int,
    views: list[Any] | None = None,
    before_run: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Median time to interactive (map ready, its first markers or grid cells drawn) and to open the biggest
    cluster, in ms; with `views`, then each run zooms in on its share of them (ZOOMED_VIEWS a run) and times
    until the entries of the view are drawn (`_zoom_in`).

    Only the app itself is reachable (tiles are refused, as on a closed network), so tile servers do not
    blur the figures. `before_run` runs, untimed, before each run (e.g. a new catalog version: a cold map)."""
    url = base + path
    from playwright.sync_api import sync_playwright

    interactive: list[float] = []
    opening: list[float] = []
    zoomed: list[dict[str, Any]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            for run in range(runs):
                if before_run is not None:
                    before_run()
                context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
                page = context.new_page()
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
                page.goto(url, wait_until="commit", timeout=120_000)
                page.locator("html[data-map-ready='1']").wait_for(state="attached", timeout=120_000)
                page.locator(".leaflet-marker-icon").first.wait_for(timeout=120_000)
                interactive.append(page.evaluate("() => performance.now()"))
                page.wait_for_timeout(300)
                if page.locator(".map-cluster-icon, .marker-cluster").count():  # the baseline has none
                    opening.append(_open_cluster(page))
                if views:
                    share = views[run * ZOOMED_VIEWS : (run + 1) * ZOOMED_VIEWS]
                    zoomed += [_zoom_in(page, view) for view in share]
                context.close()
        finally:
            browser.close()
    found: dict[str, Any] = {
        "interactive_ms": round(percentile(interactive, 50), 1),
        "cluster_open_ms": round(percentile(opening, 50), 1) if opening else None,
    }
    if zoomed:
        times = [v["ms"] for v in zoomed if v["ms"] is not None]
        shown = sorted(v["on_screen"] for v in zoomed)
        found["zoom_in"] = {
            "p50_ms": round(percentile(times, 50), 1) if times else None,
            "p95_ms": round(percentile(times, 95), 1) if times else None,
            "views": len(zoomed),
            "timed_out": len(zoomed) - len(times),
            "on_screen": {"median": shown[len(shown) // 2], "max": shown[-1], "empty": shown.count(0)},
            "per_view": zoomed,
        }
    return found


ZOOM_IN_JS = """async ([lat, lon, zoom]) => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const box = map.getContainer();
    const grid = box.hasAttribute('data-grid-cells');  // a map past MARKER_CAP: the view's entries are fetched
    box.removeAttribute('data-view-entries');
    const drawn = () => {  // entries on screen: pins and areas, a cluster counting for its entries
        const frame = box.getBoundingClientRect();
        let count = 0;
        for (const node of box.querySelectorAll('.leaflet-marker-icon, path.map-approximate')) {
            const r = node.getBoundingClientRect();
            if (r.right < frame.left || r.left > frame.right || r.bottom < frame.top || r.top > frame.bottom) continue;
            const cluster = node.querySelector('.map-cluster-count');
            count += cluster ? parseInt(cluster.textContent.replace(/\\D/g, '') || '0', 10) : 1;
        }
        return count;
    };
    const start = performance.now();
    map.setView([lat, lon], zoom, {animate: false});
    // done when the view's entries (chunked by the cluster group) stopped changing for QUIET ms after arriving
    return await new Promise((resolve) => {
        let last = -1, changed = null;
        const check = () => {
            const now = performance.now();
            if (grid && !box.hasAttribute('data-view-entries')) {
                if (now - start > 60000) return resolve({ms: null, rows: null, on_screen: 0});
                return requestAnimationFrame(check);
            }
            const count = drawn();
            const rows = grid ? Number(box.getAttribute('data-view-entries')) : null;
            if (count === 0 && rows) {  // entries arrived but none drawn yet: not done, however long it stays so
                if (now - start > 10000) return resolve({ms: null, rows: rows, on_screen: 0});
                return requestAnimationFrame(check);
            }
            if (changed === null || count !== last) { last = count; changed = now; }
            if (now - changed >= %d) return resolve({ms: changed - start, rows: rows, on_screen: last});
            requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
    });
}"""


def _zoom_in(page: Any, view: Any) -> dict[str, Any]:
    """Zoom the map in on `view` (its centre and zoom) and time until the entries of the view are drawn: the
    /map/view.json round trip when the map carries no entries, then the markers and clusters on screen
    (the first frame from which they stayed the same; entries that arrived but none drawn is not done, and
    after ten seconds a time-out, `ms` None). What was drawn is counted, not what was sent."""
    seen = page.evaluate(ZOOM_IN_JS % QUIET_MS, [view["lat"], view["lon"], view["zoom"]])
    ms = seen["ms"]
    return {
        "zoom": view["zoom"],
        "ms": None if ms is None else round(ms, 1),
        "rows": seen["rows"],
        "on_screen": seen["on_screen"],
    }


def _open_cluster(page: Any) -> float:
    """Click the biggest cluster and time until its zoom has finished and its children are drawn."""
    return float(
        page.evaluate(
            """() => new Promise((resolve) => {
                const icons = [...document.querySelectorAll('.map-cluster-icon, .marker-cluster')];
                const count = (el) => parseInt(el.textContent.replace(/\\D/g, '') || '0', 10);
                const biggest = icons.sort((a, b) => count(b) - count(a))[0];
                const start = performance.now();
                biggest.click();
                const check = () => {
                    if (!document.querySelector('.leaflet-zoom-anim') && !document.body.contains(biggest)) {
                        requestAnimationFrame(() => resolve(performance.now() - start));
                    } else {
                        requestAnimationFrame(check);
                    }
                };
                requestAnimationFrame(check);
            })"""
        )
    )


def _page_samples(client: Any, runs: int, before: Callable[[], None] | None = None) -> tuple[Samples, str]:
    """Wall and CPU times (ms) of `runs` full `GET /map/embed` requests, `before()` run untimed before each.

    CPU time is this process's: all of SQLite's work, none of the PostgreSQL server's. On a machine shared
    with other builds it is the steadier of the two figures."""
    samples, html = Samples(), ""
    for _ in range(runs):
        if before is not None:
            before()
        with samples.timed():
            html = client.get("/map/embed").get_data(as_text=True)
    return samples, html


class Samples:
    """Wall-clock and process CPU milliseconds of repeated runs."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    @contextmanager
    def timed(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall.append((time.perf_counter() - wall) * 1000)
        self.cpu.append((time.process_time() - cpu) * 1000)

    def extend(self, other: Samples) -> None:
        self.wall += other.wall
        self.cpu += other.cpu

    def summary(self) -> dict[str, float]:
        return {
            "p50_ms": round(percentile(self.wall, 50), 1),
            "p95_ms": round(percentile(self.wall, 95), 1),
            "cpu_p50_ms": round(percentile(self.cpu, 50), 1),
            "cpu_p95_ms": round(percentile(self.cpu, 95), 1),
            "runs": len(self.wall),
        }


def run(app: Flask, session: Session, size: int, seed: int, *, browser: bool = True) -> dict[str, Any]:
    """Cold and warm page builds, the Leaflet baseline interleaved with the cold ones (same load on a shared
    machine), the MarkerCluster reference, then both pages in Chromium (unless `browser` is false);
    DESIGN.md's result shape."""
    dialect = session.get_bind().dialect.name
    client = app.test_client()
    _page_samples(client, 2, map_view.new_version)  # warm-up: templates, imports, pools
    cold, baseline = Samples(), Samples()
    html = baseline_html = ""
    with app.test_request_context():
        leaflet_page(session)  # warm-up
    for _ in range(COLD_RUNS):
        samples, html = _page_samples(client, 1, map_view.new_version)
        cold.extend(samples)
        with app.test_request_context():
            session.rollback()  # a fresh transaction, as a request has
            with baseline.timed():
                baseline_html = leaflet_page(session)
    warm, _html = _page_samples(client, WARM_RUNS)
    with app.test_request_context():
        marker = _reference_build(session)
        reference = timings(marker, range(REFERENCE_RUNS), warmup=0)
        reference_html = _reference_page(marker(None), session)
    layers = json.loads(_data_block(html))["layers"]
    zoomed_in = map_view.run(app, session, seed)
    in_browser: dict[str, Any] = {"browser": None}
    if browser and Path(CHROMIUM).exists():
        asked = map_view.views(session, seed + 1, 2 * BROWSER_RUNS * ZOOMED_VIEWS)
        desktop = [view for view in asked if view["screen"] == "desktop"]
        with _serve(app, {BASELINE_PATH: baseline_html}) as base:
            in_browser = {
                "browser": "chromium",
                "app_browser": _browser_times(
                    base, "/map/embed", BROWSER_RUNS, desktop, before_run=map_view.new_version
                ),
                "baseline_browser": _browser_times(base, BASELINE_PATH, BROWSER_RUNS),
            }
    return result(
        "map",
        size,
        dialect,
        cold.summary(),
        baseline.summary(),
        "leaflet-geojson",
        entries=sum(len(layer["rows"]) for layer in layers),
        grid=bool(json.loads(_data_block(html)).get("grid")),
        zoomed_in=zoomed_in,
        kinds=len(layers),
        app_warm=warm.summary(),
        ratio_warm_p95=round(percentile(warm.wall, 95) / percentile(baseline.wall, 95), 3),
        ratio_cpu_p95=round(percentile(cold.cpu, 95) / percentile(baseline.cpu, 95), 2),
        cache={"hits": MAP_CACHE.hits, "misses": MAP_CACHE.misses},
        html_bytes=len(html.encode("utf-8")),
        baseline_html_bytes=len(baseline_html.encode("utf-8")),
        reference={
            "name": "folium-markercluster",
            **reference,
            "html_bytes": len(reference_html.encode("utf-8")),
        },
        goals={"page_build_ms": 300, "html_bytes": 3_000_000, "interactive_ms": 2000},
        **in_browser,
    )


def _data_block(html: str) -> str:
    """The JSON data block of a map document."""
    start = html.index('<script type="application/json"')
    return html[html.index(">", start) + 1 : html.index("</script>", start)]
