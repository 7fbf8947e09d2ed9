"""審査キュー (/admin/review): new entries, changes and residents' corrections, approved or sent back."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from admin.blueprint import bp
from directory.contributions.fields import diff
from directory.contributions.forms import ReviewForm
from directory.contributions.photos import flyer_folder, stored_path
from directory.contributions.queries import (
    CHANGE_KIND_LABELS,
    QUEUE_FILTERS,
    kind_terms,
    possible_duplicates,
    queue_entries,
    review_queue,
)
from directory.contributions.services import approve, reject
from directory.models import ChangeKind, ChangeRequest, Organization, ReviewState, Service
from tsunagu.db import db
from tsunagu.permissions import can_review, require


@bp.route("/review")
@require(can_review)
def review_queue_page() -> str:
    """Pending requests, oldest first, filtered by kind (新規 / 変更 / 情報の訂正)."""
    kind = request.args.get("kind") if request.args.get("kind") in QUEUE_FILTERS else None
    requests = review_queue(db.session, kind)
    services, organizations = queue_entries(db.session, requests)
    return render_template(
        "admin/review_queue.html",
        requests=requests,
        services=services,
        organizations=organizations,
        kind=kind,
        filters=QUEUE_FILTERS,
        kind_labels=CHANGE_KIND_LABELS,
    )


@bp.route("/review/<int:request_id>", methods=["GET", "POST"])
@require(can_review)
def review_detail(request_id: int) -> str | Response | tuple[str, int]:
    """One request with its field-by-field diff; 承認 publishes/applies, 差し戻し needs a comment."""
    change = db.get_or_404(ChangeRequest, request_id)
    service = db.session.get(Service, change.service_id) if change.service_id else None
    organization = db.session.get(Organization, change.organization_id) if change.organization_id else None
    form = ReviewForm()
    status = 200
    if form.validate_on_submit():
        if change.state != ReviewState.PENDING:
            flash(_("この申請はすでに処理されています。"), "info")
            return redirect(url_for("admin.review_queue_page"))
        comment = (form.comment.data or "").strip()
        if request.form.get("decision") == "reject":
            if not comment:
                form.comment.errors = [_("差し戻すときは、団体へのコメントを書いてください。")]
                status = 400
            else:
                reject(db.session, change, reviewer=current_user, comment=comment)
                db.session.commit()
                flash(_("差し戻しました。"), "info")
                return redirect(url_for("admin.review_queue_page"))
        else:
            approve(db.session, change, reviewer=current_user, comment=comment or None)
            db.session.commit()
            flash(_("承認しました。") if change.kind != ChangeKind.CORRECTION else _("対応済みにしました。"), "info")
            return redirect(url_for("admin.review_queue_page"))
    elif form.errors:
        status = 400
    kinds = {term.code: term.name for term in kind_terms(db.session)}
    # a correction carries no proposal, only the resident's message: the reviewer edits the entry from it
    changes = (
        diff(change.before, change.after, organization=change.service_id is None, kinds=kinds) if change.after else []
    )
    html = render_template(
        "admin/review_detail.html",
        change=change,
        service=service,
        organization=organization,
        changes=changes,
        duplicates=possible_duplicates(db.session, service) if service and change.kind == ChangeKind.NEW else [],
        form=form,
        kind_labels=CHANGE_KIND_LABELS,
    )
    return html, status


@bp.route("/review/<int:request_id>/flyer.jpg")
@require(can_review)
def review_flyer(request_id: int) -> Response:
    """The チラシ photo attached to a submission (re-encoded on upload, never public)."""
    change = db.session.get(ChangeRequest, request_id)
    name = (change.after or {}).get("flyer") if change is not None else None
    path = stored_path(flyer_folder(current_app.instance_path), name) if isinstance(name, str) else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, no-store"
    return response
