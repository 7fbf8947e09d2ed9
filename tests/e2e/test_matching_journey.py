"""The coordinator's journey in a real browser on the demo town: intake → suggestions → proposal → 繋ぐ先がない.

Screenshots land in tests/e2e/artifacts/ (matching-*.png).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def _sign_in(page, url):
    page.goto(url + "/login")
    page.fill("input[name=email]", "coordinator@example.jp")
    page.fill("input[name=password]", "tsunagu-demo")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def _intake(page, url, code_name, available, **extra):
    page.goto(url + "/coordinator/")
    page.click("text=本人を登録する")
    page.fill("input[name=code_name]", code_name)
    page.fill("input[name=birth_year]", "1985")
    page.select_option("select[name=home_district]", "本町地区")
    page.fill("input[name=interests]", "料理、子ども")
    page.fill("textarea[name=available]", available)
    page.fill("input[name=max_distance_km]", extra.get("distance", "3"))
    page.fill("input[name=max_cost_yen]", "300")
    page.check("input[name=languages][value=ja]")
    screenshot(page, f"matching-intake-{code_name}")
    page.click("form.person-form button[type=submit]")
    page.wait_for_load_state()


def test_coordinator_creates_a_person_sees_explained_suggestions_and_proposes_one(live_server, page):
    _sign_in(page, live_server)
    _intake(page, live_server, "E2Eさん", "水 13:00-19:00\n土 10:00-15:00")
    assert page.locator("h1").inner_text() == "E2Eさん"
    assert "同意未取得" in page.inner_text("main")
    page.click("text=マッチングする")
    page.wait_for_load_state()
    suggestions = page.locator("li.suggestion")
    assert suggestions.count() >= 3
    first = suggestions.first
    reasons = first.locator("ul.reasons").inner_text()
    assert "自宅から" in reasons and "に開催" in reasons
    assert "条件に合わず外れたもの" in page.inner_text("main")
    screenshot(page, "matching-suggestions")
    name = first.locator("h3 a").inner_text()
    first.locator("button", has_text="この活動を提案する").click()
    page.wait_for_load_state()
    assert "提案しました" in page.inner_text(".flashes")
    assert name in page.locator("ul.placements").inner_text() and "提案中" in page.locator("ul.placements").inner_text()
    screenshot(page, "matching-proposed")
    assert page.dialogs == []


def test_no_match_is_recorded_as_an_unmet_need(live_server, page):
    _sign_in(page, live_server)
    _intake(page, live_server, "E2E夜さん", "日 05:00-06:00", distance="0.5")
    page.click("text=マッチングする")
    page.wait_for_load_state()
    assert "条件に合う活動が見つかりませんでした" in page.inner_text("main")
    assert "都合のよい時間に開催がない" in page.locator("section.excluded").inner_text()
    screenshot(page, "matching-no-match")
    page.click("section.unmet button[type=submit]")
    page.wait_for_load_state()
    assert "「繋ぐ先がない」として記録しました" in page.inner_text(".flashes")
