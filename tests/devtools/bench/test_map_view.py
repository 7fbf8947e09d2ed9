"""`tsunagu bench map` zoomed in: /map/view.json beside raw SQL on every view, and the report row saying so."""

from __future__ import annotations

import pytest

from devtools.bench.map import view as map_view
from devtools.bench.report import row
from devtools.demo.bulk import generate_bulk
from directory.map_pages import entries
from maps.grid import MAX_ZOOM
from tsunagu.catalog_cache import bump_catalog_version

SIZE = 300


@pytest.fixture
def generated(db_session, monkeypatch):
    generate_bulk(db_session.connection(), size=SIZE, seed=11)
    # the catalog write on the test's own connection (another one would wait for the test's transaction)
    monkeypatch.setattr(map_view, "new_version", lambda: bump_catalog_version(db_session.connection(), services=()))
    monkeypatch.setattr(map_view, "fresh_transaction", lambda session: None)  # the test's transaction holds the data
    return db_session


def test_views_are_zoomed_in_desktop_and_phone_maps_around_entries(generated):
    asked = map_view.views(generated, seed=3, count=12)
    assert {v["screen"] for v in asked} == {"desktop", "phone"}
    assert {v["zoom"] for v in asked} == {MAX_ZOOM + 1, MAX_ZOOM + 2, MAX_ZOOM + 3}
    for view in asked:
        west, south, east, north = map(float, view["bbox"].split(","))
        assert west < view["lon"] < east and south < view["lat"] < north
    # a phone's view is narrower than a desktop's at the same zoom
    width = {(v["screen"], v["zoom"]): float(v["bbox"].split(",")[2]) - float(v["bbox"].split(",")[0]) for v in asked}
    assert width["phone", MAX_ZOOM + 1] < width["desktop", MAX_ZOOM + 1]


def test_the_app_and_the_raw_sql_agree_on_every_view(app, generated, monkeypatch):
    monkeypatch.setattr(map_view, "VIEWS", 12)
    with app.test_request_context():
        outcome = map_view.run(app, generated, seed=3)
    assert outcome["mismatches"] == 0 and outcome["views"] == map_view.VIEWS
    assert outcome["entries_per_view"]["max"] > 0  # views are centred on entries: at least that one is found
    assert outcome["app"]["runs"] == outcome["baseline"]["runs"] == outcome["app_warm"]["runs"] == map_view.VIEWS
    assert {screen: figures["views"] for screen, figures in outcome["per_screen"].items()} == {
        "desktop": map_view.VIEWS // 2,
        "phone": map_view.VIEWS // 2,
    }


def test_a_view_with_more_entries_than_the_map_carries_agrees_too(app, generated, monkeypatch):
    monkeypatch.setattr(entries, "MARKER_CAP", 3)  # the app sends the first three; so must the baseline
    monkeypatch.setattr(map_view, "VIEWS", 6)
    with app.test_request_context():
        outcome = map_view.run(app, generated, seed=3)
    assert outcome["mismatches"] == 0 and outcome["entries_per_view"]["max"] == 3


def test_a_baseline_that_disagrees_is_counted(app, generated, monkeypatch):
    monkeypatch.setattr(map_view, "VIEWS", 4)
    found = map_view.baseline_ids
    monkeypatch.setattr(map_view, "baseline_ids", lambda session, bbox: found(session, bbox)[1:])
    with app.test_request_context():
        assert map_view.run(app, generated, seed=3)["mismatches"] == 4


def _town(**extra):
    return {
        "benchmark": "map",
        "size": 10_000,
        "db": "sqlite",
        "app": {"p50_ms": 40.0, "p95_ms": 55.0},
        "baseline": {"name": "leaflet-geojson", "p50_ms": 30.0, "p95_ms": 35.0},
        "ratio_p95": 1.57,
        "entries": 0,
        "html_bytes": 12_000,
        "app_browser": {"interactive_ms": 600.0},
        **extra,
    }


def test_the_row_of_a_grid_town_gives_the_zoomed_in_figures_and_their_targets():
    zoomed_in = {
        "app": {"p50_ms": 70.0, "p95_ms": 170.0},
        "baseline": {"p50_ms": 9.0, "p95_ms": 26.0},
        "app_warm": {"p50_ms": 1.5, "p95_ms": 8.6},
        "views": 40,
        "zooms": [13, 14, 15],
        "per_screen": {
            "phone": {"app": {"p50_ms": 57.0, "p95_ms": 115.0}, "baseline": {"p50_ms": 5.6, "p95_ms": 17.0}}
        },
        "mismatches": 0,
        "entries_per_view": {"median": 482, "max": 2000, "empty": 0},
    }
    browser = {
        "interactive_ms": 600.0,
        "zoom_in": {
            "p50_ms": 366.0,
            "p95_ms": 724.0,
            "views": 20,
            "on_screen": {"median": 582, "max": 1951, "empty": 0},
        },
    }
    text = row(_town(grid=True, zoomed_in=zoomed_in, app_browser=browser))
    assert "10 000 (grid zoomed out; a zoomed-in view: median 482 entries)" in text
    assert "(0 on the map)" not in text
    assert "✔ view.json cold p95 170 ms" in text and "✔ view mismatches 0" in text
    assert "✔ zoomed in, entries drawn p95 724 ms" in text
    assert "on screen median 582, max 1951, 0 empty" in text and "phone views cold 57.0 / 115.0 ms" in text


def test_an_older_town_result_without_the_zoomed_in_part_says_it_was_not_measured():
    text = row(_town())
    assert "10 000 (0 on the map)" in text
    assert "– view.json cold p95 not measured" in text and "– view mismatches not measured" in text
    assert "– zoomed in, entries drawn p95 not measured" in text


@pytest.mark.e2e
def test_in_chromium_a_zoom_in_on_a_full_map_times_the_entries_of_the_view_drawn(monkeypatch):
    """A map that carries none of its entries (the grid): each zoom-in waits for /map/view.json and counts what
    was drawn on screen."""
    from devtools.bench import map as map_bench
    from devtools.bench.common import app_session, bench_database_url, discard_database, prepared_app

    url = bench_database_url(None)
    app, _seconds = prepared_app(url, 200, 7)
    monkeypatch.setattr(entries, "MARKER_CAP", 5)
    try:
        with app.app_context():
            asked = [v for v in map_view.views(app_session(), seed=3, count=8) if v["screen"] == "desktop"]
        with map_bench._serve(app, {}) as base:
            found = map_bench._browser_times(base, "/map/embed", 1, asked)
    finally:
        discard_database(url)
    zoomed = found["zoom_in"]
    assert zoomed["views"] == map_bench.ZOOMED_VIEWS and zoomed["timed_out"] == 0
    for view in zoomed["per_view"]:
        assert view["rows"] is not None and 0 <= view["rows"] <= 5  # what /map/view.json sent (MARKER_CAP)
        assert 0 <= view["on_screen"] <= view["rows"] and view["ms"] > 0
    assert zoomed["on_screen"]["max"] > 0  # views are centred on entries
