"""Untranslated UI text falls back to English, then to the Japanese original — never to an empty label."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from flask_babel import gettext, ngettext

from i18n.catalogs import compile_catalogs, is_translated, po_path, read_catalog
from i18n.locales import SUPPORTED_LOCALES, fallback_chain
from i18n.setup import translations_for


def _write_catalog(directory: Path, code: str, locale: str, messages: dict[str, str]) -> None:
    from babel.messages.pofile import write_po

    catalog = Catalog(locale=locale, domain="messages", fuzzy=False)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    path = po_path(code, directory)
    path.parent.mkdir(parents=True)
    with path.open("wb") as fh:
        write_po(fh, catalog)


def test_chain_goes_own_catalog_then_english_then_the_msgid(tmp_path):
    _write_catalog(tmp_path, "ko", "ko", {"参加費": "참가비", "ページ": ""})
    _write_catalog(tmp_path, "en", "en", {"参加費": "Fee", "ページ": "Pages", "地区": "District"})
    assert sorted(compile_catalogs(tmp_path)) == ["en", "ko"]
    korean = translations_for("ko", tmp_path)
    assert korean.gettext("参加費") == "참가비"
    assert korean.gettext("ページ") == "Pages"  # empty in ko: English, not ""
    assert korean.gettext("地区") == "District"  # missing in ko
    assert korean.gettext("未知の文") == "未知の文"  # missing everywhere: the Japanese original


def test_easy_japanese_falls_back_to_japanese_not_english():
    assert fallback_chain("ja_x_easy") == ("ja_x_easy",)
    assert fallback_chain("vi") == ("vi", "en")


def test_stale_catalog_is_recompiled(tmp_path):
    _write_catalog(tmp_path, "vi", "vi", {"地区": "Khu vực"})
    assert compile_catalogs(tmp_path) == ["vi"]
    assert compile_catalogs(tmp_path) == []  # up to date
    assert compile_catalogs(tmp_path, force=True) == ["vi"]


def _untranslated_in(code: str) -> str:
    english = {m.id for m in read_catalog("en") if m.id and is_translated(m) and isinstance(m.id, str)}
    for message in read_catalog(code):
        if isinstance(message.id, str) and message.id in english and not is_translated(message):
            return message.id
    pytest.skip(f"every message is translated in {code}")


def test_a_page_in_korean_shows_english_where_korean_is_missing(app):
    msgid = _untranslated_in("ko")
    english = next(m.string for m in read_catalog("en") if m.id == msgid)
    with app.test_request_context("/?lang=ko"):
        assert gettext(msgid) == english
    with app.test_request_context("/?lang=ja_x_easy"):
        easy = {m.id: m for m in read_catalog("ja_x_easy")}
        if not is_translated(easy[msgid]):
            assert gettext(msgid) == msgid  # Japanese, not English


@pytest.mark.parametrize("code", list(SUPPORTED_LOCALES))
def test_no_message_is_ever_empty(app, code):
    """Every message, with every placeholder filled, renders non-empty (and formats: no missing placeholder)."""
    messages = [m.id for m in read_catalog("en") if m.id]
    with app.test_request_context(f"/?lang={code}"):
        for msgid in messages:
            key = msgid[0] if isinstance(msgid, tuple) else msgid
            values = {name: "1" for name in re.findall(r"%\((\w+)\)s", key) if name != "num"}
            if isinstance(msgid, tuple):
                for n in (0, 1, 2, 5):
                    assert ngettext(msgid[0], msgid[1], n, **values).strip(), (code, msgid, n)
            else:
                assert gettext(msgid, **values).strip(), (code, msgid)


def test_plural_forms_follow_the_language(app):
    singular, plural = "%(num)s 件見つかりました", "%(num)s 件見つかりました"
    with app.test_request_context("/?lang=en"):
        assert ngettext(singular, plural, 1) == "1 result"
        assert ngettext(singular, plural, 3) == "3 results"
    with app.test_request_context("/?lang=pt_BR"):
        assert ngettext(singular, plural, 1) == "1 resultado"
        assert ngettext(singular, plural, 2) == "2 resultados"
    with app.test_request_context("/?lang=ko"):
        assert ngettext(singular, plural, 2) == "2건을 찾았습니다"
