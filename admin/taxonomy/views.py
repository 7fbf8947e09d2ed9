"""分類の管理 (/admin/taxonomy): kinds and tags, their labels per UI language, new terms, retiring terms.

The rules (unique codes, sort order, retire or delete) are in admin/taxonomy/services.py.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from admin.blueprint import bp
from admin.curation_log import request_actor
from admin.forms import TermForm
from admin.taxonomy.queries import (
    is_retired,
    retired_term_ids,
    taxonomies_with_terms,
    term_labels,
    term_usage,
    usage_counts,
)
from admin.taxonomy.services import (
    TermCodeTaken,
    TermHasNarrowerTerms,
    add_term,
    reinstate_term,
    remove_term,
    set_term_labels,
)
from directory.contributions.forms import ConfirmForm
from directory.models import TaxonomyTerm
from i18n.locales import SUPPORTED_LOCALES
from tsunagu.db import db
from tsunagu.permissions import can_manage_taxonomy, require

LABEL_MAX = 100


def _term(term_id: int) -> TaxonomyTerm:
    term = db.get_or_404(TaxonomyTerm, term_id)
    return term


@bp.route("/taxonomy", methods=["GET", "POST"])
@require(can_manage_taxonomy)
def taxonomy() -> str | Response | tuple[str, int]:
    """Every vocabulary with its terms, their labels, how many entries use each; and the new-term form."""
    taxonomies = taxonomies_with_terms(db.session)
    form = TermForm()
    form.taxonomy.choices = [SelectChoice(t.id, t.name) for t in taxonomies]
    if form.validate_on_submit():
        try:
            term = add_term(
                db.session,
                request_actor(),
                taxonomy_id=form.taxonomy.data,
                code=form.code.data or "",
                name=form.name.data or "",
            )
        except TermCodeTaken:
            form.code.errors = [_("このコードはすでに使われています。")]
        else:
            db.session.commit()
            flash(_("分類「%(name)s」を追加しました。", name=term.name), "info")
            return redirect(url_for("admin.taxonomy_term", term_id=term.id))
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
            set_term_labels(db.session, request_actor(), term, wanted)
            db.session.commit()
            flash(_("ラベルを保存しました。"), "info")
            return redirect(url_for("admin.taxonomy_term", term_id=term.id))
    html = render_template(
        "admin/taxonomy_term.html",
        term=term,
        labels=term_labels(term),
        locales=SUPPORTED_LOCALES,
        count=term_usage(db.session, term.id),
        retired=is_retired(db.session, term.id),
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
    try:
        removal = remove_term(db.session, request_actor(), term)
    except TermHasNarrowerTerms:
        flash(_("下位の分類があるため削除できません。"), "error")
        return redirect(url_for("admin.taxonomy_term", term_id=term_id))
    db.session.commit()
    if removal.retired:
        flash(
            _("「%(name)s」を廃止しました（%(n)s件の活動には残ります）。", name=removal.name, n=removal.services),
            "info",
        )
        return redirect(url_for("admin.taxonomy_term", term_id=term_id))
    flash(_("どの活動にも使われていない「%(name)s」を削除しました。", name=removal.name), "info")
    return redirect(url_for("admin.taxonomy"))


@bp.route("/taxonomy/terms/<int:term_id>/reinstate", methods=["POST"])
@require(can_manage_taxonomy)
def taxonomy_reinstate(term_id: int) -> Response:
    """Offer a retired term again."""
    term = _term(term_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if reinstate_term(db.session, request_actor(), term):
        db.session.commit()
        flash(_("「%(name)s」をまた使えるようにしました。", name=term.name), "info")
    return redirect(url_for("admin.taxonomy_term", term_id=term.id))
