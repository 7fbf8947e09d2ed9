"""axe-core (npm, `npm ci` at the project root) on the public pages in 日本語, やさしい日本語 and Português:
no serious or critical violation. Injected by Playwright; the page under test loads nothing extra."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("ja", "ja_x_easy", "pt_BR")
PAGES = ("/", "/?filters=open", "/map", "/map/coverage", "/services/{id}", "/register", "/login", "/password/forgot")


@pytest.fixture(scope="module")
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


def test_public_pages_have_no_serious_or_critical_axe_violations(live_server, axe_page):
    page = axe_page
    page.goto(live_server + "/?lang=ja")
    service = page.locator("ol.results h3 a").first.get_attribute("href").rsplit("/", 1)[-1]
    problems = []
    for language in LANGUAGES:
        for path in PAGES:
            url = live_server + path.format(id=service).replace("?filters=open", "")
            page.goto(f"{url}{'&' if '?' in url else '?'}lang={language}")
            if "filters=open" in path:
                page.locator("details.filters > summary").click()
            page.add_script_tag(path=str(AXE))
            found = page.evaluate(
                """async () => {
                  const result = await axe.run(document, {resultTypes: ['violations']});
                  return result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
                }"""
            )
            problems += [f"{language} {path}: {violation}" for violation in found]
    assert not problems, "\n".join(problems)
