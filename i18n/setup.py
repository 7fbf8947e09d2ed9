"""Flask-Babel setup and locale selection: ?lang= → session → user profile → Accept-Language → ja."""

from __future__ import annotations

import flask_babel
from flask import Flask, request, session
from flask_babel import Babel
from flask_login import current_user

from i18n.locales import DEFAULT_LOCALE, SUPPORTED_LOCALES, normalise_locale


def select_locale() -> str:
    """The UI locale of this request (a `?lang=` choice is remembered in the session)."""
    requested = normalise_locale(request.args.get("lang"))
    if requested:
        session["lang"] = requested
        return requested
    remembered = normalise_locale(session.get("lang"))
    if remembered:
        return remembered
    if getattr(current_user, "is_authenticated", False):
        profile = normalise_locale(current_user.locale)
        if profile:
            return profile
    best = request.accept_languages.best_match([loc.replace("_", "-") for loc in SUPPORTED_LOCALES])
    return normalise_locale(best) or DEFAULT_LOCALE


def init_i18n(app: Flask) -> None:
    """Install Flask-Babel with our selector and expose the locale list to templates."""
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        format_date=flask_babel.format_date,
        format_datetime=flask_babel.format_datetime,
        format_decimal=flask_babel.format_decimal,
    )

    @app.context_processor
    def _locales() -> dict[str, object]:
        from flask_babel import get_locale

        locale = get_locale()
        return {
            "supported_locales": SUPPORTED_LOCALES,
            "html_lang": str(locale).replace("_", "-") if locale else DEFAULT_LOCALE,
        }
