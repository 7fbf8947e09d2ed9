"""アーカイブ: curators archive an entry with a reason (/admin/services/<id>/archive); admins list archived
entries, restore them, or delete one for good after a confirmation (/admin/archive). All logged."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from admin.archive.services import archive_service, blocking_references, purge_service, restore_service, service_record
from admin.blueprint import bp
from admin.curation_log import log_decision
from admin.forms import ReasonForm
from directory.contributions.forms import ConfirmForm
from directory.contributions.queries import STATE_LABELS
from directory.models import EntryStatus, Service
from directory.models.curation import ServiceArchive
from directory.permissions import can_archive_service
from tsunagu.db import db
from tsunagu.models import User
from tsunagu.permissions import can_manage_archive, can_review, require


def _service(service_id: int) -> Service:
    service = db.get_or_404(Service, service_id)
    return service


def _archived(service_id: int) -> Service:
    service = _service(service_id)
    if service.status != EntryStatus.ARCHIVED:
        abort(404)
    return service


@bp.route("/services/<int:service_id>/archive", methods=["GET", "POST"])
@require(can_review)
def service_archive(service_id: int) -> str | Response | tuple[str, int]:
    """Archive one entry: it disappears from search, the map, the API and exports; curators still see it."""
    service = _service(service_id)
    if not can_archive_service(current_user, service):
        abort(403)
    if service.status == EntryStatus.ARCHIVED:
        flash(_("この活動はすでにアーカイブされています。"), "info")
        return redirect(url_for("directory.service_detail", service_id=service.id))
    form = ReasonForm()
    if form.validate_on_submit():
        reason = (form.reason.data or "").strip()
        snapshot = service_record(service)
        archive_service(db.session, service, actor_id=current_user.id, reason=reason)
        log_decision("service.archive", "service", service.id, reason=reason, snapshot=snapshot)
        db.session.commit()
        flash(_("「%(name)s」をアーカイブしました。公開の検索・地図・APIには出ません。", name=service.name), "info")
        return redirect(url_for("directory.service_detail", service_id=service.id))
    html = render_template("admin/archive_form.html", service=service, form=form)
    return html, 400 if form.errors else 200


@bp.route("/archive")
@require(can_manage_archive)
def archive_list() -> str:
    """Archived entries, newest first, with why, by whom, and what they were merged into."""
    rows = db.session.execute(
        select(Service, ServiceArchive)
        .outerjoin(ServiceArchive, ServiceArchive.service_id == Service.id)
        .where(Service.status == EntryStatus.ARCHIVED)
        .options(selectinload(Service.organization))
        .order_by(ServiceArchive.archived_at.desc(), Service.id.desc())
    ).all()
    actor_ids = {archive.archived_by_id for _s, archive in rows if archive is not None and archive.archived_by_id}
    actors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))} if actor_ids else {}
    return render_template("admin/archive.html", rows=rows, actors=actors, form=ConfirmForm(), states=STATE_LABELS)


@bp.route("/archive/<int:service_id>/restore", methods=["POST"])
@require(can_manage_archive)
def archive_restore(service_id: int) -> Response:
    """Back to the status it had before it was archived."""
    service = _archived(service_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    archive = db.session.get(ServiceArchive, service.id)
    merged_into = archive.merged_into_id if archive is not None else None
    status = restore_service(db.session, service)
    log_decision("service.restore", "service", service.id, status=str(status), merged_into_id=merged_into)
    db.session.commit()
    flash(_("「%(name)s」を元にもどしました。", name=service.name), "info")
    return redirect(url_for("admin.archive_list"))


@bp.route("/archive/<int:service_id>/delete", methods=["GET", "POST"])
@require(can_manage_archive)
def archive_purge(service_id: int) -> str | Response | tuple[str, int]:
    """完全に削除: only an archived entry, only after confirming with a reason; the snapshot stays in the log."""
    service = _archived(service_id)
    blocking = blocking_references(db.session, service)
    form = ReasonForm()
    if form.validate_on_submit() and request.form.get("confirm") == "yes" and not blocking:
        name, snapshot = service.name, service_record(service)
        log_decision(
            "service.delete", "service", service.id, reason=(form.reason.data or "").strip(), snapshot=snapshot
        )
        purge_service(db.session, service)
        db.session.commit()
        flash(_("「%(name)s」を完全に削除しました。", name=name), "info")
        return redirect(url_for("admin.archive_list"))
    status = 400 if request.method == "POST" else 200
    html = render_template("admin/archive_delete.html", service=service, form=form, blocking=blocking)
    return html, status
