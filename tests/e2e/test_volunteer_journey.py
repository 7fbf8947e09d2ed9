"""A volunteer's journey in Chromium on a phone-size screen: sign up in Japanese, confirm the address, wait for
the ボランティアセンター's approval, say 興味あり to a ボランティア募集 and share contact details; the group sees it."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import select

from devtools.demo.people import GROUP_ORGANIZATION
from directory.models import Organization
from matching.suggestions.queries import district_centroid
from tests.e2e.conftest import add_service, screenshot
from tests.e2e.test_registration import DEMO_PASSWORD, PHONE, _sign_in
from tests.factories import weekly

pytestmark = pytest.mark.e2e

VOLUNTEER_PASSWORD = "kaede-2026-pass"  # noqa: S105 - made up by this test
EMAIL = "kaede-e2e@example.jp"
CONTACT = "kaede-contact-e2e@example.jp"
ENTRY = "e2e 土曜の調理ボランティア募集"


def _confirmation_link(tmp_path_factory: pytest.TempPathFactory) -> str:
    logs = sorted(Path(tmp_path_factory.getbasetemp()).glob("e2e-instance*/mail.log"))
    assert logs, "the live server's mail log was not found"
    text = logs[-1].read_text(encoding="utf-8")
    mail = text.rsplit(f"To: {EMAIL}", 1)[1]
    return re.findall(r"http://\S+/register/confirm/\S+", mail)[0]


def test_volunteer_signs_up_is_approved_says_interested_and_the_group_sees_it(
    live_server, live_db, browser, tmp_path_factory
):
    lat, lon = district_centroid(live_db, "本町地区")
    group_org = live_db.scalars(select(Organization).where(Organization.name == GROUP_ORGANIZATION)).one()
    add_service(
        live_db,
        name=ENTRY,
        organization=group_org,
        kinds=("volunteers_wanted",),
        lat=lat,
        lon=lon,
        schedule=weekly("SA", time(9), time(12)),
        description="子ども食堂で料理を手伝う人を募集",
    )

    phone = browser.new_context(locale="ja-JP", viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(live_server + "/volunteer/signup")
    phone.fill("input[name=code_name]", "かえで")
    phone.check("input[name=skills][value=料理]")
    phone.fill("input[name=interests]", "子ども、食")
    phone.check("input[name=availability][value=sat-am]")
    phone.select_option("select[name=district]", "本町地区")
    phone.fill("input[name=contact_email]", CONTACT)
    phone.fill("input[name=contact_phone]", "090-1111-2222")
    phone.fill("textarea[name=bio]", "週末の午前なら手伝えます。")
    phone.fill("input[name=email]", EMAIL)
    phone.fill("input[name=password]", VOLUNTEER_PASSWORD)
    phone.fill("input[name=password_again]", VOLUNTEER_PASSWORD)
    screenshot(phone, "volunteer-signup-phone")
    phone.click("form.volunteer-form button[type=submit]")
    phone.wait_for_load_state()
    assert "確認メールを送りました" in phone.content()

    phone.goto(_confirmation_link(tmp_path_factory))
    phone.wait_for_load_state()
    assert "/login" in phone.url
    phone.fill("input[name=email]", EMAIL)
    phone.fill("input[name=password]", VOLUNTEER_PASSWORD)
    phone.click("form.form button[type=submit]")
    phone.wait_for_load_state()
    assert phone.url.endswith("/volunteer/")
    assert "ボランティアセンターが確認しています" in phone.content()
    screenshot(phone, "volunteer-under-review-phone")

    coordinator = browser.new_context(locale="ja-JP").new_page()
    _sign_in(coordinator, live_server, "coordinator@example.jp", DEMO_PASSWORD)
    coordinator.goto(live_server + "/coordinator/volunteers")
    assert CONTACT not in coordinator.content()  # the queue shows code names only
    coordinator.click("text=かえで")
    coordinator.wait_for_load_state()
    assert CONTACT in coordinator.content()
    coordinator.fill("textarea[name=comment]", "ご登録ありがとうございます。")
    screenshot(coordinator, "volunteer-review-detail")
    coordinator.click("button[value=approve]")
    coordinator.wait_for_load_state()
    assert "かえで さんを承認しました" in coordinator.content()

    phone.reload()
    entry = phone.locator("ol.suggestions > li.result", has_text=ENTRY)
    assert entry.locator("ul.reasons li").count() >= 1
    entry.locator("button[value=interested]").click()
    phone.wait_for_load_state()
    entry = phone.locator("ol.suggestions > li.result", has_text=ENTRY)
    assert "興味ありと伝えました" in entry.inner_text()
    entry.locator("button[value=share]").click()
    phone.wait_for_load_state()
    assert "団体に連絡先を伝えました" in phone.locator("ol.suggestions > li.result", has_text=ENTRY).inner_text()
    screenshot(phone, "volunteer-interest-shared-phone")

    group = browser.new_context(locale="ja-JP", viewport=PHONE).new_page()
    _sign_in(group, live_server, "group@example.jp", DEMO_PASSWORD)
    group.goto(live_server + "/contribute/")
    section = group.locator("li.result", has_text=ENTRY).locator("section.volunteer-interests")
    text = section.inner_text()
    assert "かえで" in text and "料理" in text and CONTACT in text
    section.scroll_into_view_if_needed()
    screenshot(group, "volunteer-group-sees-interest")

    resident = browser.new_context(locale="ja-JP").new_page()
    resident.goto(live_server + "/?q=調理ボランティア")
    assert CONTACT not in resident.content() and "かえで" not in resident.content()
    for page in (phone, coordinator, group, resident):
        page.context.close()
