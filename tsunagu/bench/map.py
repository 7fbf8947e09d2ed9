"""`tsunagu bench map`: the map page for N entries — server build time, HTML size, and in Debian Chromium the
time to interactive and the time to open a cluster — for FastMarkerCluster (what the app uses) beside
folium's MarkerCluster with one Marker per entry (the baseline it was chosen against).

Goals (issue 6): page build < 300 ms, HTML < 3 MB, interactive < 2 s, for 10 000 entries.
"""

from __future__ import annotations

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
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from directory.map_data import kind_styles, map_areas, map_entries
from directory.map_views import assets, map_labels, tiles
from directory.search_params import SearchParams
from maps.build import MapParts, build_map
from tsunagu.bench.common import percentile, result, timings

CHROMIUM = os.environ.get("TSUNAGU_CHROMIUM", "/usr/bin/chromium")
BUILD_RUNS = 10
BASELINE_RUNS = 3
BROWSER_RUNS = 5
BASELINE_PATH = "/bench/marker-cluster"


def _build(session: Session, clustering: str) -> Callable[[Any], MapParts]:
    """A function that builds the whole map of every public entry (query included), as /map/embed does."""
    today = date.today()

    def build(_item: Any) -> MapParts:
        data = map_entries(
            session, SearchParams(), today=today, format_date=lambda d: d.isoformat(), detail_url=lambda i: f"/s/{i}"
        )
        return build_map(
            data.entries,
            kind_styles(session, "ja"),
            map_areas(session),
            tiles=tiles(),
            assets=assets(),
            labels=map_labels(),
            clustering=clustering,
        )

    return build


def _page(parts: MapParts, session: Session) -> str:
    """The map document as /map/embed renders it (legend included), for a given build."""
    return render_template(
        "maps/embed.html",
        parts=parts,
        script=Markup(parts.script),  # noqa: S704 - our own folium output (see directory.map_views)
        nonce="bench",
        data=type("Data", (), {"entries": [], "unplaced": 0, "truncated": False})(),
        kinds=kind_styles(session, "ja"),
        view_coverage=False,
        compact=False,
        steps=(),
        error=None,
        tiles=tiles(),
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


def _browser_times(base: str, path: str, runs: int) -> dict[str, float | None]:
    """Median time to interactive (markers drawn, map ready) and to open the biggest cluster, in ms.

    Only the app itself is reachable (tiles are refused, as on a closed network), so tile servers do not
    blur the figures."""
    url = base + path
    from playwright.sync_api import sync_playwright

    interactive: list[float] = []
    opening: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
                page = context.new_page()
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
                page.goto(url, wait_until="commit", timeout=120_000)
                page.locator("html[data-map-ready='1']").wait_for(state="attached", timeout=120_000)
                page.locator(".leaflet-marker-icon").first.wait_for(timeout=120_000)
                interactive.append(page.evaluate("() => performance.now()"))
                page.wait_for_timeout(300)
                opening.append(_open_cluster(page))
                context.close()
        finally:
            browser.close()
    return {
        "interactive_ms": round(percentile(interactive, 50), 1),
        "cluster_open_ms": round(percentile(opening, 50), 1) if opening else None,
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


def run(app: Flask, session: Session, size: int, seed: int) -> dict[str, Any]:
    """Build the map both ways, measure both in the browser, and report in DESIGN.md's shape."""
    dialect = session.get_bind().dialect.name
    with app.test_request_context():
        fast, marker = _build(session, "fast"), _build(session, "marker")
        entries = len(map_entries(session, SearchParams(), today=date.today(), format_date=str, detail_url=str).entries)
        app_times = timings(fast, range(BUILD_RUNS), warmup=2)
        baseline_times = timings(marker, range(BASELINE_RUNS), warmup=1)
        baseline_html = _page(marker(None), session)
    client = app.test_client()
    page_samples = []
    html = ""
    for _ in range(BUILD_RUNS):
        started = time.perf_counter()
        html = client.get("/map/embed").get_data(as_text=True)
        page_samples.append((time.perf_counter() - started) * 1000)
    browser: dict[str, Any] = {"browser": None}
    if Path(CHROMIUM).exists():
        with _serve(app, {BASELINE_PATH: baseline_html}) as base:
            browser = {
                "browser": "chromium",
                "app_browser": _browser_times(base, "/map/embed", BROWSER_RUNS),
                "baseline_browser": _browser_times(base, BASELINE_PATH, max(1, BROWSER_RUNS // 2)),
            }
    return result(
        "map",
        size,
        dialect,
        app_times,
        baseline_times,
        "folium-markercluster",
        entries=entries,
        page_ms={"p50_ms": round(percentile(page_samples, 50), 1), "p95_ms": round(percentile(page_samples, 95), 1)},
        html_bytes=len(html.encode("utf-8")),
        baseline_html_bytes=len(baseline_html.encode("utf-8")),
        goals={"page_build_ms": 300, "html_bytes": 3_000_000, "interactive_ms": 2000},
        **browser,
    )
