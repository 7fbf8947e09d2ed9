"""Which language a page is in: ?lang= → session → profile → Accept-Language → ja, and the switcher."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sqlalchemy import select

from i18n.locales import SUPPORTED_LOCALES
from tests.factories import make_service, make_user
from tests.helpers import login
from tsunagu.models import Role, User


def _html_lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, "no <html lang>"
    return match.group(1)


def _page(client, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_lang_parameter_sets_html_lang_and_is_remembered_in_the_session(client):
    html = _page(client, "/?lang=pt-BR")
    assert _html_lang(html) == "pt-BR"
    assert "Encontre lugares e atividades no seu bairro" in html
    # no parameter: the session remembers, even against the browser's language
    assert _html_lang(_page(client, "/login", **{"Accept-Language": "ko"})) == "pt-BR"


def test_every_ui_locale_gets_its_own_html_lang(client):
    expected = {
        "ja": "ja",
        "ja_x_easy": "ja-x-easy",
        "en": "en",
        "zh_Hans": "zh-Hans",
        "ko": "ko",
        "vi": "vi",
        "pt_BR": "pt-BR",
        "tl": "tl",
        "ne": "ne",
    }
    assert set(expected) == set(SUPPORTED_LOCALES)
    for code, tag in expected.items():
        assert _html_lang(_page(client, f"/login?lang={code}")) == tag


def test_accept_language_decides_when_nothing_was_chosen(client):
    assert _html_lang(_page(client, "/", **{"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"})) == "vi"
    assert _html_lang(_page(client, "/", **{"Accept-Language": "zh-CN,zh;q=0.9"})) == "zh-Hans"
    assert _html_lang(_page(client, "/", **{"Accept-Language": "de-DE,fr;q=0.8"})) == "ja"


def test_japanese_without_any_hint(client):
    assert _html_lang(_page(client, "/")) == "ja"


def test_unknown_language_is_ignored(client):
    assert _html_lang(_page(client, "/?lang=xx")) == "ja"
    assert _html_lang(_page(client, "/?lang=<script>")) == "ja"


def test_signed_in_users_profile_language_applies_and_a_choice_is_saved_to_it(client, db_session):
    user = make_user(db_session, Role.COORDINATOR)
    user.locale = "ko"
    db_session.flush()
    login(client, user.email)
    with client.session_transaction() as session:
        session.pop("lang", None)  # as after signing in on another device
    assert _html_lang(_page(client, "/")) == "ko"

    _page(client, "/?lang=en")
    saved = db_session.scalar(select(User.locale).where(User.id == user.id).execution_options(populate_existing=True))
    assert saved == "en"


def test_session_choice_wins_over_the_profile(client, db_session):
    user = make_user(db_session, Role.GROUP)
    user.locale = "ko"
    db_session.flush()
    login(client, user.email)
    _page(client, "/?lang=vi")
    assert _html_lang(_page(client, "/")) == "vi"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_switcher = 0
        self.links: list[dict[str, str | None]] = []
        self._current: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "nav" and ("class", "lang-switch") in attrs:
            self.in_switcher += 1
        elif tag == "a" and self.in_switcher:
            self._current = dict(attrs) | {"text": ""}

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] = (self._current["text"] or "") + data

    def handle_endtag(self, tag):
        if tag == "a" and self._current is not None:
            self.links.append(self._current)
            self._current = None
        elif tag == "nav" and self.in_switcher:
            self.in_switcher -= 1


def _switcher_links(html: str) -> list[dict[str, str | None]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def test_switcher_names_every_language_in_itself_and_keeps_page_and_query(client, db_session):
    service = make_service(db_session)
    html = _page(client, f"/services/{service.id}?lang=en")
    links = _switcher_links(html)
    names = [link["text"].strip() for link in links if "lang=" in (link["href"] or "")]
    assert names == list(SUPPORTED_LOCALES.values())
    for needed in ("日本語", "やさしい にほんご", "English", "한국어", "Tiếng Việt", "Português", "Tagalog", "नेपाली"):
        assert needed in names
    portuguese = next(link for link in links if link["text"].strip() == "Português")
    assert portuguese["href"] == f"/services/{service.id}?lang=pt_BR"
    assert portuguese["lang"] == "pt-BR" and portuguese["hreflang"] == "pt-BR"
    current = [link["text"].strip() for link in links if link.get("aria-current") == "true"]
    assert current == ["English"]

    search = _page(client, "/?q=食堂&kind=ibasho&kind=salon&day=wed")
    korean = next(link for link in _switcher_links(search) if link["text"].strip() == "한국어")
    assert korean["href"] == "/?q=%E9%A3%9F%E5%A0%82&kind=ibasho&kind=salon&day=wed&lang=ko"


def test_switcher_is_on_error_pages_too(client):
    response = client.get("/no-such-page?lang=pt_BR")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Página não encontrada" in html
    links = [link["href"] for link in _switcher_links(html)]
    assert "/no-such-page?lang=en" in links


def test_switcher_links_are_plain_links_a_keyboard_reaches(client):
    html = _page(client, "/")
    nav = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group()
    assert 'tabindex="-1"' not in nav
    assert len(re.findall(r"<a href=", nav)) == len(SUPPORTED_LOCALES)


def test_furigana_toggle_is_remembered(client, db_session):
    service = make_service(db_session, name="子ども食堂ひまわり")
    url = f"/services/{service.id}"
    html = _page(client, url + "?lang=ja_x_easy")
    assert "<ruby>" in html and "ふりがなを けす" in html
    html = _page(client, url + "?furigana=off")
    assert "<ruby>" not in html and "ふりがなを つける" in html
    assert "<ruby>" not in _page(client, "/")  # still off on the next page
    assert "<ruby>" in _page(client, url + "?furigana=on")


def test_no_furigana_outside_easy_japanese(client, db_session):
    service = make_service(db_session, name="子ども食堂ひまわり")
    for code in ("ja", "en", "zh_Hans"):
        html = _page(client, f"/services/{service.id}?lang={code}")
        assert "<ruby>" not in html
        assert "ふりがな" not in html


def test_api_lang_answers_that_response_only(client, db_session):
    assert client.get("/api/v1/services?lang=en").status_code == 200
    assert _html_lang(_page(client, "/")) == "ja"  # the API call left no choice in the session
