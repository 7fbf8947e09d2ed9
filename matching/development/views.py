"""社会資源の開発 pages (/coordinator/development…): unmet needs waiting for an answer, development cases with
their steps and outcome, and the report (gaps by area and kind, cases, resources developed per year)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.catalog.queries import filter_options
from matching.blueprint import bp
from matching.casework.queries import area_agency_ids
from matching.development.forms import CaseForm, CloseForm, StepForm
from matching.development.services import (
    OUTCOME_LABELS,
    CaseError,
    add_step,
    close_case,
    complete_step,
    development_report,
    link,
    list_cases,
    needs_by_ids,
    open_case,
    open_needs,
)
from matching.hosts.services import prospect_choices, prospects_by_ids
from matching.menus.services import list_menus
from matching.models import DevelopmentCase, DevelopmentOutcome, DevelopmentStep, UnmetNeed
from matching.permissions import can_view_development, can_view_unmet_need
from tsunagu.db import db
from tsunagu.forms import choice_list
from tsunagu.permissions import can_develop_resources, can_view_reports, require

CASE_ERRORS = {
    "closed": _l("この取り組みはもう終わっています。"),
    "reason_required": _l("見送りのときは理由を書いてください。"),
    "service_required": _l("生まれた活動・メニューを選んでください。"),
    "no_agency": _l("所属機関がないため記録できません。"),
}


def _case(case_id: int) -> DevelopmentCase:
    case = db.get_or_404(DevelopmentCase, case_id)
    return case


def _kinds() -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in filter_options(db.session).kinds]


def _need_label(need: UnmetNeed) -> str:
    return f"{need.recorded_at:%Y-%m-%d} {need.district or '—'}: {need.sought[:60]}"


def _readable(needs: list[UnmetNeed]) -> list[UnmetNeed]:
    """The needs whose text the viewer may read (a need tied to a person follows that person's consent)."""
    return [need for need in needs if can_view_unmet_need(current_user, need)]


def _case_form() -> CaseForm:
    form = CaseForm()
    form.kind.choices = choice_list(_kinds())
    form.district.choices = choice_list([(d, d) for d in filter_options(db.session).districts])
    needs = _readable(open_needs(db.session))
    form.need_ids.choices = choice_list([(n.id, _need_label(n)) for n in needs], blank=False)
    form.prospect_ids.choices = choice_list(prospect_choices(db.session), blank=False)
    return form


@bp.route("/development")
@require(can_view_development)
def development_home() -> str:
    """Unmet needs no case answers yet, and the development cases (open first). The lead agency reads its area's
    aggregate counts instead, and the text of the waiting needs its consent lets it see."""
    needs = open_needs(db.session)
    readable = _readable(needs)
    if not can_develop_resources(current_user):
        agency_ids = area_agency_ids(db.session, current_user.agency)
        return render_template(
            "matching/development/area.html",
            tables=development_report(db.session, dict(_kinds()), agency_ids),
            needs=[n for n in readable if agency_ids is None or n.agency_id in agency_ids],
        )
    return render_template(
        "matching/development/home.html",
        needs=readable,
        hidden_needs=len(needs) - len(readable),
        cases=list_cases(db.session),
        outcome_labels=OUTCOME_LABELS,
    )


@bp.route("/development/new", methods=["GET", "POST"])
@require(can_develop_resources)
def case_new() -> Response | tuple[str, int]:
    """Open a development case from unmet needs (`?need=` preselects them)."""
    form = _case_form()
    if request.method == "GET":
        form.need_ids.data = request.args.getlist("need")
        needs = _readable(needs_by_ids(db.session, form.need_ids.data))
        form.need_ids.data = [str(n.id) for n in needs]
        if needs:
            form.district.data = needs[0].district or ""
            form.kind.data = next(iter(needs[0].kinds or []), "")
            form.gap.data = "\n".join(n.sought for n in needs)
    if form.validate_on_submit():
        try:
            needs = _readable(needs_by_ids(db.session, form.need_ids.data))
            prospects = prospects_by_ids(db.session, form.prospect_ids.data)
            case = open_case(db.session, values=form.data, needs=needs, prospects=prospects, actor=current_user)
        except CaseError as exc:
            flash(str(CASE_ERRORS[str(exc)]), "error")
            return render_template("matching/development/form.html", form=form), 400
        db.session.commit()
        flash(_("取り組み「%(title)s」を始めました。", title=case.title), "success")
        return redirect(url_for("matching.case_detail", case_id=case.id))
    return render_template("matching/development/form.html", form=form), 400 if form.errors else 200


def _close_form() -> CloseForm:
    form = CloseForm()
    choices = []
    for menu in list_menus(db.session):
        choices.append((menu.service_id, _("個別メニュー: %(name)s", name=menu.service.name)))
        if menu.public_service is not None:
            choices.append((menu.public_service.id, _("公開の活動: %(name)s", name=menu.public_service.name)))
    form.service_id.choices = choice_list(choices)
    return form


@bp.route("/development/<int:case_id>")
@require(can_develop_resources)
def case_detail(case_id: int) -> str:
    """A case: the gap, linked needs and candidate hosts, steps with dates, and its outcome."""
    case = _case(case_id)
    return render_template(
        "matching/development/detail.html",
        case=case,
        step_form=StepForm(formdata=None),
        close_form=_close_form(),
        outcome_labels=OUTCOME_LABELS,
        kinds=dict(_kinds()),
        prospects=prospect_choices(db.session),
    )


def _back(case: DevelopmentCase) -> Response:
    return redirect(url_for("matching.case_detail", case_id=case.id))


@bp.post("/development/<int:case_id>/steps")
@require(can_develop_resources)
def case_step(case_id: int) -> Response:
    """Add a dated step."""
    case, form = _case(case_id), StepForm()
    if not form.validate_on_submit():
        flash(_("することを書いてください。"), "error")
        return _back(case)
    try:
        add_step(db.session, case, form.description.data, form.due_on.data)
    except CaseError as exc:
        flash(str(CASE_ERRORS[str(exc)]), "error")
        return _back(case)
    db.session.commit()
    return _back(case)


@bp.post("/development/steps/<int:step_id>/done")
@require(can_develop_resources)
def step_done(step_id: int) -> Response:
    """Mark a step done."""
    step = db.get_or_404(DevelopmentStep, step_id)
    complete_step(db.session, step)
    db.session.commit()
    return _back(step.case)


@bp.post("/development/<int:case_id>/prospects")
@require(can_develop_resources)
def case_link_prospect(case_id: int) -> Response:
    """Add a candidate host from the register to the case."""
    case = _case(case_id)
    link(db.session, case, needs=[], prospects=prospects_by_ids(db.session, request.form.getlist("prospect_id")))
    db.session.commit()
    return _back(case)


@bp.post("/development/<int:case_id>/close")
@require(can_develop_resources)
def case_close(case_id: int) -> Response:
    """End the case: a new public activity, a custom menu, or closed with a reason."""
    case, form = _case(case_id), _close_form()
    if not form.validate_on_submit():
        flash(_("結果を選んでください。"), "error")
        return _back(case)
    service_id = int(form.service_id.data) if form.service_id.data else None
    try:
        close_case(db.session, case, DevelopmentOutcome(form.outcome.data), note=form.note.data, service_id=service_id)
    except CaseError as exc:
        flash(str(CASE_ERRORS[str(exc)]), "error")
        return _back(case)
    db.session.commit()
    flash(_("取り組みを終えました。"), "success")
    return _back(case)


@bp.route("/development/report")
@require(can_view_reports)
def development_report_page() -> str:
    """社会資源の開発 report: gaps by area and kind, cases open/closed, resources developed per year."""
    return render_template("matching/development/report.html", tables=development_report(db.session, dict(_kinds())))
