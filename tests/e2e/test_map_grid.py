"""A map whose search finds more entries than it carries (a prefecture, the country), in Chromium: zoomed out it
shows the database's counts per grid cell, a cell opens by zooming in, and zoomed in the entries come back."""

from __future__ import annotations

import pytest

from devtools.bench.common import bench_database_url, discard_database, prepared_app
from devtools.bench.map import _serve
from directory.map_pages import entries
from tests.e2e.conftest import offline, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def full_map(monkeypatch):
    """An app on its own SQLite file with generated entries, serving maps that carry at most 5 of them."""
    url = bench_database_url(None)
    app, _seconds = prepared_app(url, 200, 7)
    monkeypatch.setattr(entries, "MAP_LIMIT", 5)
    try:
        with _serve(app, {}) as base:
            yield base
    finally:
        discard_database(url)


def _cells(page):
    return page.locator(".map-grid-cell")


def test_a_full_map_shows_grid_counts_when_zoomed_out_and_entries_when_zoomed_in(full_map, page):
    offline(page)
    page.goto(full_map + "/map/embed")
    page.locator("html[data-map-ready='1']").wait_for(state="attached")
    zoom_out = page.locator(".leaflet-control-zoom-out")
    for _ in range(8):  # from the entries' bounds out to a prefecture's zoom
        if _cells(page).count():
            break
        zoom_out.click()
        page.wait_for_timeout(400)
    _cells(page).first.wait_for()
    counts = [int(text) for text in _cells(page).locator(".map-cluster-count").all_inner_texts()]
    assert sum(counts) > 5  # more than the map itself carries: the database counted them
    assert page.locator(".map-marker").count() == 0  # the entries' layers are off while the grid shows
    label = _cells(page).first.locator("xpath=..").get_attribute("aria-label")
    assert "件（選ぶと拡大します）" in label
    screenshot(page, "map-grid")
    zoom_in = page.locator(".leaflet-control-zoom-in:not(.leaflet-disabled)")
    for _ in range(8):  # zoom in past the grid: the entries the map carries come back
        if not _cells(page).count() or not zoom_in.count():
            break
        zoom_in.click()
        page.wait_for_timeout(400)
    assert _cells(page).count() == 0
    page.locator(".leaflet-marker-icon").first.wait_for()
