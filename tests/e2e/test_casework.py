"""A placement's whole story in a real browser on the demo town: propose → 見学 → started → 1-month follow-up →
ended, then 本人同意, the lead agency's view of the case and the report.

Screenshots land in tests/e2e/artifacts/ (casework-*.png).
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e
CODE = "旅路さん"


def _sign_in(page, url, email):
    page.goto(url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "tsunagu-demo")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def _propose(page, url):
    page.goto(url + "/coordinator/persons/new")
    page.fill("input[name=code_name]", CODE)
    page.fill("input[name=birth_year]", "1985")
    page.select_option("select[name=home_district]", "本町地区")
    page.fill("input[name=interests]", "料理、子ども")
    page.fill("textarea[name=available]", "水 13:00-19:00\n土 10:00-15:00")
    page.fill("input[name=max_distance_km]", "3")
    page.fill("input[name=max_cost_yen]", "300")
    page.check("input[name=languages][value=ja]")
    page.click("form.person-form button[type=submit]")
    page.wait_for_load_state()
    person_id = re.search(r"/persons/(\d+)", page.url).group(1)
    page.click("text=マッチングする")
    page.wait_for_load_state()
    page.locator("li.suggestion").first.locator("button", has_text="この活動を提案する").click()
    page.wait_for_load_state()
    return person_id


def test_a_placement_from_proposal_to_closure_then_the_agency_view_and_a_report(live_server, page):
    _sign_in(page, live_server, "coordinator@example.jp")
    person_id = _propose(page, live_server)
    page.goto(f"{live_server}/coordinator/persons/{person_id}/timeline")
    assert page.locator("h1").inner_text() == f"{CODE} の経過"
    page.locator("ol.timeline li[data-kind=placement] a").first.click()
    page.wait_for_load_state()
    status = page.locator("[data-status]").first
    assert status.get_attribute("data-status") == "proposed"
    screenshot(page, "casework-1-proposed")

    page.select_option("select[name=advance-to]", "visit")
    page.check("input[name=advance-accompanied]")
    page.fill("textarea[name=advance-note]", "コーディネーターが同行して見学")
    page.click("form[action$='/advance'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-status]").first.get_attribute("data-status") == "visit"
    assert "見学同行" in page.inner_text("main")
    screenshot(page, "casework-2-visit")

    page.select_option("select[name=advance-to]", "started")
    page.click("form[action$='/advance'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-status]").first.get_attribute("data-status") == "started"
    assert page.locator("tr[data-milestone]").count() == 4
    screenshot(page, "casework-3-started")

    # due in a month: recording it today needs a reason
    page.fill("tr[data-milestone='1m'] input[name=note]", "本人から電話があり、早めに様子を聞いた")
    page.locator("tr[data-milestone='1m'] button", has_text="順調").click()
    page.wait_for_load_state()
    assert "順調" in page.locator("tr[data-milestone='1m']").inner_text()
    screenshot(page, "casework-4-one-month")

    page.select_option("select[name=end-reason]", "goal_met")
    page.click("form[action$='/end'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-status]").first.get_attribute("data-status") == "ended"
    assert "目標達成で終結" in page.inner_text("main")
    screenshot(page, "casework-5-ended")

    # 本人同意: share with the lead agency, recorded with the consent form's reference
    page.goto(f"{live_server}/coordinator/persons/{person_id}/consent")
    page.check("input[name=agencies] >> nth=0")
    page.fill("input[name=form_reference]", "同意書-E2E-1")
    page.click("form[action$='/consent'] button[type=submit]")
    page.wait_for_load_state()
    assert "本人同意（重層的支援会議で共有）" in page.inner_text("main")
    page.goto(f"{live_server}/coordinator/persons/{person_id}/timeline")
    assert "同意書: 同意書-E2E-1" in page.inner_text("ol.timeline")
    screenshot(page, "casework-6-timeline")
    page.click("header button.link")  # ログアウト
    page.wait_for_load_state()

    _sign_in(page, live_server, "agency@example.jp")
    page.click("header >> text=共有ケース")
    page.wait_for_load_state()
    row = page.locator(f"tr[data-person='{person_id}']")
    assert row.count() == 1 and "終了" in row.inner_text()
    assert page.locator("table.agency-cases tbody tr").count() >= 10
    screenshot(page, "casework-7-agency-view")

    page.click("header >> text=レポート")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "つなぎのレポート"
    assert page.locator("table.report-table").count() >= 6 and page.locator("figure.chart svg").count() >= 4
    assert "<3" in page.inner_text("main")
    screenshot(page, "casework-8-report")
    assert page.dialogs == []
