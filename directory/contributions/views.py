"""Group pages (/contribute/…): the organisation, its activities and their review state; residents' corrections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from directory.blueprint import bp
from directory.catalog.queries import get_service
from directory.catalog.schedule_words import describe
from directory.contributions.fields import organization_snapshot, schedules_from_text, service_snapshot
from directory.contributions.forms import ActivityForm, ConfirmForm, CorrectionForm, FlyerForm, OrganizationForm
from directory.contributions.photos import (
    MAX_BYTES,
    PhotoError,
    dimensions,
    flyer_folder,
    latest_upload,
    photo_file,
    photo_folder,
    reencode,
    store,
    store_photo,
)
from directory.contributions.queries import (
    group_entries,
    kind_terms,
    open_requests,
    pending_organization_change,
    published_photo,
    unconfirmed_too_long,
)
from directory.contributions.services import (
    confirm_still_correct,
    corrections_exceeded,
    create_activity,
    submit_correction,
    submit_flyer,
    submit_for_review,
    update_activity,
    update_organization,
)
from directory.contributions.towns import find_towns, municipality_centre
from directory.models import ChangeKind, ChangeRequest, EntryStatus, Organization, Service, TaxonomyTerm
from directory.permissions import can_edit_organization, can_edit_service, can_submit_correction, can_view_service
from tsunagu.audit import request_ip_digest
from tsunagu.db import db
from tsunagu.permissions import can_contribute, can_edit_entries, require

CORRECTIONS_PER_HOUR = 5


def _own_organization() -> Organization:
    organization = db.get_or_404(Organization, current_user.organization_id)
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


def _save_activity(form: ActivityForm, service: Service | None, action: str, photo: bytes | None) -> Response:
    """Write the form; an uploaded photo (already re-encoded) is stored and attached, never public before review."""
    organization = service.organization if service else _own_organization()
    data = form.to_data()
    created = service is None
    if service is None:
        service = create_activity(db.session, organization, data, actor=current_user)
    folder = photo_folder(current_app.instance_path, service.id)
    new_photo = store_photo(folder, photo) if photo is not None else None
    change = None if created else update_activity(db.session, service, data, actor=current_user, photo=new_photo)
    if action == "submit" and service.status in (EntryStatus.DRAFT, EntryStatus.PENDING):
        submit_for_review(db.session, service, actor=current_user, photo=new_photo or latest_upload(folder))
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


def _uploaded_photo() -> bytes | None:
    """The re-encoded photo chosen in the activity form, None when none was chosen; PhotoError when unusable."""
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        return None
    return reencode(upload.read(MAX_BYTES + 1))


def _proposed_photo(service: Service, requests: list[ChangeRequest]) -> str | None:
    """The photo the group has put forward: the one of its open request, else a draft's latest upload."""
    attached = next((r.after["photo"] for r in requests if r.after and r.after.get("photo")), None)
    if attached is None and service.status == EntryStatus.DRAFT:
        return latest_upload(photo_folder(current_app.instance_path, service.id))
    return attached if isinstance(attached, str) else None


def _activity_page(service: Service | None) -> str | Response | tuple[str, int]:
    requests = open_requests(db.session, service.id) if service is not None else []
    pending = next((r for r in requests if r.kind == ChangeKind.EDIT), None)
    form = _activity_form(pending.after if pending else (service_snapshot(service) if service else None))
    action = request.form.get("action", "draft")
    photo_error = None
    if form.validate_on_submit() and action != "preview":
        try:
            photo = _uploaded_photo()
        except PhotoError as exc:
            photo_error = str(PHOTO_ERRORS[exc.reason])
        else:
            return _save_activity(form, service, action, photo)
    readback = _schedule_readback(form.schedule_text.data)
    public = published_photo(db.session, service.id) if service is not None else None
    proposed = _proposed_photo(service, requests) if service is not None else None
    html = render_template(
        "directory/contrib/activity.html",
        form=form,
        kinds=kind_terms(db.session),
        service=service,
        pending=pending,
        readback=readback,
        preview=request.method == "POST" and action == "preview",
        public_photo=public,
        proposed_photo=proposed if proposed != public else None,
        photo_error=photo_error,
        unconfirmed=service is not None and service.status == EntryStatus.PUBLISHED and unconfirmed_too_long(service),
        confirm_form=ConfirmForm(),
        map_centre="{:.5f},{:.5f}".format(*municipality_centre(db.session, _municipality_of(service))),
    )
    return html, 400 if form.errors or photo_error else 200


def _municipality_of(service: Service | None) -> str | None:
    """The municipality whose 町域 the activity form offers: the entry's, else the signed-in group's."""
    if service is not None and service.organization.municipality_code:
        return service.organization.municipality_code
    organization_id = getattr(current_user, "organization_id", None)
    organization = db.session.get(Organization, organization_id) if organization_id else None
    return organization.municipality_code if organization else None


@bp.route("/contribute/towns")
@require(can_edit_entries)
def contribute_towns() -> Response:
    """The 町域 whose name or reading holds ?q=, as JSON, for the activity form's map picker (no geocoder)."""
    found = find_towns(db.session, _municipality_of(None), request.args.get("q", "")[:50])
    return jsonify([town.as_json() for town in found])


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
        digest = request_ip_digest()
        if corrections_exceeded(db.session, digest, limit=CORRECTIONS_PER_HOUR, window=timedelta(hours=1)):
            form.message.errors = [_("送信が多すぎます。しばらくしてからもう一度お試しください。")]
            return render_template("directory/contrib/correction.html", form=form, service=service), 429
        submit_correction(
            db.session, service, message=form.message.data or "", contact=form.contact.data, ip_digest=digest
        )
        db.session.commit()
        flash(_("ありがとうございます。担当者が確認します。"), "info")
        return redirect(url_for("directory.service_detail", service_id=service.id))
    status = 400 if form.errors else 200
    return render_template("directory/contrib/correction.html", form=form, service=service), status


@dataclass(frozen=True)
class PublicPhoto:
    """An entry's public photo as the detail page shows it: a small file for phones, a large one, its size."""

    small: str
    large: str
    width: int
    height: int
    large_width: int


@bp.app_template_global()
def service_photo(service: Service) -> PublicPhoto | None:
    """The approved photo of an entry the reader may see, or None (templates: the detail page)."""
    if not can_view_service(current_user, service):
        return None
    name = published_photo(db.session, service.id)
    folder = photo_folder(current_app.instance_path, service.id)
    small, large = (photo_file(folder, name, size) for size in ("s", "l")) if name else (None, None)
    if name is None or small is None or large is None:
        return None
    size = dimensions(small)
    urls = {s: url_for("directory.service_photo_file", service_id=service.id, size=s, name=name) for s in ("s", "l")}
    return PublicPhoto(urls["s"], urls["l"], size.width, size.height, dimensions(large).width)


@bp.route("/services/<int:service_id>/photos/<size>/<name>")
def service_photo_file(service_id: int, size: str, name: str) -> Response:
    """An activity's photo: the approved one to whoever may see the entry; others (a draft's, a change waiting
    for review) only to those who may edit the entry — its group and the reviewers."""
    service = db.session.get(Service, service_id)
    path = photo_file(photo_folder(current_app.instance_path, service_id), name, size) if service else None
    if service is None or path is None:
        abort(404)
    public = name == published_photo(db.session, service.id) and can_view_service(current_user, service)
    if not public and not can_edit_service(current_user, service):
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=0)
    anonymous = public and not current_user.is_authenticated
    response.headers["Cache-Control"] = "public, max-age=3600" if anonymous else "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
