"""Languages in a real browser: the switcher by keyboard, translated detail pages, furigana, screenshots
of the search page and a detail page in ja, やさしい日本語, en, pt_BR and vi."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

LOCALES = {"ja": "ja", "ja_x_easy": "ja-x-easy", "en": "en", "pt_BR": "pt-BR", "vi": "vi"}


def _translated_service_url(live_server, page) -> str:
    """A demo entry whose name the groups translated (its Portuguese name is on the English-free list)."""
    page.goto(live_server + "/?lang=pt_BR")
    link = page.locator("ol.results h3 a[lang='pt-BR']").first
    href = link.get_attribute("href")
    assert href and href.startswith("/services/")
    return live_server + href


def test_switcher_by_keyboard_keeps_the_page_and_query(live_server, page):
    page.goto(live_server + "/?q=%E9%A3%9F%E5%A0%82")
    portuguese = page.locator("nav.lang-switch a[hreflang='pt-BR']")
    for _ in range(60):  # Tab through the page until the link has focus, as a keyboard user would
        page.keyboard.press("Tab")
        if portuguese.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the Português link is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "pt-BR"
    assert page.locator("input[name=q]").input_value() == "食堂"
    assert page.locator("h1").inner_text() == "Encontre lugares e atividades no seu bairro"
    # the choice stays for the next page
    page.goto(live_server + "/login")
    assert page.locator("html").get_attribute("lang") == "pt-BR"


@pytest.mark.parametrize("code", list(LOCALES))
def test_search_and_detail_pages_in_each_language(live_server, page, code):
    detail = _translated_service_url(live_server, page)
    page.goto(f"{live_server}/?lang={code}")
    assert page.locator("html").get_attribute("lang") == LOCALES[code]
    assert page.locator("ol.results > li.result").count() >= 10
    screenshot(page, f"i18n-home-{code}")

    page.goto(f"{detail}?lang={code}")
    assert page.locator("html").get_attribute("lang") == LOCALES[code]
    heading = page.locator("h1")
    if code == "pt_BR":
        assert heading.locator("span[lang='pt-BR']").count() == 1
        assert page.get_by_role("heading", name="Quando?").count() == 1
    if code == "ja_x_easy":
        assert page.locator("main ruby rt").count() > 20
        assert page.locator("h2#when").inner_text().startswith("いつ")
        # furigana stand over kanji only (a number whose sound changes may join them: 4時 よじ; touching readings are
        # one ruby: 午後4時), never over kana or symbols such as the か of 3か月 or the ・ of 小・中学生
        bases = page.eval_on_selector_all(
            "ruby",
            "rubies => rubies.map(r => [...r.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join(''))",
        )
        assert bases and all(re.fullmatch("(?:[0-9０-９,，]*[\u3400-\u9fff々〆ヶ]+)+", base) for base in bases), bases
    if code in ("en", "vi"):
        assert re.search("[\u3041-\u30ff]", page.locator("h2#when").inner_text()) is None
    screenshot(page, f"i18n-detail-{code}")
    assert page.dialogs == []


def test_furigana_can_be_turned_off(live_server, page):
    detail = _translated_service_url(live_server, page)
    page.goto(f"{detail}?lang=ja_x_easy")
    assert page.locator("rt").count() > 0
    page.get_by_role("link", name=re.compile("ふりがなを")).click()
    page.wait_for_load_state()
    assert page.locator("rt").count() == 0
    page.reload()
    assert page.locator("rt").count() == 0
