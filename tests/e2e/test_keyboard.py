"""Keyboard only (Tab, Shift+Tab, Enter, Space, arrow keys; typing text into a field): a search with a filter on `/`,
the map's list alternative, the group registration form and the coordinator's path (sign in → find a person → run a
match → propose) are all reachable and operable, with a visible focus; the skip link is the first stop of a page."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import person_with_suggestions

pytestmark = pytest.mark.e2e

FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  return {tag: el.tagName.toLowerCase(), name: el.getAttribute('name'), type: el.getAttribute('type'),
          text: (el.innerText || el.value || '').trim(), href: el.getAttribute('href'), ring: ring,
          inResults: !!el.closest('ol.results')};
}"""


def _tab_to(page, wanted, *, back=False, limit=80):
    """Press Tab (or Shift+Tab) until the focused element matches `wanted`; every stop shows a focus ring."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focus = page.evaluate(FOCUS)
        if focus is None:
            continue
        assert focus["ring"], f"no visible focus on {focus}"
        if wanted(focus):
            return focus
    raise AssertionError("not reachable with the keyboard")


def _type_into(page, name, text):
    """Tab to the field called `name` and type `text` into it."""
    _tab_to(page, lambda f: f["name"] == name)
    page.keyboard.type(text)


def _follow(page):
    """Enter on the focused link or button, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_search_with_a_filter_then_open_a_result_by_keyboard(live_server, page):
    page.goto(live_server + "/?lang=ja")
    _type_into(page, "q", "食堂")
    _tab_to(page, lambda f: f["tag"] == "summary")
    page.keyboard.press("Enter")
    assert page.locator("details.filters").get_attribute("open") is not None
    _tab_to(page, lambda f: f["name"] == "free")
    page.keyboard.press("Space")
    assert page.locator("input[name=free]").is_checked()
    _tab_to(page, lambda f: f["tag"] == "button" and f["type"] == "submit", back=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "free=1" in page.url and "q=%E9%A3%9F%E5%A0%82" in page.url
    assert page.locator("ol.results li").count() > 0
    target = _tab_to(page, lambda f: f["inResults"] and f["tag"] == "a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target["href"].split("?")[0]) or target["href"] in page.url
    assert "無料" in page.locator("main").inner_text()


def test_the_map_list_alternative_opens_an_entry_by_keyboard(live_server, page):
    page.goto(live_server + "/map?lang=ja")
    _tab_to(page, lambda f: f["href"] == "#map-list")
    page.keyboard.press("Enter")
    target = _tab_to(page, lambda f: f["inResults"] and f["tag"] == "a", limit=10)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/services/" in page.url
    assert page.locator("h1").inner_text().strip() == target["text"]


def test_the_group_registration_form_by_keyboard(live_server, page):
    page.goto(live_server + "/register?lang=ja")
    _tab_to(page, lambda f: f["name"] == "organization_name")
    page.keyboard.type("キーボードの会")
    _tab_to(page, lambda f: f["name"] == "organization_kind")
    page.keyboard.press("ArrowDown")
    assert page.locator("select[name=organization_kind]").input_value()
    for name, text in (
        ("display_name", "鍵盤 太郎"),
        ("email", "keyboard-e2e@example.jp"),
        ("password", "keyboard-only-2026"),
        ("password_again", "keyboard-only-2026"),
    ):
        _type_into(page, name, text)
    _tab_to(page, lambda f: f["tag"] == "button" and f["type"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "確認メールを送りました" in page.locator("h1").inner_text()


def test_the_phone_language_menu_by_keyboard(live_server, browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        phone.goto(live_server + "/?lang=ja")
        _tab_to(phone, lambda f: f["tag"] == "summary" and "Language" in f["text"])
        phone.keyboard.press("Enter")
        _tab_to(phone, lambda f: f["href"] is not None and "lang=pt_BR" in f["href"], limit=10)
        with phone.expect_navigation():
            phone.keyboard.press("Enter")
        assert phone.locator("html").get_attribute("lang") == "pt-BR"
    finally:
        context.close()


def test_the_skip_link_is_the_first_stop_and_leads_into_the_page(live_server, page):
    page.goto(live_server + "/login?lang=ja")
    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUS)
    assert focus["href"] == "#main" and focus["ring"], focus
    box = page.locator("a.skip").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')"), "Tab after the skip link left <main>"


def test_the_coordinator_finds_a_person_runs_a_match_and_proposes_by_keyboard(live_server, page):
    page.goto(live_server + "/login?lang=ja")
    _type_into(page, "email", "coordinator@example.jp")
    _type_into(page, "password", "tsunagu-demo")
    _follow(page)
    if not page.url.split("?")[0].endswith("/coordinator/"):  # signed in: the header links the caseload
        _tab_to(page, lambda f: f["href"] is not None and f["href"].split("?")[0].endswith("/coordinator/"))
        _follow(page)
    _, name = person_with_suggestions(page, live_server)
    _type_into(page, "q", name)
    _follow(page)
    assert page.locator("table.caseload tbody tr").count() >= 1
    _tab_to(page, lambda f: f["href"] is not None and f["href"].endswith("/match"))
    _follow(page)
    assert "マッチング" in page.locator("h1").inner_text()
    proposed = page.locator("li.suggestion").first.locator("h3 a").inner_text()
    _tab_to(page, lambda f: f["tag"] == "button" and "この活動を提案する" in f["text"], limit=200)
    _follow(page)
    assert "提案しました" in page.locator(".flashes").inner_text()
    assert proposed in page.locator("ul.placements").inner_text()
