"""Coordinator area (/coordinator/…): the persons a coordinator may see, intake, record and edits.

Matching, proposals and unmet needs are in matching.suggestions.views. Every read of a person record is audited.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from directory.catalog.queries import filter_options
from matching.areas.queries import junior_high_names, junior_high_of
from matching.blueprint import bp
from matching.casework.caseload import NEXT_ACTIONS, SORTS, STATUSES, caseload, filter_and_sort
from matching.models import Person
from matching.permissions import can_edit_person, can_view_person
from matching.persons.forms import (
    GENDER_COMFORT,
    MOBILITY,
    PersonForm,
    field_labels,
    format_windows,
    preference_lines,
)
from matching.persons.queries import agency_name, get_person, household_choices, person_history, persons_for_listing
from matching.persons.services import save_person
from matching.suggestions.queries import active_volunteers, district_centroid
from matching.suggestions.reasons import CONSTRAINT_LABELS, PLACEMENT_STATUS
from tsunagu.audit import record, request_ip_digest
from tsunagu.db import db
from tsunagu.permissions import can_match, can_use_coordinator_area, require


def audit(action: str, person: Person, **detail: Any) -> None:
    """Record that the signed-in user read or changed a person record (never the record's data)."""
    record(
        db.session,
        actor_id=current_user.id,
        action=action,
        object_type="person",
        object_id=person.id,
        page=request.path,
        ip_digest=request_ip_digest(),
        detail=detail or None,
    )


def audit_listing(persons: list[Person]) -> None:
    """One audit entry for a page that lists persons: which records were shown (ids only, never their data)."""
    if not persons:
        return
    record(
        db.session,
        actor_id=current_user.id,
        action="person.list",
        object_type="person",
        object_id=None,
        page=request.path,
        ip_digest=request_ip_digest(),
        detail={"person_ids": sorted({p.id for p in persons})},
    )
    db.session.commit()


def viewable_person(person_id: int, check: Any = can_view_person) -> Person:
    """The person, or 404 when missing and 403 when the user may not (per `check`); audits the read."""
    person = get_person(db.session, person_id)
    if person is None:
        abort(404)
    if not check(current_user, person):
        abort(403)
    audit("person.read", person)
    return person


@bp.route("/")
@require(can_use_coordinator_area)
def home() -> Response | str:
    """The coordinator's desk: the persons they may see; the search page's 繋ぐ先がない link lands on the form."""
    if request.args.get("unmet"):
        args = {k: v for k, v in request.args.items(multi=True) if k != "unmet"}
        return redirect(url_for("matching.unmet_new", **args))
    persons = [p for p in persons_for_listing(db.session) if can_view_person(current_user, p)]
    status = request.args.get("status", "active")
    sort = request.args.get("sort", "next")
    status = status if status in STATUSES else "active"
    sort = sort if sort in SORTS else "next"
    rows = filter_and_sort(caseload(db.session, persons), query=request.args.get("q", ""), status=status, sort=sort)
    audit_listing(persons)
    return render_template(
        "matching/home.html",
        persons=persons,
        caseload=rows,
        caseload_args={"q": request.args.get("q", ""), "status": status, "sort": sort},
        next_actions=NEXT_ACTIONS,
        volunteers=active_volunteers(db.session),
    )


def _person_form(person: Person | None = None) -> PersonForm:
    form = PersonForm(obj=None)
    options = filter_options(db.session)
    form.home_district.choices = [SelectChoice("", _("選んでください"))] + [
        SelectChoice(d, d) for d in options.districts
    ]
    form.home_junior_high_district.choices = [SelectChoice("", _("地区から決める"))] + [
        SelectChoice(name, name) for name in junior_high_names(db.session)
    ]
    form.kinds.choices = [SelectChoice(term.code, term.name) for term in options.kinds]
    agency_id = person.agency_id if person is not None else current_user.agency_id
    households = household_choices(db.session, agency_id)
    form.household_id.choices = [SelectChoice("", _("なし"))] + [SelectChoice(v, label) for v, label in households]
    if person is not None and request.method == "GET":
        form.fill(person)
    return form


def _save(form: PersonForm, person: Person) -> Person:
    values = form.to_values()
    centre = district_centroid(db.session, values["home_district"]) if values["home_district"] else None
    # only the district's centroid is stored: a coarse point, never the home
    values["home_point"] = f"SRID=4326;POINT({centre[1]:.6f} {centre[0]:.6f})" if centre else None
    if not values["home_junior_high_district"]:
        point = (centre[1], centre[0]) if centre else None
        values["home_junior_high_district"] = junior_high_of(db.session, values["home_district"], point)
    save_person(db.session, person, values, current_user)
    return person


@bp.route("/persons/new", methods=["GET", "POST"])
@require(can_match)
def person_new() -> Response | tuple[str, int]:
    """Intake: a new pseudonymous person record owned by the coordinator's agency."""
    if current_user.agency_id is None:
        flash(_("所属機関のない利用者は本人を登録できません。"), "error")
        return redirect(url_for("matching.home"))
    form = _person_form()
    if form.validate_on_submit():
        person = _save(form, Person(agency_id=current_user.agency_id))
        audit("person.create", person)
        db.session.commit()
        flash(_("%(name)s を登録しました。", name=person.code_name), "success")
        return redirect(url_for("matching.person_detail", person_id=person.id))
    html = render_template(
        "matching/person_form.html", form=form, person=None, agency_name=agency_name(db.session, current_user.agency_id)
    )
    return html, 400 if form.errors else 200


@bp.route("/persons/<int:person_id>")
@require(can_use_coordinator_area)
def person_detail(person_id: int) -> str:
    """A person's record: consent tier, matching fields, placements, and every change kept."""
    person = viewable_person(person_id)
    history = person_history(db.session, person.id)
    db.session.commit()
    return render_template(
        "matching/person.html",
        person=person,
        history=history,
        windows=format_windows(person.available or []).splitlines(),
        field_labels=field_labels(),
        agency_name=agency_name(db.session, person.agency_id),
        mobility_labels=MOBILITY,
        gender_labels=GENDER_COMFORT,
        status_labels=PLACEMENT_STATUS,
        constraint_labels=CONSTRAINT_LABELS,
        preference_lines=preference_lines,
    )


@bp.route("/persons/<int:person_id>/edit", methods=["GET", "POST"])
@require(can_use_coordinator_area)
def person_edit(person_id: int) -> Response | str | tuple[str, int]:
    """Edit the matching fields; each save that changes something adds a revision."""
    person = viewable_person(person_id, can_edit_person)
    form = _person_form(person)
    if form.validate_on_submit():
        _save(form, person)
        audit("person.update", person)
        db.session.commit()
        flash(_("保存しました。"), "success")
        return redirect(url_for("matching.person_detail", person_id=person.id))
    db.session.commit()  # the audited read
    html = render_template(
        "matching/person_form.html", form=form, person=person, agency_name=agency_name(db.session, person.agency_id)
    )
    return html, 400 if form.errors else 200
