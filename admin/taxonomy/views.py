"""分類の管理 (/admin/taxonomy): kinds and tags, their labels per UI language, new terms, retiring terms.

A term that no entry carries is deleted outright; one in use is retired (no longer offered, kept on the
entries that have it) so that nothing an entry says is lost. Every change lands in the audit log.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from admin.blueprint import bp
from admin.curation_log import log_decision
from admin.forms import TermForm
from directory.contributions.forms import ConfirmForm
from directory.models import Taxonomy, TaxonomyTerm, TaxonomyTermLabel, service_taxonomy_terms
from directory.models.curation import TermRetirement
from i18n.locales import DEFAULT_LOCALE, SUPPORTED_LOCALES, html_lang
from tsunagu.db import db
from tsunagu.permissions import can_manage_taxonomy, require

LABEL_MAX = 100


def usage_counts(session: Session) -> dict[int, int]:
    """How many entries (any status) carry each term."""
    query = select(service_taxonomy_terms.c.term_id, func.count()).group_by(service_taxonomy_terms.c.term_id)
    return {int(term_id): int(count) for term_id, count in session.execute(query)}


def retired_term_ids(session: Session) -> set[int]:
    """Terms no longer offered for new entries (forms and facets leave them out)."""
    return set(session.scalars(select(TermRetirement.term_id)))


def term_labels(term: TaxonomyTerm) -> dict[str, str]:
    """The term's label per UI locale ("" when missing); Japanese is the term's own name."""
    stored = {label.locale: label.label for label in term.labels}
    return {
        code: term.name if code == DEFAULT_LOCALE else stored.get(html_lang(code), "") for code in SUPPORTED_LOCALES
    }


def set_labels(session: Session, term: TaxonomyTerm, wanted: dict[str, str]) -> dict[str, list[str]]:
    """Write the labels that changed; an empty label is removed (the Japanese name then shows). Returns
    {locale: [before, after]} of the changes."""
    current = term_labels(term)
    changes: dict[str, list[str]] = {}
    for code, value in wanted.items():
        if code not in SUPPORTED_LOCALES or value == current[code] or (code == DEFAULT_LOCALE and not value):
            continue
        changes[code] = [current[code], value]
        if code == DEFAULT_LOCALE:
            term.name = value
            continue
        existing = next((label for label in term.labels if label.locale == html_lang(code)), None)
        if existing is None:
            term.labels.append(TaxonomyTermLabel(locale=html_lang(code), label=value))
        elif value:
            existing.label = value
        else:
            term.labels.remove(existing)
    session.flush()
    return changes


def _term(term_id: int) -> TaxonomyTerm:
    term = db.get_or_404(TaxonomyTerm, term_id)
    return term


def _term_form() -> TermForm:
    form = TermForm()
    form.taxonomy.choices = [
        SelectChoice(t.id, t.name) for t in db.session.scalars(select(Taxonomy).order_by(Taxonomy.id))
    ]
    return form


@bp.route("/taxonomy", methods=["GET", "POST"])
@require(can_manage_taxonomy)
def taxonomy() -> str | Response | tuple[str, int]:
    """Every vocabulary with its terms, their labels, how many entries use each; and the new-term form."""
    form = _term_form()
    if form.validate_on_submit():
        code = (form.code.data or "").strip()
        taxonomy_id = form.taxonomy.data
        if (
            db.session.scalar(
                select(TaxonomyTerm.id).where(TaxonomyTerm.taxonomy_id == taxonomy_id, TaxonomyTerm.code == code)
            )
            is None
        ):
            last = db.session.scalar(
                select(func.max(TaxonomyTerm.sort_order)).where(TaxonomyTerm.taxonomy_id == taxonomy_id)
            )
            term = TaxonomyTerm(
                taxonomy_id=taxonomy_id, code=code, name=(form.name.data or "").strip(), sort_order=(last or 0) + 1
            )
            db.session.add(term)
            db.session.flush()
            log_decision("taxonomy.term_add", "taxonomy_term", term.id, code=code, name=term.name)
            db.session.commit()
            flash(_("分類「%(name)s」を追加しました。", name=term.name), "info")
            return redirect(url_for("admin.taxonomy_term", term_id=term.id))
        form.code.errors = [_("このコードはすでに使われています。")]
    taxonomies = db.session.scalars(
        select(Taxonomy).options(selectinload(Taxonomy.terms).selectinload(TaxonomyTerm.labels)).order_by(Taxonomy.id)
    ).all()
    html = render_template(
        "admin/taxonomy.html",
        taxonomies=taxonomies,
        counts=usage_counts(db.session),
        retired=retired_term_ids(db.session),
        locales=SUPPORTED_LOCALES,
        term_labels=term_labels,
        form=form,
    )
    return html, 400 if form.errors else 200


@bp.route("/taxonomy/terms/<int:term_id>", methods=["GET", "POST"])
@require(can_manage_taxonomy)
def taxonomy_term(term_id: int) -> str | Response | tuple[str, int]:
    """Edit a term's label in every UI language; retire, reinstate or delete it."""
    term = _term(term_id)
    form = ConfirmForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        wanted = {code: (request.form.get(f"label_{code}") or "").strip() for code in SUPPORTED_LOCALES}
        errors = {
            code: _("%(n)s文字以内で書いてください。", n=LABEL_MAX) for code, v in wanted.items() if len(v) > LABEL_MAX
        }
        if not errors:
            changes = set_labels(db.session, term, wanted)
            if changes:
                log_decision("taxonomy.labels", "taxonomy_term", term.id, code=term.code, changes=changes)
            db.session.commit()
            flash(_("ラベルを保存しました。"), "info")
            return redirect(url_for("admin.taxonomy_term", term_id=term.id))
    html = render_template(
        "admin/taxonomy_term.html",
        term=term,
        labels=term_labels(term),
        locales=SUPPORTED_LOCALES,
        count=usage_counts(db.session).get(term.id, 0),
        retired=term.id in retired_term_ids(db.session),
        form=form,
        errors=errors,
    )
    return html, 400 if errors or form.errors else 200


