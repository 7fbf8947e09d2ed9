"""The plan page (/coordinator/persons/<id>/plan): the 支援プラン with its versions, and the case's 終結."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from matching.blueprint import bp
from matching.casework.services import CaseworkError
from matching.models import ClosureEvaluation, Person
from matching.permissions import can_close_case, can_edit_plan, can_reopen_case, can_view_plan
from matching.persons.views import audit, viewable_person
from matching.plans.forms import ERRORS, EVALUATIONS, ClosureForm, PlanForm, ReopenForm
from matching.plans.queries import closures_of, plans_of
from matching.plans.services import close_case, reopen_case, save_plan
from tsunagu.db import db
from tsunagu.models import Agency
from tsunagu.permissions import can_use_coordinator_area, require


def _plan_form(person: Person, formdata: Any = None) -> PlanForm:
    form = PlanForm() if formdata is None else PlanForm(formdata=formdata)
    agencies = db.session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
    form.responsible_agency_id.choices = [SelectChoice("", _("未定"))] + [
        SelectChoice(str(i), name) for i, name in agencies
    ]
    if not form.is_submitted():
        form.responsible_agency_id.data = str(person.agency_id)
    return form


def _page(person: Person, status: int = 200, **forms: Any) -> tuple[str, int]:
    plans = plans_of(db.session, person.id)
    names = dict(db.session.execute(select(Agency.id, Agency.name)).all())
    html = render_template(
        "matching/plans/plan.html",
        person=person,
        plans=plans,
        closures=closures_of(db.session, person.id),
        agency_names=names,
        evaluations=EVALUATIONS,
        plan_form=forms.get("plan") or _plan_form(person, formdata={}),
        closure_form=forms.get("closure") or ClosureForm(formdata=None),
    )
    return html, status


@bp.route("/persons/<int:person_id>/plan", methods=["GET", "POST"])
@require(can_use_coordinator_area)
def person_plan(person_id: int) -> Response | tuple[str, int]:
    """The 支援プラン: read it (as the case), and write a new version (as the case's editors)."""
    person = viewable_person(person_id, can_view_plan)
    form = _plan_form(person)
    if not form.is_submitted():
        db.session.commit()
        return _page(person, plan=form)
    if not can_edit_plan(current_user, person):
        db.session.rollback()
        return _page(person, 403)
    if not form.validate():
        db.session.commit()
        return _page(person, 400, plan=form)
    save_plan(
        db.session,
        person,
        current_user,
        goals=form.goals.data,
        steps=(form.steps.data or "").splitlines(),
        responsible_agency_id=int(form.responsible_agency_id.data) if form.responsible_agency_id.data else None,
        review_on=form.review_on.data,
    )
    audit("person.plan", person)
    db.session.commit()
    flash(_("支援プランを保存しました。"), "success")
    return redirect(url_for("matching.person_plan", person_id=person.id))


@bp.post("/persons/<int:person_id>/close")
@require(can_use_coordinator_area)
def person_close(person_id: int) -> Response | tuple[str, int]:
    """終結 of the whole case with its evaluation; its placements keep their own status and follow-ups."""
    person = viewable_person(person_id, can_close_case)
    form = ClosureForm()
    if not form.validate_on_submit():
        db.session.commit()
        return _page(person, 400, closure=form)
    try:
        close_case(
            db.session,
            person,
            current_user,
            ClosureEvaluation(form.evaluation.data),
            on=form.on.data,
            note=form.note.data,
        )
    except CaseworkError as exc:
        db.session.rollback()
        form.note.errors = [str(ERRORS[exc.code])]
        return _page(viewable_person(person_id, can_view_plan), 400, closure=form)
    audit("person.close", person, evaluation=form.evaluation.data)
    db.session.commit()
    flash(_("ケースを終結しました。"), "success")
    return redirect(url_for("matching.person_plan", person_id=person.id))


@bp.post("/persons/<int:person_id>/reopen")
@require(can_use_coordinator_area)
def person_reopen(person_id: int) -> Response:
    """Open a closed case again (the closure stays in the history)."""
    person = viewable_person(person_id, can_reopen_case)
    form = ReopenForm()
    if not form.validate_on_submit():
        db.session.commit()
        flash(_("もう一度お試しください。"), "error")
        return redirect(url_for("matching.person_plan", person_id=person.id))
    closures = closures_of(db.session, person.id)
    reopen_case(db.session, person, closures[0] if closures else None)
    audit("person.reopen", person)
    db.session.commit()
    flash(_("ケースを再開しました。"), "success")
    return redirect(url_for("matching.person_plan", person_id=person.id))
