"""Made-to-measure participation in a real browser on the demo town: an unmet need → a development case →
a host prospect → a custom menu → proposed to the person → 体験 and a host check-in; the menu stays off the
public map and search. Screenshots land in tests/e2e/artifacts/ (menus-*.png)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e
MENU = "E2E農園の朝しごと"


def _sign_in(page, url):
    page.goto(url + "/login")
    page.fill("input[name=email]", "coordinator@example.jp")
    page.fill("input[name=password]", "tsunagu-demo")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def _submit(page, text):
    page.locator("main button", has_text=text).first.click()
    page.wait_for_load_state()


def test_from_an_unmet_need_to_a_custom_menu_a_trial_and_a_host_check_in(live_server, page):
    url = live_server
    _sign_in(page, url)
    # a person to build the menu for
    page.goto(url + "/coordinator/persons/new")
    page.fill("input[name=code_name]", "E2E農さん")
    page.select_option("select[name=home_district]", "本町地区")
    page.fill("textarea[name=available]", "水 09:00-13:00")
    _submit(page, "保存")
    # 繋ぐ先がない
    page.goto(url + "/coordinator/unmet/new")
    page.fill("textarea[name=sought]", "E2E 朝に外で体を動かす作業")
    _submit(page, "記録する")
    # 社会資源の開発: open a case from the need
    page.goto(url + "/coordinator/development")
    row = page.locator("table.needs tr", has_text="E2E 朝に外で体を動かす作業")
    row.locator("input[type=checkbox]").check()
    screenshot(page, "menus-1-unmet-needs")
    _submit(page, "選んだものから取り組みを始める")
    assert "E2E 朝に外で体を動かす作業" in page.input_value("textarea[name=gap]")
    page.fill("input[name=title]", "E2E 朝の畑しごと")
    _submit(page, "始める")
    assert "取り組み「E2E 朝の畑しごと」を始めました" in page.inner_text(".flashes")
    screenshot(page, "menus-2-development-case")
    # a host prospect
    page.click("text=受け入れ候補を登録する")
    page.fill("input[name=name]", "E2E みどり農園")
    page.fill("input[name=kind]", "農家")
    page.fill("textarea[name=offer]", "朝の草取りと収穫")
    page.fill("textarea[name=days]", "水 09:00-12:00")
    page.fill("input[name=latitude]", "35.8612")
    page.fill("input[name=longitude]", "139.9712")
    _submit(page, "保存する")
    assert page.locator("h1").inner_text() == "E2E みどり農園"
    screenshot(page, "menus-3-prospect")
    # a custom menu for the person
    page.click("text=個別メニューを作る")
    page.select_option("select[name=person_id]", label="E2E農さん")
    page.fill("input[name=name]", MENU)
    page.fill("textarea[name=description]", "朝の草取り")
    page.fill("input[name=schedule_text]", "毎週水曜日 10時～12時")
    page.fill("textarea[name=accompaniment]", "最初の2回は担当が同行")
    page.fill("textarea[name=host_agreements]", "休憩を多めに取る")
    _submit(page, "保存する")
    assert page.locator("h1").inner_text() == MENU
    assert "休憩を多めに取る" in page.inner_text("section.arrangement")
    screenshot(page, "menus-4-custom-menu")
    # propose it, then 体験 and a host check-in on the placement
    _submit(page, "本人に提案する")
    assert "提案しました" in page.inner_text(".flashes")
    page.locator("section.arrangement a", has_text="つなぎ").click()
    page.wait_for_load_state()
    page.select_option("select[name=advance-to]", "trial")
    page.locator("form", has=page.locator("select[name=advance-to]")).locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.click("text=受け入れ先との話を記録する")
    page.fill("input[name=check_in-host_contact_person]", "園主の田中さん")
    page.fill("textarea[name=check_in-how_it_goes]", "黙々と作業、園主も喜んでいる")
    page.locator("form", has=page.locator("textarea[name=check_in-how_it_goes]")).locator("button[type=submit]").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "体験" in main and "園主の田中さん" in main
    screenshot(page, "menus-5-trial-and-check-in")
    # the menu is nowhere public
    page.goto(url + f"/?q={MENU}")
    assert page.locator(f"a:has-text('{MENU}')").count() == 0
    page.goto(url + "/coordinator/hosts/map")
    page.locator("iframe.map-frame").scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.map-frame")
    frame.locator("html[data-map-ready='1']").wait_for(state="attached")
    assert frame.locator(".leaflet-marker-icon, .map-cluster-icon").count() >= 1
    assert "協力可" in frame.locator(".map-legend").inner_text()
    screenshot(page, "menus-6-prospect-map")
    assert page.dialogs == []
