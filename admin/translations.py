"""翻訳の状況 (/admin/translations): how much of the public catalog each language has, and what is missing."""

from __future__ import annotations

from flask import render_template

from admin.blueprint import bp
from directory.translations.services import translation_status
from i18n.content import content_locale
from i18n.locales import DEFAULT_LOCALE, SUPPORTED_LOCALES
from tsunagu.db import db
from tsunagu.permissions import can_view_translation_status, require

ENTRIES_SHOWN = 100


@bp.route("/translations")
@require(can_view_translation_status)
def translation_status_page() -> str:
    """Per language: texts translated, machine translations to check, missing; then the entries lacking most."""
    locales = {content_locale(code): name for code, name in SUPPORTED_LOCALES.items() if code != DEFAULT_LOCALE}
    languages, entries = translation_status(db.session, list(locales))
    return render_template(
        "admin/translations.html",
        languages=languages,
        entries=entries[:ENTRIES_SHOWN],
        more=max(0, len(entries) - ENTRIES_SHOWN),
        names=locales,
    )
