"""Meeting pages under /coordinator/meetings (signed-in staff only): the list, a new or changed record, one
meeting, and its printable pack — each case shown only to those who may see it, every case read audited."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from matching.blueprint import bp
from matching.casework.services import CaseworkError
from matching.meetings.forms import ERRORS, MEETING_KINDS, MeetingForm
from matching.meetings.queries import get_meeting, list_meetings, pack_cases
from matching.meetings.services import MeetingInput, save_meeting
from matching.models import Meeting, MeetingKind, Person, PersonStatus
from matching.permissions import (
    can_create_meeting,
    can_edit_meeting,
    can_see_case_in_meeting,
    can_view_meeting,
    can_view_person,
)
from matching.persons.queries import persons_for_listing
from matching.persons.views import audit, audit_listing
from matching.reporting.cells import Cell, suppress
from matching.suggestions.reasons import PLACEMENT_STATUS
from tsunagu.audit import record
from tsunagu.clock import today_in_japan
from tsunagu.db import db
from tsunagu.models import Agency, Role, User
from tsunagu.permissions import can_use_coordinator_area, require


def _meeting(meeting_id: int) -> Meeting:
    meeting = get_meeting(db.session, meeting_id)
    if meeting is None:
        abort(404)
    if not can_view_meeting(current_user, meeting):
        abort(403)
    return meeting


def _form(meeting: Meeting | None = None) -> MeetingForm:
    form = MeetingForm(obj=None)
    staff = db.session.execute(
        select(User.id, User.display_name, Agency.name)
        .outerjoin(Agency, Agency.id == User.agency_id)
        .where(User.role.in_((Role.COORDINATOR, Role.AGENCY)))
        .order_by(Agency.name, User.display_name)
    ).all()
    form.members.choices = [SelectChoice(str(i), f"{name}（{agency or '—'}）") for i, name, agency in staff]
    agencies = db.session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
    form.agencies.choices = [SelectChoice(str(i), name) for i, name in agencies]
    persons = [
        p
        for p in persons_for_listing(db.session)
        if p.status != PersonStatus.ERASED and can_view_person(current_user, p)
    ]
    form.cases.choices = [SelectChoice(str(p.id), p.code_name or "—") for p in persons]
    audit_listing(persons)  # the case picker lists code names: a listing of person records
    if meeting is not None and not form.is_submitted():
        form.kind.data, form.held_on.data, form.title.data = meeting.kind.value, meeting.held_on, meeting.title
        form.members.data = [str(m.id) for m in meeting.members]
        form.agencies.data = [str(a.id) for a in meeting.agencies]
        form.cases.data = [str(p.id) for p in meeting.cases]
        form.decisions.data, form.next_review_on.data = meeting.decisions, meeting.next_review_on
    return form


def _input(form: MeetingForm) -> MeetingInput:
    return MeetingInput(
        kind=MeetingKind(form.kind.data),
        held_on=form.held_on.data,
        title=form.title.data,
        member_ids=[int(i) for i in form.members.data or []],
        agency_ids=[int(i) for i in form.agencies.data or []],
        person_ids=[int(i) for i in form.cases.data or []],
        decisions=form.decisions.data,
        next_review_on=form.next_review_on.data,
    )


def _edit(form: MeetingForm, meeting: Meeting | None) -> Response | tuple[str, int]:
    if form.validate_on_submit():
        try:
            saved = save_meeting(db.session, current_user, _input(form), meeting)
        except CaseworkError as exc:
            db.session.rollback()
            form.cases.errors = [str(ERRORS[exc.code])]
        else:
            for person in saved.cases:
                audit("person.meeting", person, meeting_id=saved.id)
            db.session.commit()
            flash(_("会議の記録を保存しました。"), "success")
            return redirect(url_for("matching.meeting_detail", meeting_id=saved.id))
    html = render_template("matching/meetings/form.html", form=form, meeting=meeting)
    return html, 400 if form.is_submitted() else 200


@bp.route("/meetings")
@require(can_use_coordinator_area)
def meetings() -> str:
    """The meetings the user may see, newest first."""
    rows = [m for m in list_meetings(db.session) if can_view_meeting(current_user, m)]
    return render_template("matching/meetings/list.html", meetings=rows, kinds=MEETING_KINDS)


@bp.route("/meetings/new", methods=["GET", "POST"])
@require(can_create_meeting)
def meeting_new() -> Response | tuple[str, int]:
    """Record a 支援会議 or 重層的支援会議."""
    return _edit(_form(), None)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@require(can_use_coordinator_area)
def meeting_edit(meeting_id: int) -> Response | tuple[str, int]:
    """Change a meeting record (decisions, next review, members…): the convening agency's coordinators."""
    meeting = _meeting(meeting_id)
    if not can_edit_meeting(current_user, meeting):
        abort(403)
    return _edit(_form(meeting), meeting)


def _visible_cases(reader: Any, meeting: Meeting) -> tuple[list[Person], int]:
    """The cases `reader` may see at this meeting (each read audited as the signed-in user's), and how many
    others were discussed (a count only)."""
    shown = [p for p in meeting.cases if can_see_case_in_meeting(reader, meeting, p)]
    for person in shown:
        audit("person.read", person, meeting_id=meeting.id)
    return shown, len(meeting.cases) - len(shown)


def _hidden_cell(hidden: int) -> Cell:
    """How many other cases were discussed, as a pack may tell it (a count of 1–2 leaves as "<3")."""
    return suppress(hidden, shared=True)


@bp.route("/meetings/<int:meeting_id>")
@require(can_use_coordinator_area)
def meeting_detail(meeting_id: int) -> str:
    """One meeting: date, kind, members, the cases the reader may see, decisions, next review."""
    meeting = _meeting(meeting_id)
    shown, hidden = _visible_cases(current_user, meeting)
    db.session.commit()
    return render_template(
        "matching/meetings/detail.html", meeting=meeting, cases=shown, hidden=_hidden_cell(hidden), kinds=MEETING_KINDS
    )


@bp.route("/meetings/<int:meeting_id>/pack")
@require(can_use_coordinator_area)
def meeting_pack(meeting_id: int) -> str:
    """The printable pack: each case with its status, next follow-ups and open unmet needs — only the cases the
    reader may see. The convening agency's coordinators print it for one member with ?for=<member id>."""
    meeting = _meeting(meeting_id)
    reader: Any = current_user
    if request.args.get("for"):
        member = next((m for m in meeting.members if str(m.id) == request.args["for"]), None)
        if member is None or not can_edit_meeting(current_user, meeting):
            abort(403)
        reader = member
    shown, hidden = _visible_cases(reader, meeting)
    record(
        db.session,
        actor_id=current_user.id,
        action="meeting.pack",
        object_type="meeting",
        object_id=meeting.id,
        page=request.path,
        detail={"for_user": reader.id, "person_ids": [p.id for p in shown]},
    )
    db.session.commit()
    return render_template(
        "matching/meetings/pack.html",
        meeting=meeting,
        reader=reader,
        cases=pack_cases(db.session, shown, today_in_japan()),
        hidden=_hidden_cell(hidden),
        kinds=MEETING_KINDS,
        status_labels=PLACEMENT_STATUS,
    )
