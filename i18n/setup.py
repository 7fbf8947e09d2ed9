"""Flask-Babel setup: the catalog chain with its fallback, remembered choices, template helpers.

Babel has no locale for やさしい日本語, so two things are kept apart: the UI locale (`ui_locale()`, e.g.
"ja_x_easy" or "pt_BR"), which picks the message catalog, and the Babel locale Flask-Babel's `get_locale()`
returns ("ja" for やさしい日本語), which formats dates, numbers and yen.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import flask_babel
from babel.support import NullTranslations, Translations
from flask import Flask, has_request_context, request, session
from flask_babel import Babel
from flask_login import current_user
from sqlalchemy.orm import object_session

from i18n.catalogs import CATALOG_DIR, compile_catalogs, mo_path
from i18n.content import ORIGINAL, ContentText, choose_field, content_locale
from i18n.formatting import TEMPLATE_FORMATTERS
from i18n.furigana import init_furigana
from i18n.locales import (
    DEFAULT_LOCALE,
    EASY_JAPANESE,
    SUPPORTED_LOCALES,
    fallback_chain,
    html_lang,
    normalise_locale,
)
from i18n.romaji import place_label
from i18n.selection import FURIGANA_SESSION_KEY, furigana_enabled, select_locale, ui_locale

log = logging.getLogger(__name__)


@cache
def translations_for(code: str, directory: Path = CATALOG_DIR) -> NullTranslations:
    """The catalog chain of a UI locale: its own catalog, then English; the Japanese msgid is the last resort.

    gettext only falls through to the next catalog when a message is missing, and compiled catalogs leave
    untranslated and fuzzy messages out, so an empty msgstr can never reach the page.
    """
    chain: NullTranslations = NullTranslations()
    for locale in reversed(fallback_chain(code)):
        path = mo_path(locale, directory)
        if not path.exists():
            continue
        with path.open("rb") as fh:
            catalog = Translations(fh, domain="messages")
        catalog.add_fallback(chain)
        chain = catalog
    return chain


class FallbackDomain(flask_babel.Domain):
    """Flask-Babel's domain, reading the UI locale's catalog chain instead of the Babel locale's catalog."""

    def get_translations(self) -> NullTranslations:
        return translations_for(ui_locale())


def _remember_choices() -> None:
    """A `?lang=` (or `?furigana=`) choice is kept in the session, and a signed-in user's language in the profile.

    The open API is stateless: there `?lang=` selects the language of that one response only.
    """
    if request.path.startswith("/api/"):
        return
    requested = normalise_locale(request.args.get("lang"))
    if requested:
        session["lang"] = requested
        if getattr(current_user, "is_authenticated", False) and current_user.locale != requested:
            current_user.locale = requested
            db_session = object_session(current_user)
            if db_session is not None:
                db_session.commit()
    furigana = request.args.get("furigana")
    if furigana in ("on", "off"):
        session[FURIGANA_SESSION_KEY] = furigana == "on"


def switch_url(**changes: str) -> str:
    """The current page and query with some parameters changed (the language switcher's links)."""
    pairs = [(key, value) for key, value in request.args.items(multi=True) if key not in changes]
    pairs += list(changes.items())
    return f"{request.script_root}{request.path}?{urlencode(pairs)}"


def entry_text(entry: Any, field: str) -> ContentText:
    """A field of an entry (a Service) in the reader's language, with the locale it is really in (a Japanese
    reader's never loads the entry's translations: the original is what it gets)."""
    locale = content_locale(ui_locale())
    rows = () if locale == ORIGINAL else getattr(entry, "translations", ())
    return choose_field(getattr(entry, field), rows, field, locale)


def init_i18n(app: Flask) -> None:
    """Install Flask-Babel with our selector and catalog chain; expose locale helpers to templates."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(CATALOG_DIR))
    babel = Babel(app, locale_selector=select_locale)
    babel.domain_instance = FallbackDomain()  # type: ignore[misc]
    try:
        compiled = compile_catalogs()
        if compiled:
            log.info("compiled message catalogs: %s", ", ".join(compiled))
    except OSError as exc:  # a read-only install: use the catalogs `make` compiled
        log.warning("message catalogs not compiled (%s); run `make messages`", exc)
    app.before_request(_remember_choices)

    init_furigana(app, furigana_enabled)
    app.jinja_env.globals.update(TEMPLATE_FORMATTERS, entry_text=entry_text)
    app.add_template_filter(lambda name, text=False: place_label(name, ui_locale(), text=text), "place_label")

    @app.context_processor
    def _locales() -> dict[str, Any]:
        code = ui_locale() if has_request_context() else DEFAULT_LOCALE
        return {
            "supported_locales": SUPPORTED_LOCALES,
            "ui_locale": code,
            "html_lang": html_lang(code),
            "switch_url": switch_url,
            "furigana_on": furigana_enabled() if has_request_context() else False,
            "is_easy_japanese": code == EASY_JAPANESE,
        }
