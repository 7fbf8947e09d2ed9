"""取り込み (/admin/imports): upload a file, see how it reads and what it would change, then confirm."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from admin.blueprint import bp
from directory.imports import uploads as import_uploads
from directory.models import ImportRun
from tsunagu.db import db
from tsunagu.permissions import can_manage_imports, require

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
FORMAT_LABELS = {
    "": _l("自動判定"),
    "kodomo-shokudo": _l("子ども食堂（49列の標準項目）"),
    "kayoinoba": _l("通いの場（厚生労働省）"),
    "opendata": _l("自治体標準データセット（公共施設・イベント）"),
}


class UploadForm(FlaskForm):
    """The file and its format (empty = detect from the columns)."""

    file = FileField(_l("ファイル（CSV または xlsx）"), validators=[FileRequired(_l("ファイルを選んでください。"))])
    format = SelectField(_l("形式"), choices=[SelectChoice(k, v) for k, v in FORMAT_LABELS.items()], default="")


class ConfirmImportForm(FlaskForm):
    """Confirming writes; by default nothing is written when any row has a problem."""

    skip_invalid = BooleanField(_l("問題のある行を飛ばして、残りを取り込む"))


class DiscardForm(FlaskForm):
    """Throw the upload away."""


def _instance() -> Path:
    return Path(current_app.instance_path)


def _max_bytes() -> int:
    return int(current_app.config.get("TSUNAGU_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def _max_mb() -> str:
    return f"{_max_bytes() / (1024 * 1024):.2g}"


def _upload(token: str) -> import_uploads.Upload:
    upload = import_uploads.load(_instance(), token)
    if upload is None:
        abort(404)
    return upload


@bp.route("/imports", methods=["GET", "POST"])
@require(can_manage_imports)
def imports() -> Response | tuple[str, int]:
    """The upload form and the latest import runs."""
    form = UploadForm()
    if form.validate_on_submit():
        try:
            upload = import_uploads.store(
                _instance(),
                form.file.data.stream,
                form.file.data.filename or "upload",
                form.format.data or None,
                current_user.id,
                max_bytes=_max_bytes(),
            )
        except import_uploads.UploadTooLarge:
            form.file.errors = [_("ファイルが大きすぎます（上限 %(mb)s MB）。", mb=_max_mb())]
            form.file.data.close()
        else:
            form.file.data.close()
            return redirect(url_for("admin.import_preview", token=upload.token))
    runs = db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(20)).all()
    html = render_template("admin/imports.html", form=form, runs=runs, max_mb=_max_mb())
    return html, 400 if form.errors else 200


@bp.route("/imports/<token>")
@require(can_manage_imports)
def import_preview(token: str) -> str:
    """How the file reads, its row problems and the counts a confirmation would write (a dry run)."""
    preview = import_uploads.preview(db.session, _upload(token))
    db.session.rollback()
    return _render_preview(preview, ConfirmImportForm())


def _render_preview(preview: import_uploads.Preview, form: ConfirmImportForm) -> str:
    return render_template(
        "admin/imports_preview.html",
        preview=preview,
        form=form,
        discard_form=DiscardForm(),
        format_labels=FORMAT_LABELS,
    )


@bp.route("/imports/<token>/confirm", methods=["POST"])
@require(can_manage_imports)
def import_confirm(token: str) -> Response | tuple[str, int]:
    """Run the import; all-or-nothing unless 「問題のある行を飛ばす」 is ticked."""
    upload = _upload(token)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    summary = import_uploads.confirm(db.session, upload, skip_invalid=form.skip_invalid.data, user_id=current_user.id)
    if summary.errors and not form.skip_invalid.data:
        db.session.rollback()
        flash(_("問題のある行があるため、何も取り込みませんでした。"), "error")
        preview = import_uploads.preview(db.session, upload)
        db.session.rollback()
        return _render_preview(preview, form), 400
    db.session.commit()
    import_uploads.discard(_instance(), token)
    flash(
        _(
            "取り込みました: 新規 %(created)s 件、更新 %(updated)s 件、飛ばした行 %(skipped)s 件。",
            created=summary.created,
            updated=summary.updated,
            skipped=summary.skipped,
        ),
        "success",
    )
    return redirect(url_for("admin.imports"))


@bp.route("/imports/<token>/discard", methods=["POST"])
@require(can_manage_imports)
def import_discard(token: str) -> Response:
    """Delete the uploaded file without importing it."""
    if not DiscardForm().validate_on_submit():
        abort(400)
    import_uploads.discard(_instance(), token)
    flash(_("アップロードしたファイルを削除しました。"), "info")
    return redirect(url_for("admin.imports"))
