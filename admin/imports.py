"""取り込み (/admin/imports): upload a file, see how it reads and what it would change, then confirm."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import format_number
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
from directory.imports import jobs as import_jobs
from directory.imports import uploads as import_uploads
from directory.imports.bounds import FileTooBig, upload_limits
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
    """The upload form and the latest import runs. A file past the caps is refused here, before it is read; a
    small one is read at once, a large one by a background worker (or refused when there is none)."""
    form = UploadForm()
    if form.validate_on_submit():
        upload = _store(form)
        if upload is not None:
            return redirect(url_for("admin.import_preview", token=upload.token))
    runs = db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(20)).all()
    html = render_template("admin/imports.html", form=form, runs=runs, max_mb=_max_mb())
    return html, 400 if form.errors else 200


def _store(form: UploadForm) -> import_uploads.Upload | None:
    """Keep the upload and start reading it; None (with the reason on the form) when it is refused."""
    config = current_app.config
    try:
        upload = import_uploads.store(
            _instance(),
            form.file.data.stream,
            form.file.data.filename or "upload",
            form.format.data or None,
            current_user.id,
            max_bytes=_max_bytes(),
            limits=upload_limits(config),
        )
    except import_uploads.UploadTooLarge:
        form.file.errors = [_("ファイルが大きすぎます（上限 %(mb)s MB）。", mb=_max_mb())]
        return None
    except FileTooBig as exc:
        form.file.errors = [f"{exc.message_ja} / {exc.message_en}"]
        return None
    finally:
        form.file.data.close()
    if not import_jobs.start_parse(db.session, config, _instance(), upload):
        form.file.errors = [
            _(
                "%(rows)s 行を超えるファイルはバックグラウンドで読み取りますが、この環境では使えません"
                "（TSUNAGU_REDIS_URL が未設定か、応答がありません）。ファイルを分けて取り込んでください。",
                rows=format_number(import_jobs.inline_rows(config)),
            )
        ]
        return None
    return upload


@bp.route("/imports/<token>")
@require(can_manage_imports)
def import_preview(token: str) -> Response | str:
    """How the file reads, its row problems and the counts a confirmation would write (a dry run), a page of
    rows at a time from the parse stored at upload; while a background job works on it, its progress."""
    upload = _upload(token)
    job = import_jobs.state(current_app.config, upload)
    if job is not None and job.running:
        response = make_response(render_template("admin/imports_progress.html", upload=upload, job=job))
        response.headers["Refresh"] = "2"
        return response
    parse = import_uploads.stored_parse(_instance(), token)
    if parse is None:
        if job is not None or not upload.path.exists() or import_jobs.in_background(current_app.config, upload):
            return render_template(
                "admin/imports_progress.html", upload=upload, job=job, failed=True, discard_form=DiscardForm()
            )
        parse = import_uploads.parse(db.session, _instance(), upload)  # stored before the parse was kept
        db.session.rollback()
    return _render_preview(upload, parse, ConfirmImportForm(), job=job)


def _render_preview(
    upload: import_uploads.Upload,
    parse: import_uploads.StoredParse,
    form: ConfirmImportForm,
    job: import_jobs.JobState | None = None,
) -> str:
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), parse.pages)
    return render_template(
        "admin/imports_preview.html",
        upload=upload,
        parse=parse,
        summary=parse.summary,
        rows=import_uploads.page_rows(_instance(), upload.token, parse, page),
        page=page,
        result=import_uploads.stored_result(_instance(), upload.token),
        job=job,
        file_kept=upload.path.exists(),
        form=form,
        discard_form=DiscardForm(),
        format_labels=FORMAT_LABELS,
    )


@bp.route("/imports/<token>/status")
@require(can_manage_imports)
def import_status(token: str) -> Response:
    """Where the upload is, as JSON for a page or a script that polls: the background job's step, state and
    progress, whether the parse is stored, and the import's summary (the `tsunagu import --json` object)."""
    upload = _upload(token)
    job = import_jobs.state(current_app.config, upload)
    result = import_uploads.stored_result(_instance(), token)
    body = {
        "step": job.step if job else None,
        "state": job.state if job else None,
        "done": job.done if job else 0,
        "total": job.total if job else 0,
        "parsed": import_uploads.stored_parse(_instance(), token) is not None,
        "imported": bool(result and result["written"]),
        "summary": result["summary"] if result else None,
    }
    return jsonify(body)


@bp.route("/imports/<token>/confirm", methods=["POST"])
@require(can_manage_imports)
def import_confirm(token: str) -> Response | tuple[str, int]:
    """Run the import; all-or-nothing unless 「問題のある行を飛ばす」 is ticked. A large file goes to a worker."""
    upload = _upload(token)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    config = current_app.config
    job = import_jobs.state(config, upload)
    if not upload.path.exists() or (job is not None and job.running):
        flash(_("このファイルは取り込み済みか、処理中です。"), "info")
        return redirect(url_for("admin.import_preview", token=token))
    if import_jobs.in_background(config, upload):
        try:
            import_jobs.enqueue(
                config, _instance(), upload, "import", skip_invalid=form.skip_invalid.data, user_id=current_user.id
            )
        except import_jobs.JobsUnavailable:  # Redis was switched off or went away after the file was read
            flash(_("大きなファイルを取り込むバックグラウンド処理が、いまは使えません。"), "error")
        return redirect(url_for("admin.import_preview", token=token))
    summary = import_uploads.confirm(db.session, upload, skip_invalid=form.skip_invalid.data, user_id=current_user.id)
    if summary.errors and not form.skip_invalid.data:
        db.session.rollback()
        flash(_("問題のある行があるため、何も取り込みませんでした。"), "error")
        parse = import_uploads.stored_parse(_instance(), token) or import_uploads.parse(db.session, _instance(), upload)
        db.session.rollback()
        return _render_preview(upload, parse, form), 400
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
