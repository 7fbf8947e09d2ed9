"""A resident's search in a real browser: Japanese words, 水曜・無料・中学生, then a detail page."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_search_wednesday_free_for_a_junior_high_student(live_server, page):
    page.goto(live_server + "/")
    page.fill("#q", "こども食堂")
    page.click("details.filters summary")
    page.select_option("select[name=day]", "wed")
    page.check("input[name=free]")
    page.fill("input[name=age]", "13")
    screenshot(page, "search-filters-ja")
    page.click("details.filters button[type=submit]")
    page.wait_for_load_state()

    assert "day=wed" in page.url and "free=1" in page.url and "age=13" in page.url  # shareable URL
    results = page.locator("ol.results > li.result")
    assert results.count() >= 1, page.locator(".count").inner_text()
    for i in range(results.count()):
        item = results.nth(i)
        when = " ".join(item.locator(".when").all_inner_texts())
        assert "水" in when or "毎日" in when, when
        cost = item.locator(".cost").inner_text()
        assert "中学生 無料" in cost or cost == "無料", cost
    screenshot(page, "search-results-ja")

    results.first.locator("h3 a").click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert "参加費" in page.content()
    screenshot(page, "search-detail-ja")
    assert page.dialogs == []


def test_zero_results_explain_what_to_loosen(live_server, page):
    page.goto(live_server + "/?q=%E9%A3%9F%E5%A0%82&lat=35.86&lon=139.97&radius_km=0.05")
    assert "件見つかりました" in page.locator(".count").inner_text()
    relaxed = page.locator(".relaxed")
    assert relaxed.count() == 1
    assert "km 以内に" in relaxed.inner_text()
    relaxed.locator("a").click()
    page.wait_for_load_state()
    assert page.locator("ol.results > li.result").count() >= 1
