"""Admin curation in Chromium: two duplicate entries are compared side by side and merged (one value picked from
the other entry; afterwards only one remains in public search); an entry is archived with a reason and restored."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import add_service, screenshot

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "tsunagu-demo"  # noqa: S105 - the documented demo accounts
NAME = "重複テストのふれあい食堂"


def _sign_in_as_admin(page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=email]", "admin@example.jp")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def test_an_admin_merges_two_duplicates(live_server, live_db, page):
    kept = add_service(live_db, name=NAME, phone="04-1000-0001")
    other = add_service(live_db, name=NAME, phone="04-1000-0002", lat=35.8601, lon=139.9701)
    _sign_in_as_admin(page, live_server)
    page.goto(live_server + "/admin/duplicates")
    row = page.locator(f'tr[data-pair="{kept.id}-{other.id}"]')
    row.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.locator('tr[data-field="phone"].differs').count() == 1
    page.check('tr[data-field="phone"] input[value="second"]')
    screenshot(page, "admin-merge-duplicates")
    page.click("form.merge button[type=submit]")
    page.wait_for_load_state()
    assert f"/services/{kept.id}" in page.url
    assert "04-1000-0002" in page.content()
    screenshot(page, "admin-merge-result")
    public = page.context.browser.new_context(locale="ja-JP").new_page()
    public.goto(live_server + "/?q=" + NAME)
    assert public.locator(f'a[href="/services/{kept.id}"]').count() >= 1
    assert public.locator(f'a[href="/services/{other.id}"]').count() == 0
    public.context.close()


def test_an_entry_is_archived_with_a_reason_and_restored(live_server, live_db, page):
    service = add_service(live_db, name="アーカイブテストの居場所")
    _sign_in_as_admin(page, live_server)
    page.goto(f"{live_server}/admin/services/{service.id}/archive")
    page.fill("textarea[name=reason]", "活動を終えたと連絡がありました")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server + "/admin/archive")
    row = page.locator(f'tr[data-service="{service.id}"]')
    assert "活動を終えたと連絡がありました" in row.inner_text()
    screenshot(page, "admin-archive-list")
    row.get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator(f'tr[data-service="{service.id}"]').count() == 0
