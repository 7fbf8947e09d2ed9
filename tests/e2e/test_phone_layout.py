"""Public pages on a 360 px phone in all nine languages: nothing wider than the screen (filters open or closed)
and every control big enough to tap (44 px). One browser page is reused over the whole matrix to keep it fast."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

SCREENSHOTS = ("ja_x_easy", "pt_BR", "tl")
LANGUAGES = ("ja", "ja_x_easy", "en", "zh_Hans", "ko", "vi", "pt_BR", "tl", "ne")
PAGES = (
    "/",
    "/?filters=open",
    "/?languages=open",
    "/map",
    "/map?filters=open",
    "/map/coverage",
    "/map/embed",
    "/services/{id}",
    "/services/{id}/correction",
    "/services/{id}/translation-request",
    "/register",
    "/register/sent",
    "/login",
    "/password/forgot",
)
"""Every public page (the sign-in forms too; the emailed /register/confirm and /password/reset links only differ by
their message), the search form of / and /map with its filters open, and the language menu open."""
OPEN = {"filters=open": "details.filters > summary", "languages=open": "details.lang-menu > summary"}

_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
      wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.right)}px`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""

_SMALL_TARGETS = """() => {
  const small = [];
  const controls = 'button, summary, select, input:not([type=hidden]), textarea, a.button, nav a, .lang-switch a, '
    + '.furigana-toggle a, .pager a, main h2 a, main h3 a, .map-links a, .filters a, '
    + 'label:has(> input[type=checkbox]), label:has(> input[type=radio])';
  for (const el of document.querySelectorAll(controls)) {
    if (el.closest('.leaflet-container, [hidden], .visually-hidden')) continue;
    if ((el.type === 'checkbox' || el.type === 'radio') && el.closest('label')) continue;  // the label is the target
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown (closed filters)
    const label = (el.innerText || el.name || '').trim().slice(0, 20);
    if (box.height < 43.5 || box.width < 43.5) {
      small.push(`${el.tagName.toLowerCase()} "${label}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small.slice(0, 5);
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def _service_id(live_server, phone) -> str:
    phone.goto(live_server + "/?lang=ja")
    href = phone.locator("ol.results h3 a").first.get_attribute("href")
    return href.rsplit("/", 1)[-1]


def test_no_horizontal_scroll_and_big_enough_targets_on_a_phone(live_server, phone):
    service = _service_id(live_server, phone)
    problems = []
    for language in LANGUAGES:
        for path in PAGES:
            url = live_server + path.format(id=service).split("?")[0]
            phone.goto(f"{url}?lang={language}")
            for opened, summary in OPEN.items():
                if opened in path:
                    phone.locator(summary).click()
            result = phone.evaluate(_OVERFLOW)
            if result["scroll"] > result["width"]:
                problems.append(f"{language} {path}: {result['scroll']}px wide: {result['wide']}")
            if language in SCREENSHOTS and path in ("/", "/?filters=open"):
                screenshot(phone, f"phone-{language}-{'filters' if 'filters' in path else 'home'}")
            small = phone.evaluate(_SMALL_TARGETS)
            if small:
                problems.append(f"{language} {path}: small targets {small}")
    assert not problems, "\n".join(problems)


def test_the_language_menu_keeps_the_phone_header_short_and_works_without_javascript(live_server, browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    phone = context.new_page()
    try:
        phone.goto(live_server + "/?lang=ja&q=%E9%A3%9F%E5%A0%82")
        header = phone.locator("header.site-header").bounding_box()
        assert header["height"] < 240, f"the header is {header['height']}px tall on a phone"
        portuguese = phone.locator("nav.lang-switch a[hreflang='pt-BR']")
        assert not portuguese.is_visible()
        phone.locator("details.lang-menu > summary").tap()
        assert portuguese.is_visible()
        portuguese.tap()
        phone.wait_for_load_state()
        assert phone.locator("html").get_attribute("lang") == "pt-BR"
        assert phone.locator("input[name=q]").input_value() == "食堂"
        assert phone.locator("details.lang-menu > summary").inner_text().startswith("Português")
    finally:
        context.close()


def test_the_language_list_stays_open_on_a_wide_screen(live_server, page):
    page.goto(live_server + "/?lang=ja")
    assert page.locator("nav.lang-switch a[hreflang='pt-BR']").is_visible()
    assert not page.locator("details.lang-menu > summary").is_visible()
    assert page.locator("header.site-header").bounding_box()["height"] < 100
