"""Group pages (/contribute/…): the organisation, its activities and their review state; residents' corrections."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from directory import bp
from directory.contrib_fields import organization_snapshot, schedules_from_text, service_snapshot
from directory.contrib_queries import group_entries, kind_terms, open_requests, pending_organization_change
from directory.contributions import (
    confirm_still_correct,
    corrections_exceeded,
    create_activity,
    submit_correction,
    submit_flyer,
    submit_for_review,
    update_activity,
    update_organization,
)
from directory.forms import ActivityForm, ConfirmForm, CorrectionForm, FlyerForm, OrganizationForm
from directory.models import ChangeKind, EntryStatus, Organization, Service, TaxonomyTerm
from directory.photos import MAX_BYTES, PhotoError, flyer_folder, store
from directory.queries import get_service
from directory.schedule_text import describe
from tsunagu.audit import ip_hash
from tsunagu.db import db
from tsunagu.permissions import (
    can_contribute,
    can_edit_entries,
    can_edit_organization,
    can_edit_service,
    can_submit_correction,
    require,
)

CORRECTIONS_PER_HOUR = 5


def _own_organization() -> Organization:
    organization = db.session.get(Organization, current_user.organization_id)
    if organization is None:
        abort(404)
    return organization


@bp.route("/contribute/")
@require(can_contribute)
def contribute_home() -> str:
    """The group's page: its organisation and every activity with 下書き / 審査中 / 公開中 / 差し戻し."""
    organization = _own_organization()
    return render_template(
        "directory/contrib/home.html",
        organization=organization,
        entries=group_entries(db.session, organization.id),
        organization_change=pending_organization_change(db.session, organization.id),
        confirm_form=ConfirmForm(),
    )


@bp.route("/contribute/organization", methods=["GET", "POST"])
@require(can_contribute)
def contribute_organization() -> str | Response | tuple[str, int]:
    organization = _own_organization()
    if not can_edit_organization(current_user, organization):
        abort(403)
    form = OrganizationForm()
    if request.method == "GET":
        pending = pending_organization_change(db.session, organization.id)
        form.from_data(pending.after if pending and pending.after else organization_snapshot(organization))
    if form.validate_on_submit():
        change = update_organization(db.session, organization, form.to_data(), actor=current_user)
        db.session.commit()
        flash(
            _("変更を審査に出しました。承認されるまで今の情報が表示されます。") if change else _("保存しました。"),
            "info",
        )
        return redirect(url_for("directory.contribute_home"))
    return render_template("directory/contrib/organization.html", form=form), 400 if form.errors else 200


def _schedule_readback(text: str | None) -> list[str]:
    """The schedule as the app understood it, in words, for the group to confirm."""
    readback = []
    for row in schedules_from_text(text or ""):
        line = describe(row)
        readback.append(
            _("%(rule)s（%(note)s）", rule=line, note=row.notes) if row.notes and line != row.notes else line
        )
    return readback


def _kind_choices(field: SelectField) -> list[TaxonomyTerm]:
    """The activity kinds, set as the field's valid choices; the template labels them in the reader's language."""
    kinds = kind_terms(db.session)
    field.choices = [SelectChoice(term.code, term.name) for term in kinds]
    return kinds


def _activity_form(data: dict[str, object] | None) -> ActivityForm:
    form = ActivityForm()
    _kind_choices(form.kind)
    if request.method == "GET" and data is not None:
        form.from_data(data)
    return form


def _save_activity(form: ActivityForm, service: Service | None, action: str) -> Response:
    organization = service.organization if service else _own_organization()
    data = form.to_data()
    if service is None:
        service = create_activity(db.session, organization, data, actor=current_user)
        change = None
    else:
        change = update_activity(db.session, service, data, actor=current_user)
    if action == "submit" and service.status in (EntryStatus.DRAFT, EntryStatus.PENDING):
        submit_for_review(db.session, service, actor=current_user)
        message = _("審査に出しました。コーディネーターが確認してから公開されます。")
    elif change is not None:
        message = _("変更を審査に出しました。承認されるまで今の情報が公開されたままです。")
    else:
        message = _("保存しました。")
    db.session.commit()
    flash(message, "info")
    if can_contribute(current_user):
        return redirect(url_for("directory.contribute_home"))
    return redirect(url_for("directory.contribute_activity", service_id=service.id))


