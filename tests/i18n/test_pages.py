"""Every resident page renders in every language, and every message it looks up is translated.

The catalog chain of the request is wrapped so each gettext/ngettext lookup is recorded; the page then
passes only if the catalog of its language (parsed from the .po, not the .mo) translates each of them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

import i18n.setup
from directory.models import Frequency
from i18n.catalogs import is_translated, read_catalog
from i18n.locales import SUPPORTED_LOCALES
from tests.factories import make_service

TRANSLATED = [code for code in SUPPORTED_LOCALES if code != "ja"]


class _Recording:
    """A translations object that remembers every message asked of it."""

    def __init__(self, inner, seen: set[str]) -> None:
        self.inner, self.seen = inner, seen

    def ugettext(self, message):
        self.seen.add(message)
        return self.inner.ugettext(message)

    def ungettext(self, singular, plural, n):
        self.seen.add(singular)
        return self.inner.ungettext(singular, plural, n)

    gettext, ngettext = ugettext, ungettext


@pytest.fixture
def lookups(monkeypatch) -> Iterator[set[str]]:
    seen: set[str] = set()
    real = i18n.setup.translations_for
    monkeypatch.setattr(i18n.setup, "translations_for", lambda code: _Recording(real(code), seen))
    yield seen


def _resident_urls(app: Flask, db_session) -> list[tuple[str, int]]:
    service = make_service(
        db_session,
        name="本町こども食堂",
        description="だれでも来られる食堂です。",
        schedule={"freq": Frequency.MONTHLY, "byday": "2WE,4WE", "opens_at": None, "closes_at": None},
        free=False,
    )
    urls = [
        ("/", 200),
        (f"/services/{service.id}", 200),
        ("/login", 200),
        ("/no-such-page", 404),
        ("/?radius_km=1&lat=20.0&lon=150.0", 200),
        ("/?day=xyz", 400),
    ]
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    for optional in ("/map", "/register"):
        if optional in rules:
            urls.append((optional, 200))
    return urls


def _translated_ids(code: str) -> set[str]:
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_catalog(code) if m.id and is_translated(m)}


def _all_ids() -> set[str]:
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_catalog("en") if m.id}


@pytest.mark.parametrize("code", TRANSLATED)
def test_resident_pages_render_translated_in_every_language(app, client, db_session, lookups, code):
    for url, status in _resident_urls(app, db_session):
        lookups.clear()
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}lang={code}")
        assert response.status_code == status, url
        html = response.get_data(as_text=True)
        assert f'lang="{code.replace("_", "-")}"' in html
        untranslated = sorted((lookups & _all_ids()) - _translated_ids(code))
        assert not untranslated, f"{url} in {code}: untranslated {untranslated[:5]}"
        assert lookups, url  # the recorder saw the page's messages


def test_japanese_pages_render_too(client, app, db_session):
    for url, status in _resident_urls(app, db_session):
        assert client.get(url).status_code == status, url
