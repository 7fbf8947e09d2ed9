"""Which UI locale a request is in: ?lang= → session → user profile → Accept-Language → ja.

Kept apart from i18n.setup so formatters and filters can ask for the locale without importing the app setup.
"""

from __future__ import annotations

from flask import g, has_app_context, has_request_context, request, session
from flask_login import current_user

from i18n.locales import DEFAULT_LOCALE, EASY_JAPANESE, SUPPORTED_LOCALES, babel_locale, html_lang, normalise_locale

FURIGANA_SESSION_KEY = "furigana"


def _profile_locale() -> str | None:
    if getattr(current_user, "is_authenticated", False):
        return normalise_locale(current_user.locale)
    return None


def _select_ui_locale() -> str:
    requested = normalise_locale(request.args.get("lang"))
    if requested:
        return requested
    remembered = normalise_locale(session.get("lang"))
    if remembered:
        return remembered
    profile = _profile_locale()
    if profile:
        return profile
    # nobody's browser asks for やさしい日本語 by name; it is chosen on the page
    offered = [html_lang(code) for code in SUPPORTED_LOCALES if code != EASY_JAPANESE]
    return normalise_locale(request.accept_languages.best_match(offered)) or DEFAULT_LOCALE


def ui_locale() -> str:
    """The UI locale of this request (catalog and content language); "ja" outside a request.

    `flask_babel.force_locale("en")` is honoured, so mail or exports in another language render in it.
    """
    babel_state = g.get("_flask_babel") if has_app_context() else None  # where force_locale keeps its locale
    forced = getattr(babel_state, "forced_babel_locale", None)
    if forced is not None:
        return normalise_locale(str(forced)) or DEFAULT_LOCALE
    if not has_request_context():
        return DEFAULT_LOCALE
    if "ui_locale" not in g:
        g.ui_locale = _select_ui_locale()
    return str(g.ui_locale)


def select_locale() -> str:
    """Flask-Babel's locale selector: the Babel locale that formats for the UI locale."""
    return babel_locale(ui_locale())


def furigana_enabled() -> bool:
    """Furigana are shown for やさしい日本語 unless the reader turned them off (kept in the session)."""
    return ui_locale() == EASY_JAPANESE and bool(session.get(FURIGANA_SESSION_KEY, True))
