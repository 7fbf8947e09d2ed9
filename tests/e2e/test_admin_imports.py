"""The admin import page in Chromium: a file is uploaded, its stored parse is previewed, and it is thrown away
without importing (the live demo database is shared with the other browser tests, so nothing is written)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot
from tests.paths import IMPORT_FIXTURES

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "tsunagu-demo"  # noqa: S105 - the documented demo accounts


def test_an_admin_previews_an_upload_and_discards_it(live_server, page):
    page.goto(live_server + "/login")
    page.fill("input[name=email]", "admin@example.jp")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.form button[type=submit]")
    page.goto(live_server + "/admin/imports")
    page.set_input_files("input[name=file]", str(IMPORT_FIXTURES / "kayoinoba_sample.csv"))
    page.get_by_role("button", name="読み取って確認する").click()
    page.wait_for_load_state()
    assert "/admin/imports/" in page.url
    assert page.locator("dd.detected-format").inner_text().startswith("通いの場（厚生労働省）")
    assert page.locator("table.preview-rows tbody tr").count() == 5
    assert "新規: 5 件" in page.locator("ul.counts").inner_text()
    screenshot(page, "admin-import-preview")
    page.get_by_role("button", name="取り込まずに削除する").click()
    page.wait_for_load_state()
    assert "アップロードしたファイルを削除しました。" in page.content()
