"""地区 / 中学校区 boundaries (/admin/areas): upload a GeoJSON file (all or nothing), set coverage targets, and
define which kinds of activity count as 居場所 for the town's coverage KPI (towns define it differently)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional, Regexp, ValidationError

from admin.blueprint import bp
from directory.catalog.municipality import municipality_code_with_check_digit
from directory.catalog.queries import filter_options
from directory.map_pages.coverage import coverage_kinds
from directory.models import Area, AreaKind, CoverageDefinition
from i18n.locales import html_lang
from i18n.readings import refresh_user_readings
from i18n.setup import ui_locale
from maps.boundaries import KANA, Boundary, BoundaryProblem, read_boundaries
from tsunagu.db import db
from tsunagu.forms import MultiCheckboxField
from tsunagu.permissions import can_manage_areas, require

READING_KEYS = "name_kana・よみ・カナ"
"""The reading properties named on the page (maps.boundaries.KANA_KEYS reads a few more spellings)."""
KIND_LABELS = {AreaKind.DISTRICT: _l("地区"), AreaKind.JUNIOR_HIGH: _l("中学校区"), AreaKind.ELEMENTARY: _l("小学校区")}
PROBLEMS = {
    "not_json": _l("GeoJSON（JSON）として読めません"),
    "not_collection": _l("FeatureCollection（または Feature）ではありません"),
    "empty": _l("境界がひとつも入っていません"),
    "too_large": _l("ファイルが大きすぎます（%(detail)s MB まで）"),
    "no_name": _l("名前（name）がありません"),
    "name_too_long": _l("名前が長すぎます（50 文字まで）"),
    "bad_kind": _l("種類（kind）がわかりません: 地区・中学校区・小学校区のどれかを指定してください"),
    "bad_geometry": _l("形（geometry）が読めません"),
    "not_polygon": _l("Polygon か MultiPolygon ではありません（%(detail)s）"),
    "out_of_range": _l("座標が経度・緯度の範囲外です（WGS 84 の経度, 緯度の順で書いてください）"),
    "invalid_shape": _l("形が正しくありません（辺が交差しているなど）"),
    "duplicate": _l("同じ種類・同じ名前が %(detail)s 番目にもあります"),
    "bad_target": _l("目標（target_count）は 0 以上の整数にしてください"),
    "bad_kana": _l("読み（%(keys)s）は、ひらがなかカタカナで書いてください: %(detail)s"),
}


class BoundaryUploadForm(FlaskForm):
    """A GeoJSON file of boundaries for one municipality."""

    file = FileField(_l("GeoJSON ファイル"), validators=[FileRequired(_l("ファイルを選んでください"))])
    municipality_code = StringField(
        _l("全国地方公共団体コード（6桁）"),
        validators=[DataRequired(), Regexp(r"^\d{6}$", message=_l("6桁の数字で入力してください"))],
    )
    kind = SelectField(
        _l("種類（ファイルに kind がないとき）"),
        choices=[SelectChoice("", _l("ファイルの kind に従う"))]
        + [SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        validate_choice=True,
    )

    def validate_municipality_code(self, field: StringField) -> None:
        value = field.data or ""
        if len(value) == 6 and value.isdigit() and municipality_code_with_check_digit(value[:5]) != value:
            raise ValidationError(_l("検査数字が合いません（コードを確かめてください）"))


class IbashoDefinitionForm(FlaskForm):
    """Which kinds count as 居場所 for one municipality (choices: the kinds, labelled in the reader's language)."""

    municipality_code = StringField(validators=[DataRequired(), Regexp(r"^\d{6}$")])
    kinds = MultiCheckboxField(
        _l("居場所として数える種類"), choices=[], validators=[DataRequired(_l("種類をひとつ以上選んでください"))]
    )


class TargetForm(FlaskForm):
    target_count = IntegerField(_l("目標"), validators=[Optional(), NumberRange(min=0, max=100_000)])


class ReadingForm(FlaskForm):
    """The reading of an area's name in カナ: furigana in やさしい日本語 and the romanised name in other languages."""

    name_kana = StringField(
        _l("読み（カナ）"),
        validators=[
            Optional(),
            Regexp(KANA, message=_l("ひらがなかカタカナで書いてください")),
        ],
    )


def problem_text(problem: BoundaryProblem) -> str:
    """One problem of an upload as a sentence: which feature, which name, what is wrong."""
    message = str(PROBLEMS[problem.code]) % {"detail": problem.detail, "keys": READING_KEYS}
    if problem.feature == 0:
        return message
    if problem.name:
        return _("%(n)s 番目（%(name)s）: %(message)s", n=problem.feature, name=problem.name, message=message)
    return _("%(n)s 番目: %(message)s", n=problem.feature, message=message)


def save_boundaries(session: Session, municipality_code: str, boundaries: list[Boundary]) -> tuple[int, int]:
    """Create or update areas by (municipality, kind, name); returns (created, updated). Flushes only.

    An area's target and reading are kept when the file gives none, so re-uploading corrected shapes never resets
    them.
    """
    rows = session.scalars(select(Area).where(Area.municipality_code == municipality_code))
    existing = {(a.kind.value, a.name): a for a in rows}
    created = updated = 0
    for boundary in boundaries:
        area = existing.get((boundary.kind, boundary.name))
        if area is None:
            area = Area(municipality_code=municipality_code, kind=AreaKind(boundary.kind), name=boundary.name)
            session.add(area)
            created += 1
        else:
            updated += 1
        area.boundary = f"SRID=4326;{boundary.wkt}"
        if boundary.code:
            area.code = boundary.code
        if boundary.target_count is not None:
            area.target_count = boundary.target_count
        if boundary.name_kana:
            area.name_kana = boundary.name_kana
    session.flush()
    return created, updated


def save_ibasho_definition(session: Session, municipality_code: str, kinds: list[str]) -> CoverageDefinition:
    """Set the kinds that count as 居場所 for a municipality's coverage KPI (report and map). Flushes only."""
    definition = session.get(CoverageDefinition, municipality_code)
    if definition is None:
        definition = CoverageDefinition(municipality_code=municipality_code)
        session.add(definition)
    definition.kinds = list(kinds)
    session.flush()
    return definition


def _kind_choices(session: Session) -> list[SelectChoice]:
    """The kinds of activity as choices, labelled in the reader's language (never the raw codes)."""
    locale = html_lang(ui_locale())
    return [SelectChoice(term.code, term.label(locale)) for term in filter_options(session).kinds]


def _ibasho_form(session: Session, code: str) -> IbashoDefinitionForm:
    form = IbashoDefinitionForm(formdata=None, municipality_code=code, kinds=list(coverage_kinds(session, code)))
    form.kinds.choices = _kind_choices(session)
    return form


def _default_code(session: Session) -> str:
    return (
        session.scalar(
            select(Area.municipality_code).group_by(Area.municipality_code).order_by(func.count().desc()).limit(1)
        )
        or ""
    )


def _render(
    form: BoundaryUploadForm, problems: list[str], status: int = 200, ibasho: IbashoDefinitionForm | None = None
) -> tuple[str, int]:
    areas = db.session.scalars(select(Area).order_by(Area.municipality_code, Area.kind, Area.code, Area.name)).all()
    html = render_template(
        "admin/areas.html",
        form=form,
        problems=problems,
        areas=areas,
        kind_labels=KIND_LABELS,
        reading_keys=READING_KEYS,
        ibasho_form=ibasho or _ibasho_form(db.session, _default_code(db.session)),
    )
    return html, status


@bp.route("/areas", methods=["GET", "POST"])
@require(can_manage_areas)
def areas() -> Response | tuple[str, int]:
    """The areas with their boundaries and targets, and the upload form."""
    form = BoundaryUploadForm()
    if not form.is_submitted():
        form.municipality_code.data = _default_code(db.session)
        return _render(form, [])
    if not form.validate():
        return _render(form, [], 400)
    result = read_boundaries(form.file.data.read(), form.kind.data or None)
    if result.problems:
        return _render(form, [problem_text(p) for p in result.problems], 400)
    created, updated = save_boundaries(db.session, form.municipality_code.data, result.boundaries)
    db.session.commit()
    if any(boundary.name_kana for boundary in result.boundaries):
        refresh_user_readings(force=True)
    message = _("境界を登録しました（新規 %(created)s 件・更新 %(updated)s 件）。", created=created, updated=updated)
    flash(message, "info")
    return redirect(url_for("admin.areas"))


@bp.route("/areas/ibasho", methods=["POST"])
@require(can_manage_areas)
def area_ibasho() -> Response | tuple[str, int]:
    """Save which kinds count as 居場所 for the municipality (the coverage in the reports and on the map)."""
    ibasho = IbashoDefinitionForm()
    ibasho.kinds.choices = _kind_choices(db.session)
    if not ibasho.validate():
        upload = BoundaryUploadForm(formdata=None, municipality_code=_default_code(db.session))
        return _render(upload, [], 400, ibasho)
    save_ibasho_definition(db.session, ibasho.municipality_code.data, list(ibasho.kinds.data))
    db.session.commit()
    flash(_("居場所として数える種類を保存しました。"), "info")
    return redirect(url_for("admin.areas"))


@bp.route("/areas/<int:area_id>/reading", methods=["POST"])
@require(can_manage_areas)
def area_reading(area_id: int) -> Response:
    """Set (or clear) how an area's name is read; furigana and other languages use it from the next page on."""
    area = db.get_or_404(Area, area_id)
    form = ReadingForm()
    if not form.validate_on_submit():
        flash(_("読みは、ひらがなかカタカナで書いてください。"), "error")
        return redirect(url_for("admin.areas"))
    area.name_kana = (form.name_kana.data or "").strip() or None
    db.session.commit()
    refresh_user_readings(force=True)
    flash(_("「%(name)s」の読みを保存しました。", name=area.name), "info")
    return redirect(url_for("admin.areas"))


@bp.route("/areas/<int:area_id>/target", methods=["POST"])
@require(can_manage_areas)
def area_target(area_id: int) -> Response:
    """Set (or clear, for the default) the coverage target of one area."""
    area = db.get_or_404(Area, area_id)
    form = TargetForm()
    if not form.validate_on_submit():
        flash(_("目標は 0 以上の整数で入力してください。"), "error")
        return redirect(url_for("admin.areas"))
    area.target_count = form.target_count.data
    db.session.commit()
    flash(_("「%(name)s」の目標を更新しました。", name=area.name), "info")
    return redirect(url_for("admin.areas"))
