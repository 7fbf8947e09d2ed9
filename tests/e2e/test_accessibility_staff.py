"""axe-core on the main coordinator and admin pages in 日本語, やさしい日本語 and Português: no serious or critical
violation (the public pages are in test_accessibility.py); the search page and the map have no violation at all."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("ja", "ja_x_easy", "pt_BR")
SERIOUS = ("serious", "critical")
COORDINATOR_PAGES = (
    "/coordinator/",
    "/coordinator/persons/{person}",
    "/coordinator/persons/{person}/match",
    "/coordinator/follow-ups",
    "/coordinator/meetings",
    "/coordinator/households",
)
ADMIN_PAGES = ("/admin/", "/admin/review")


def _sign_in(page, url, email):
    page.goto(url + "/login?lang=ja")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "tsunagu-demo")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def _violations(page, url, paths, impacts=SERIOUS):
    if not AXE.exists():
        message = f"{AXE} not found: run `npm ci` at the project root"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    problems = []
    for language in LANGUAGES:
        for path in paths:
            page.goto(f"{url}{path}{'&' if '?' in path else '?'}lang={language}")
            assert page.url.split("?")[0].endswith(path.split("?")[0]), f"{path} went to {page.url}"
            page.add_script_tag(path=str(AXE))
            found = page.evaluate(
                """async (impacts) => {
                  const result = await axe.run(document, {resultTypes: ['violations']});
                  return result.violations
                    .filter(v => impacts.includes(v.impact))
                    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
                }""",
                list(impacts),
            )
            problems += [f"{language} {path}: {violation}" for violation in found]
    return problems


@pytest.fixture
def staff_page(browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_coordinator_pages_have_no_serious_or_critical_axe_violations(live_server, staff_page):
    page = staff_page
    _sign_in(page, live_server, "coordinator@example.jp")
    page.goto(live_server + "/coordinator/?lang=ja")
    link = page.locator("a[href*='/coordinator/persons/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href')).find(h => /\\/persons\\/\\d+$/.test(h))"
    )
    assert link, "the demo caseload lists no person"
    person = re.search(r"/persons/(\d+)$", link).group(1)
    problems = _violations(page, live_server, [p.format(person=person) for p in COORDINATOR_PAGES])
    assert not problems, "\n".join(problems)


def test_admin_pages_have_no_serious_or_critical_axe_violations(live_server, staff_page):
    _sign_in(staff_page, live_server, "admin@example.jp")
    problems = _violations(staff_page, live_server, ADMIN_PAGES)
    assert not problems, "\n".join(problems)


def test_search_and_map_have_no_axe_violation_at_all(live_server, staff_page):
    problems = _violations(staff_page, live_server, ["/", "/map"], impacts=("minor", "moderate", *SERIOUS))
    assert not problems, "\n".join(problems)
