"""A family in a real browser on the demo town: a household, two children with their consent, matching for
the family. Screenshots land in tests/e2e/artifacts/ (household-*.png)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_matching_journey import _sign_in

pytestmark = pytest.mark.e2e


def test_a_coordinator_registers_a_family_and_matches_it(live_server, page):
    _sign_in(page, live_server)
    page.goto(live_server + "/coordinator/households")
    page.click("text=世帯を登録する")
    page.fill("input[name=code]", "E2E世帯")
    page.select_option("select[name=home_district]", "本町地区")
    page.check("input[name=languages][value=ja]")
    page.fill("textarea[name=available]", "水 13:00-19:00\n土 10:00-15:00")
    page.fill("input[name=max_distance_km]", "3")
    page.fill("input[name=max_cost_yen]", "900")
    page.click("form.household-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "世帯 E2E世帯"
    for label, age in (("長女", "10"), ("長男", "13")):
        page.click("text=家族を加える")
        page.fill("input[name=label]", label)
        page.fill("input[name=age]", age)
        page.select_option("select[name=consent_tier]", "shared")
        page.click("form.member-form button[type=submit]")
        page.wait_for_load_state()
    members = page.locator("table.members").inner_text()
    assert "長女" in members and "13歳" in members and "本人（保護者）の同意あり" in members
    screenshot(page, "household-detail")
    page.click("text=家族でマッチングする")
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "参加する家族全員の年齢に合い" in main and "条件に合わず外れたもの" in main
    for reasons in page.locator("li.suggestion ul.reasons").all_inner_texts():
        assert "家族みんなで参加できる" in reasons or "歳の家族が対象" in reasons
    screenshot(page, "household-match")
    assert page.dialogs == []
