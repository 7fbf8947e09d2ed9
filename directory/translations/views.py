"""The side-by-side translation editor: an entry's Japanese text beside its translation into one language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from directory.blueprint import bp
from directory.catalog.indexing import refresh_search_text
from directory.catalog.queries import get_service
from directory.models import Service
from directory.permissions import can_translate_service, can_view_service
from directory.translations.services import (
    FIELDS,
    close_requests,
    confirm_translation,
    missing_fields,
    request_translation,
    set_translation,
    translation_locale,
)
from i18n.content import ORIGINAL, content_locale
from i18n.locales import DEFAULT_LOCALE, SUPPORTED_LOCALES
from i18n.selection import ui_locale
from tsunagu.db import db
from tsunagu.permissions import can_edit_entries, can_review, require

FIELD_LABELS = {
    "name": _l("活動の名前"),
    "description": _l("どんな活動ですか"),
    "atmosphere_notes": _l("場の雰囲気"),
    "eligibility_description": _l("どんな人向けですか"),
    "fees_description": _l("参加費"),
    "how_to_join": _l("参加のしかた"),
}


def _form(fields: list[str]) -> type[FlaskForm]:
    """A form with one text box per field the entry has Japanese text for."""
    attributes: dict[str, Any] = {
        name: TextAreaField(FIELD_LABELS[name], validators=[Optional(), Length(max=4000)]) for name in fields
    }
    return type("TranslationForm", (FlaskForm,), attributes)


@bp.route("/contribute/activities/<int:service_id>/translations/<locale>", methods=["GET", "POST"])
@require(can_edit_entries)
def translate_activity(service_id: int, locale: str) -> str | Response:
    """GET the Japanese beside the current translation; POST saves (an emptied box removes that translation).

    The "still correct" button of an outdated translation saves too, and marks that translation as checked
    against the new Japanese without editing it."""
    service = get_service(db.session, service_id)
    if service is None:
        abort(404)
    if not can_translate_service(current_user, service):
        abort(403)
    try:
        tag = translation_locale(locale)
    except ValueError:
        abort(404)
    fields = [name for name in FIELDS if getattr(service, name)]
    current = {t.field: t for t in service.translations if t.locale == tag}
    form = _form(fields)(data={name: current[name].value for name in fields if name in current})
    outdated = {
        name: current[name].source_text
        for name in fields
        if name in current and current[name].outdated(getattr(service, name))
    }
    if form.validate_on_submit():
        reviewed = can_review(current_user)
        for name in fields:
            set_translation(service, name, tag, form[name].data or "", reviewed=reviewed, translator_id=current_user.id)
        confirmed = request.form.get("still_correct", "")
        if confirmed in outdated:
            confirm_translation(service, confirmed, tag, reviewed=reviewed, translator_id=current_user.id)
        db.session.flush()
        close_requests(db.session, service, tag)  # the residents who asked are answered once nothing is missing
        refresh_search_text(db.session, [service.id])
        db.session.commit()
        flash(_("翻訳を保存しました。") if reviewed else _("翻訳を保存しました。コーディネーターが確認します。"))
        return redirect(url_for("directory.translate_activity", service_id=service.id, locale=tag))
    languages = {content_locale(code): name for code, name in SUPPORTED_LOCALES.items() if code != DEFAULT_LOCALE}
    return render_template(
        "directory/translate.html",
        service=service,
        form=form,
        fields=fields,
        tag=tag,
        current=current,
        outdated=outdated,
        languages=languages,
    )


@dataclass(frozen=True)
class TranslationSummary:
    """Which texts of an entry a reader of another language gets in their language, and which in Japanese."""

    locale: str
    translated: list[str]
    japanese: list[str]


@bp.app_template_global()
def translation_summary(service: Service) -> TranslationSummary | None:
    """For the detail page in a language other than Japanese: the entry's texts, translated or not."""
    locale = content_locale(ui_locale())
    if locale == ORIGINAL:
        return None
    fields = [name for name in FIELDS if getattr(service, name)]
    missing = set(missing_fields(service, locale))
    return TranslationSummary(
        locale,
        [str(FIELD_LABELS[name]) for name in fields if name not in missing],
        [str(FIELD_LABELS[name]) for name in fields if name in missing],
    )


class RequestForm(FlaskForm):
    """ボタンだけ: the request needs no text, only the CSRF token."""


@bp.route("/services/<int:service_id>/translation-request", methods=["GET", "POST"])
def request_entry_translation(service_id: int) -> str | Response | tuple[str, int]:
    """A resident asks for the entry in their language: one request per browser and language, to the translators."""
    service = get_service(db.session, service_id)
    if service is None or not can_view_service(current_user, service):
        abort(404)
    locale = content_locale(ui_locale())
    if locale == ORIGINAL:
        return redirect(url_for("directory.service_detail", service_id=service.id))
    form = RequestForm()
    if form.validate_on_submit():
        asked = set(session.get(REQUESTED_KEY, []))
        key = f"{service.id}:{locale}"
        if key not in asked and missing_fields(service, locale):
            request_translation(db.session, service, locale)
            db.session.commit()
            session[REQUESTED_KEY] = sorted(asked | {key})[-200:]
        flash(_("翻訳をお願いしました。訳ができたら、このページに出ます。"), "info")
        return redirect(url_for("directory.service_detail", service_id=service.id))
    summary = translation_summary(service)
    html = render_template("directory/translation_request.html", service=service, form=form, summary=summary)
    return html, 400 if form.errors else 200


REQUESTED_KEY = "translation_requests"
"""The requests this browser made (service id:locale), so that one resident counts once."""
