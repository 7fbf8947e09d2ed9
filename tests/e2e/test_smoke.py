"""Smoke test in a real browser: the demo town is listed, a detail page opens, a coordinator signs in."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_home_lists_the_demo_town_and_opens_a_detail_page(live_server, page):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").inner_text() == "地域の居場所・活動をさがす"
    results = page.locator("ol.results > li.result")
    assert results.count() >= 20
    assert "件見つかりました" in page.locator(".count").inner_text()
    screenshot(page, "home-ja")

    first = results.first.locator("h3 a")
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    assert page.url.startswith(live_server + "/services/")
    screenshot(page, "service-detail-ja")
    assert page.dialogs == []


def test_coordinator_signs_in_and_reaches_their_area(live_server, page):
    page.goto(live_server + "/coordinator/")
    assert "/login" in page.url  # closed to anonymous users
    page.fill("input[name=email]", "coordinator@example.jp")
    page.fill("input[name=password]", "tsunagu-demo")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/coordinator/")
    assert page.locator("h1").inner_text() == "コーディネーター"
    screenshot(page, "coordinator-home")
    page.click("header button.link")  # ログアウト
    page.wait_for_load_state()
    assert page.locator("header").get_by_text("ログイン").count() == 1
