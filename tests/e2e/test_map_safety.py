"""Hostile text on the map, in Chromium: names and descriptions stay text, no script runs, no dialog fires."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import add_service, offline, screenshot
from tests.factories import make_organization

pytestmark = pytest.mark.e2e

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
TEMPLATE = "{{ 7*7 }}{% for x in range(3) %}Q{% endfor %}"
"""folium compiles its script as a Jinja template: a name must never reach it (maps/build.py)."""


def test_hostile_names_show_as_text_on_the_map_and_in_popups(live_server, live_db, page):
    org = make_organization(live_db, name="テスト団体（安全性）")
    add_service(live_db, name=IMG, description=SCRIPT, organization=org, lat=35.87, lon=139.95)
    add_service(live_db, name=SCRIPT, description=IMG, organization=org, lat=35.85, lon=140.00)
    add_service(live_db, name=TEMPLATE, description=TEMPLATE, organization=org, lat=35.83, lon=139.93)
    offline(page)
    page.goto(f"{live_server}/map?organization_id={org.uuid}")
    frame = page.frame_locator("iframe.map-frame")
    markers = frame.locator(".leaflet-marker-icon.map-marker")
    markers.first.wait_for()
    assert markers.count() == 3
    titles = {markers.nth(i).get_attribute("title") for i in range(3)}
    assert titles == {f"{IMG}（居場所）", f"{SCRIPT}（居場所）", f"{TEMPLATE}（居場所）"}
    for i in range(3):
        markers.nth(i).click()
        popup = frame.locator(".leaflet-popup-content .map-popup")
        popup.wait_for()
        title = popup.locator("h3").inner_text()
        assert title in (IMG, SCRIPT, TEMPLATE)
        assert popup.locator("img, script").count() == 0
        if i == 0:
            screenshot(page, "map-hostile-popup")
        frame.locator(".leaflet-popup-close-button").click()
        frame.locator(".leaflet-popup").wait_for(state="detached")
    # no element was made from the names: no <img src=x> anywhere in the map document
    assert frame.locator("img[src='x']").count() == 0
    # the list beside it (the map's accessible alternative) shows them as text too
    listed = page.locator("#map-list ol.results h3").all_inner_texts()
    assert sorted(listed) == sorted([IMG, SCRIPT, TEMPLATE])
    page.wait_for_timeout(300)  # let any onerror handler fire if one were ever inserted
    assert page.dialogs == []
