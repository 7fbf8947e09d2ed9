"""axe-core (npm, `npm ci` at the project root) in 日本語, やさしい日本語 and Português: no serious or critical
violation on the public pages nor on the main coordinator pages (caseload, person, match form and results, placement,
follow-ups, meetings, households, reports) and admin pages (curation queues, imports, reports), and none at all on the
search page and the map. Injected by Playwright; the page under test loads nothing extra."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import person_with_suggestions

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("ja", "ja_x_easy", "pt_BR")
SERIOUS = ("serious", "critical")
PAGES = ("/", "/?filters=open", "/map", "/map/coverage", "/services/{id}", "/register", "/login", "/password/forgot")
COORDINATOR_PAGES = (
    "/coordinator/",
    "/coordinator/persons/{person}",
    "/coordinator/persons/{person}/match",  # the match form and its results
    "/coordinator/placements/{placement}",
    "/coordinator/follow-ups",
    "/coordinator/meetings",
    "/coordinator/households",
    "/admin/reports",
)
ADMIN_PAGES = (
    "/admin/",
    "/admin/review",
    "/admin/stale",
    "/admin/duplicates",
    "/admin/label-conflicts",
    "/admin/locations",
    "/admin/imports",
    "/admin/reports",
    "/admin/translations",
    "/admin/areas",
    "/admin/agencies",
)


@pytest.fixture
def axe_page(browser):
    if not AXE.exists():
        message = f"{AXE} not found: run `npm ci` at the project root"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def _sign_in(page, url, email):
    page.goto(url + "/login?lang=ja")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "tsunagu-demo")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def _violations(page, url, paths, impacts=SERIOUS):
    """axe on each path in each language; `?filters=open` opens the search filters first."""
    problems = []
    for language in LANGUAGES:
        for path in paths:
            address = path.replace("?filters=open", "")
            page.goto(f"{url}{address}?lang={language}")
            assert page.url.split("?")[0].endswith(address), f"{path} went to {page.url}"
            if "filters=open" in path:
                page.locator("details.filters > summary").click()
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
    page.goto(f"{url}{paths[0]}?lang=ja")  # a signed-in account remembers its language: leave it in Japanese
    return problems


def test_public_pages_have_no_serious_or_critical_axe_violations(live_server, axe_page):
    axe_page.goto(live_server + "/?lang=ja")
    service = axe_page.locator("ol.results h3 a").first.get_attribute("href").rsplit("/", 1)[-1]
    problems = _violations(axe_page, live_server, [path.format(id=service) for path in PAGES])
    assert not problems, "\n".join(problems)


def test_search_and_map_have_no_axe_violation_at_all(live_server, axe_page):
    problems = _violations(axe_page, live_server, ["/", "/map"], impacts=("minor", "moderate", *SERIOUS))
    assert not problems, "\n".join(problems)


def test_coordinator_pages_have_no_serious_or_critical_axe_violations(live_server, axe_page):
    _sign_in(axe_page, live_server, "coordinator@example.jp")
    axe_page.goto(live_server + "/coordinator/?lang=ja")
    person, _ = person_with_suggestions(axe_page, live_server)  # the match page with its results
    placement = _placement(axe_page, live_server, person)
    paths = [path.format(person=person, placement=placement) for path in COORDINATOR_PAGES]
    problems = _violations(axe_page, live_server, paths)
    assert not problems, "\n".join(problems)


def _placement(page, url, person):
    """A placement of the demo caseload: linked from the caseload home, the follow-ups or a person's page."""
    for path in ("/coordinator/", "/coordinator/follow-ups", f"/coordinator/persons/{person}"):
        page.goto(f"{url}{path}?lang=ja")
        found = page.locator("a[href*='/coordinator/placements/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href')).find(h => /\\/placements\\/\\d+$/.test(h))"
        )
        if found:
            return re.search(r"/placements/(\d+)$", found).group(1)
    raise AssertionError("the demo caseload links no placement")


def test_admin_pages_have_no_serious_or_critical_axe_violations(live_server, axe_page):
    _sign_in(axe_page, live_server, "admin@example.jp")
    problems = _violations(axe_page, live_server, ADMIN_PAGES)
    assert not problems, "\n".join(problems)