def _activity_page(service: Service | None) -> str | Response | tuple[str, int]:
    pending = None
    if service is not None:
        pending = next((r for r in open_requests(db.session, service.id) if r.kind == ChangeKind.EDIT), None)
    form = _activity_form(pending.after if pending else (service_snapshot(service) if service else None))
    action = request.form.get("action", "draft")
    if form.validate_on_submit() and action != "preview":
        return _save_activity(form, service, action)
    readback = _schedule_readback(form.schedule_text.data)
    html = render_template(
        "directory/contrib/activity.html",
        form=form,
        kinds=kind_terms(db.session),
        service=service,
        pending=pending,
        readback=readback,
        preview=request.method == "POST" and action == "preview",
    )
    return html, 400 if form.errors else 200


@bp.route("/contribute/activities/new", methods=["GET", "POST"])
@require(can_contribute)
def contribute_new() -> str | Response | tuple[str, int]:
    """The guided form for a new activity: save as a draft, or send it to review."""
    return _activity_page(None)


@bp.route("/contribute/activities/<int:service_id>", methods=["GET", "POST"])
@require(can_edit_entries)
def contribute_activity(service_id: int) -> str | Response | tuple[str, int]:
    """Edit an activity: drafts change at once, a published entry through a change request."""
    service = db.session.get(Service, service_id)
    if service is None or not can_edit_service(current_user, service):
        abort(404)
    return _activity_page(service)


@bp.route("/contribute/activities/<int:service_id>/confirm", methods=["POST"])
@require(can_edit_entries)
def contribute_confirm(service_id: int) -> Response:
    """「この内容で正しい」: the group confirms a published entry as it is (最終確認日 = today)."""
    service = db.session.get(Service, service_id)
    if service is None or not can_edit_service(current_user, service):
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    confirm_still_correct(db.session, service, actor=current_user)
    db.session.commit()
    flash(_("「%(name)s」の内容を確認しました。ありがとうございます。", name=service.name), "info")
    return redirect(url_for("directory.contribute_home"))


PHOTO_ERRORS = {
    "too_large": _l("写真が大きすぎます（10MB まで）。"),
    "too_many_pixels": _l("写真が大きすぎます。"),
    "not_an_image": _l("写真（JPEG・PNG・WebP）を選んでください。"),
}


@bp.route("/contribute/flyer", methods=["GET", "POST"])
@require(can_contribute)
def contribute_flyer() -> str | Response | tuple[str, int]:
    """チラシで登録: a photo of the paper flyer plus a name; the reviewer completes the entry from the photo."""
    organization = _own_organization()
    form = FlyerForm()
    kinds = _kind_choices(form.kind)
    if form.validate_on_submit():
        try:
            flyer = store(flyer_folder(current_app.instance_path), form.photo.data.read(MAX_BYTES + 1))
        except PhotoError as exc:
            form.photo.errors = [str(PHOTO_ERRORS[exc.reason])]
        else:
            data = {"name": (form.name.data or "").strip(), "kind": form.kind.data, "phone": form.phone.data}
            submit_flyer(db.session, organization, data, flyer=flyer, note=form.note.data, actor=current_user)
            db.session.commit()
            flash(_("チラシを受け付けました。コーディネーターが内容を入力して確認します。"), "info")
            return redirect(url_for("directory.contribute_home"))
    status = 400 if form.errors else 200
    return render_template("directory/contrib/flyer.html", form=form, kinds=kinds), status


@bp.route("/services/<int:service_id>/correction", methods=["GET", "POST"])
def service_correction(service_id: int) -> str | Response | tuple[str, int]:
    """情報が違う？ — anyone tells the coordinators what is wrong; rate-limited per client."""
    service = get_service(db.session, service_id)
    if service is None or not can_submit_correction(current_user, service):
        abort(404)
    form = CorrectionForm()
    if form.validate_on_submit():
        digest = ip_hash(request.remote_addr, current_app.config["SECRET_KEY"])
        if corrections_exceeded(db.session, digest, limit=CORRECTIONS_PER_HOUR, window=timedelta(hours=1)):
            form.message.errors = [_("送信が多すぎます。しばらくしてからもう一度お試しください。")]
            return render_template("directory/contrib/correction.html", form=form, service=service), 429
        submit_correction(db.session, service, message=form.message.data or "", contact=form.contact.data,
                          ip_digest=digest)  # fmt: skip
        db.session.commit()
        flash(_("ありがとうございます。担当者が確認します。"), "info")
        return redirect(url_for("directory.service_detail", service_id=service.id))
    status = 400 if form.errors else 200
    return render_template("directory/contrib/correction.html", form=form, service=service), status
