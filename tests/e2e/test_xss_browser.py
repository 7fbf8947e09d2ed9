"""The XSS corpus in Chromium: every payload stored as an entry's name and texts; on the list, the detail page
and the map no dialog fires and the payload is shown as the very text that was typed."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import add_service, screenshot
from tests.factories import make_organization
from tests.xss_corpus import PAYLOADS

pytestmark = pytest.mark.e2e
SHOWN_LITERALLY = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", "javascript:alert(1)")


@pytest.fixture
def hostile(live_db):
    organization = make_organization(live_db, name="テスト団体（XSSコーパス）")
    services = [
        add_service(
            live_db,
            name=f"{payload[:150]} #{n}",
            description=payload,
            how_to_join=payload,
            atmosphere_notes=payload,
            url=payload[:500],
            organization=organization,
            lat=35.85 + n * 0.001,
            lon=139.95 + n * 0.001,
        )
        for n, payload in enumerate(PAYLOADS)
    ]
    return organization, services


def test_no_payload_runs_on_the_list_detail_or_map(live_server, hostile, page):
    organization, services = hostile
    page.goto(f"{live_server}/?organization_id={organization.uuid}&per_page=100")
    for text in SHOWN_LITERALLY:
        assert page.get_by_text(text, exact=False).first.is_visible(), text
    screenshot(page, "xss-corpus-list")
    for service in services:
        page.goto(f"{live_server}/services/{service.id}")
        assert page.locator("h1").first.inner_text().startswith(service.name[:20].strip())
    page.goto(f"{live_server}/map?organization_id={organization.uuid}")
    page.wait_for_timeout(1500)
    assert page.dialogs == []
