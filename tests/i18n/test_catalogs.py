"""The message catalogs against the code: everything wrapped, everything extracted, en/pt_BR complete,
resident pages translated in every language, placeholders intact, やさしい日本語 kept simple."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from i18n.catalogs import PROJECT_ROOT, TRANSLATED_LOCALES, extract, is_translated, read_catalog
from i18n.locales import EASY_JAPANESE

COMPLETE_LOCALES = ("en", "pt_BR")
"""Every message of the application, in natural wording."""

RESIDENT_SOURCES = (
    "templates/base.html",
    "templates/i18n/",
    "templates/directory/index.html",
    "templates/directory/service.html",
    "templates/directory/_partials/result.html",
    "templates/directory/_partials/search_form.html",
    "templates/auth/login.html",
    "templates/errors/",
    "directory/catalog/labels.py",
    "directory/catalog/schedule_words.py",
    "directory/search/params.py",
    "i18n/",
    "tsunagu/web.py",
    "tsunagu/auth/",
    "templates/maps/map.html",
    "templates/maps/_legend.html",
    "directory/map_pages/views.py",
    "templates/directory/register",
    "directory/accounts/registration.py",
)
"""What a resident sees (search, map, detail, sign-in, group sign-up, error pages, the layout): translated in
every language."""

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
_JAPANESE = re.compile("[\u3041-\u30fa\u3400-\u4dbf\u4e00-\u9fff]")
_KANA = re.compile("[\u3041-\u30fa]")


@cache
def _catalog(code: str) -> Catalog:
    return read_catalog(code)


@cache
def _extracted() -> Catalog:
    return extract()


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def _forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else (text,)


def test_every_message_in_the_code_is_in_the_catalogs():
    """A new _() without `make messages` fails here: its text would never reach a translator."""
    extracted = {_key(m.id) for m in _extracted() if m.id}
    for code in TRANSLATED_LOCALES:
        known = {_key(m.id) for m in _catalog(code) if m.id}
        missing = sorted(extracted - known)
        assert not missing, f"{code}: run `make messages`; not in the catalog: {missing[:5]}"


@pytest.mark.parametrize("code", COMPLETE_LOCALES)
def test_english_and_portuguese_translate_every_message(code):
    untranslated = [_key(m.id) for m in _catalog(code) if m.id and not is_translated(m)]
    assert not untranslated, f"{len(untranslated)} untranslated in {code}, e.g. {untranslated[:5]}"


def _resident_message_ids() -> set[str]:
    ids = set()
    for message in _extracted():
        if message.id and any(path.startswith(RESIDENT_SOURCES) for path, _line in message.locations):
            ids.add(_key(message.id))
    return ids


@pytest.mark.parametrize("code", TRANSLATED_LOCALES)
def test_resident_pages_are_translated_in_every_language(code):
    resident = _resident_message_ids()
    assert len(resident) > 100  # the list of sources still points at the resident pages
    translated = {_key(m.id) for m in _catalog(code) if m.id and is_translated(m)}
    missing = sorted(resident - translated)
    assert not missing, f"{code}: {len(missing)} resident-facing messages untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("code", TRANSLATED_LOCALES)
def test_translations_keep_every_placeholder(code):
    """A dropped or renamed %(name)s would raise KeyError (or lose the value) when the page renders."""
    broken = []
    for message in _catalog(code):
        if not message.id or not is_translated(message):
            continue
        expected = sorted(set(_PLACEHOLDER.findall(_key(message.id))))
        for form in _forms(message.string):
            if sorted(set(_PLACEHOLDER.findall(form))) != expected:
                broken.append((_key(message.id), form))
    assert not broken, broken[:5]


@pytest.mark.parametrize("code", [c for c in TRANSLATED_LOCALES if c != EASY_JAPANESE])
def test_foreign_language_translations_are_not_left_in_japanese(code):
    """A msgstr copied from the msgid is an untranslated string in disguise (place names aside)."""
    japanese = _KANA if code == "zh_Hans" else _JAPANESE  # Chinese is written in Han characters too
    copied = [
        _key(m.id)
        for m in _catalog(code)
        if m.id and is_translated(m) and any(japanese.search(form) for form in _forms(m.string))
    ]
    assert not copied, copied[:5]


_DOUBLE_NEGATIVE = re.compile(
    "ない(わけ|こと)(では|じゃ|は)(ない|ありません)|なくは(ない|ありません)|なくもない|ないでは"
)


def test_easy_japanese_uses_short_sentences_without_double_negatives():
    for message in _catalog(EASY_JAPANESE):
        if not message.id or not is_translated(message):
            continue
        for form in _forms(message.string):
            assert not _DOUBLE_NEGATIVE.search(form), form
            for sentence in re.split("[。！？]", form):
                assert len(sentence) <= 60, f"sentence too long for やさしい日本語: {sentence}"


_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_WORDS = re.compile("[\u3041-\u3096\u30a1-\u30fa\u3400-\u4dbf\u4e00-\u9fff]+")


def test_templates_have_no_text_outside_gettext():
    """Japanese written straight into a template (not inside _()) would stay Japanese in every language."""
    found = []
    for path in sorted((PROJECT_ROOT / "templates").rglob("*.html")):
        text = _JINJA.sub(" ", path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(PROJECT_ROOT)}: {word}" for word in _WORDS.findall(text)]
    assert not found, found[:10]


UI_MODULES = ("*views*.py", "*forms*.py", "web.py", "auth/*.py", "contrib*.py", "registration.py", "labels.py")
_GETTEXT = {"_", "_l", "gettext", "ngettext", "lazy_gettext", "lazy_ngettext", "pgettext"}
_ALLOWED = {
    # a Babel date pattern, not words (the maps page; i18n.formatting.format_day does this per locale)
    ("directory/map_pages/views.py", "MMMd日(E)"),
    # languages are named in themselves on purpose (labels.LANGUAGE)
    ("directory/catalog/labels.py", "日本語"),
    ("directory/catalog/labels.py", "やさしい日本語"),
    ("directory/catalog/labels.py", "简体中文"),
    ("directory/catalog/labels.py", "繁體中文"),
}


def _unwrapped_japanese(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and _JAPANESE.search(node.value)):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Expr):  # docstrings
            continue
        if isinstance(parent, ast.Call) and getattr(parent.func, "id", getattr(parent.func, "attr", "")) in _GETTEXT:
            continue
        found.append(node.value)
    return found


def test_ui_modules_have_no_japanese_outside_gettext():
    """Flash messages, form labels and errors of the web layer all go through Babel."""
    paths = {
        p
        for package in ("tsunagu", "directory", "admin", "matching", "maps")
        for pattern in UI_MODULES
        for p in (PROJECT_ROOT / package).glob(pattern)
    }
    found = []
    for path in sorted(paths):
        relative = str(path.relative_to(PROJECT_ROOT))
        found += [f"{relative}: {s!r}" for s in _unwrapped_japanese(path) if (relative, s) not in _ALLOWED]
    assert not found, found[:10]