@bp.route("/taxonomy/terms/<int:term_id>/retire", methods=["POST"])
@require(can_manage_taxonomy)
def taxonomy_retire(term_id: int) -> Response:
    """廃止: a term in use is retired (entries keep it); an unused one is deleted."""
    term = _term(term_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = usage_counts(db.session).get(term.id, 0)
    snapshot: dict[str, Any] = {"code": term.code, "name": term.name, "labels": term_labels(term)}
    if count:
        if db.session.get(TermRetirement, term.id) is None:
            db.session.add(TermRetirement(term_id=term.id, retired_by_id=current_user.id))
            log_decision("taxonomy.term_retire", "taxonomy_term", term.id, services=count, **snapshot)
        db.session.commit()
        flash(_("「%(name)s」を廃止しました（%(n)s件の活動には残ります）。", name=term.name, n=count), "info")
        return redirect(url_for("admin.taxonomy_term", term_id=term.id))
    if db.session.scalar(select(func.count(TaxonomyTerm.id)).where(TaxonomyTerm.parent_id == term.id)):
        flash(_("下位の分類があるため削除できません。"), "error")
        return redirect(url_for("admin.taxonomy_term", term_id=term.id))
    log_decision("taxonomy.term_delete", "taxonomy_term", term.id, **snapshot)
    db.session.delete(term)
    db.session.commit()
    flash(_("どの活動にも使われていない「%(name)s」を削除しました。", name=snapshot["name"]), "info")
    return redirect(url_for("admin.taxonomy"))


@bp.route("/taxonomy/terms/<int:term_id>/reinstate", methods=["POST"])
@require(can_manage_taxonomy)
def taxonomy_reinstate(term_id: int) -> Response:
    """Offer a retired term again."""
    term = _term(term_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    retirement = db.session.get(TermRetirement, term.id)
    if retirement is not None:
        db.session.delete(retirement)
        log_decision("taxonomy.term_reinstate", "taxonomy_term", term.id, code=term.code)
        db.session.commit()
        flash(_("「%(name)s」をまた使えるようにしました。", name=term.name), "info")
    return redirect(url_for("admin.taxonomy_term", term_id=term.id))
