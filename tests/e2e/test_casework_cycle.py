"""The casework cycle of issue #22 in a real browser on the demo town: intake → 支援プラン → 支援会議 → a planned
見学 on 今週のフォロー → 参加 → case 終結 → the 年度 report with real denominators.

Screenshots land in tests/e2e/artifacts/ (cycle-*.png).
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot
from tsunagu.clock import today_in_japan

pytestmark = pytest.mark.e2e
CODE = "一巡さん"


def _sign_in(page, url, email):
    page.goto(url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "tsunagu-demo")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def _submit(page, form):
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()


def test_intake_plan_meeting_placement_closure_and_report(live_server, page):
    today = today_in_japan()
    _sign_in(page, live_server, "coordinator@example.jp")
    page.goto(live_server + "/coordinator/")
    screenshot(page, "cycle-0-caseload")
    assert page.locator("table.caseload tbody tr").count() >= 10

    page.goto(live_server + "/coordinator/persons/new")
    page.fill("input[name=code_name]", CODE)
    page.fill("input[name=birth_year]", "1990")
    page.select_option("select[name=home_district]", "本町地区")
    page.fill("input[name=interests]", "料理")
    page.fill("textarea[name=available]", "水 13:00-19:00\n土 10:00-15:00")
    page.fill("input[name=max_distance_km]", "3")
    page.check("input[name=languages][value=ja]")
    _submit(page, "form.person-form")
    person_id = re.search(r"/persons/(\d+)", page.url).group(1)
    assert "中学校区" in page.inner_text("main") and "第" in page.inner_text("main")  # derived from the 地区

    page.goto(f"{live_server}/coordinator/persons/{person_id}/plan")
    page.fill("textarea[name=goals]", "週1回、家の外で過ごす時間をつくる")
    page.fill("textarea[name=steps]", "見学に同行する\n体験に参加する")
    page.fill("input[name=review_on]", today.replace(day=28).isoformat())
    _submit(page, "#plan-form")
    assert "週1回、家の外で過ごす" in page.inner_text("#current-plan")
    screenshot(page, "cycle-1-plan")

    page.goto(live_server + "/coordinator/meetings/new")
    page.select_option("select[name=kind]", "support")
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("input[name=title]", "支援会議（一巡さん）")
    page.locator("#meeting-form label.check", has_text=CODE).locator("input").check()
    page.fill("textarea[name=decisions]", "見学に同行し、1か月後に振り返る")
    _submit(page, "#meeting-form")
    assert CODE in page.inner_text("main") and "見学に同行し" in page.inner_text("main")
    page.click("text=会議資料（印刷用）")
    page.wait_for_load_state()
    assert page.locator(f"section.pack-case[data-person='{person_id}']").count() == 1
    screenshot(page, "cycle-2-meeting-pack")

    page.goto(f"{live_server}/coordinator/persons/{person_id}/match")
    page.locator("li.suggestion").first.locator("button", has_text="この活動を提案する").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/coordinator/persons/{person_id}/timeline")
    page.locator("ol.timeline li[data-kind=placement] a").first.click()
    page.wait_for_load_state()
    placement_url = page.url
    page.select_option("select[name=advance-to]", "visit")
    page.fill("input[name=advance-on]", today.isoformat())
    page.check("input[name=advance-planned]")
    _submit(page, "form[action$='/advance']")
    assert page.locator("[data-planned=visit]").count() == 1
    page.goto(live_server + "/coordinator/follow-ups")
    assert CODE in page.inner_text("table.planned-list")
    screenshot(page, "cycle-3-planned-visit")

    page.goto(placement_url)
    page.select_option("select[name=advance-to]", "visit")
    page.check("input[name=advance-accompanied]")
    _submit(page, "form[action$='/advance']")
    page.select_option("select[name=advance-to]", "started")
    _submit(page, "form[action$='/advance']")
    assert page.locator("[data-status]").first.get_attribute("data-status") == "started"
    screenshot(page, "cycle-4-started")

    page.goto(f"{live_server}/coordinator/persons/{person_id}/plan")
    page.select_option("select[name=evaluation]", "goal_met")
    _submit(page, "#closure-form")
    assert page.locator("[data-closure=goal_met]").count() == 1
    page.goto(placement_url)  # the case is closed; the placement and its follow-ups go on
    assert page.locator("[data-status]").first.get_attribute("data-status") == "started"
    screenshot(page, "cycle-5-closed")

    year = today.year if today.month >= 4 else today.year - 1
    page.goto(f"{live_server}/admin/reports?fy={year - 1}")
    assert f"{year - 1}年度" in page.inner_text("#report-period")
    retention = page.locator("table[data-report=retention] tbody tr").first.inner_text()
    assert re.search(r"3か月\s+(\d+)", retention) and int(re.search(r"3か月\s+(\d+)", retention).group(1)) >= 10
    assert "—" not in page.locator("table[data-report=closed_loop]").inner_text().split("判定")[1].split("\n")[1]
    screenshot(page, "cycle-6-report")
    assert page.dialogs == []
