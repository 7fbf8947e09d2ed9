"""Casework pages (/coordinator/…): a placement through 見学・体験・参加 to 定着 and closure, 今週のフォロー,
and a person's timeline. Consent, erasure and the agency view are in matching.consent.views.

Every page that shows a person is audited (matching.persons.views.audit); placement writes carry the version the
editor saw, and a placement changed meanwhile answers 409 with the current state instead of overwriting it.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from matching.blueprint import bp
from matching.casework.forms import (
    END_REASONS,
    ERRORS,
    FOLLOW_UP_OUTCOMES,
    MILESTONES,
    STAGE_LABELS,
    AdvanceForm,
    CheckInForm,
    EndForm,
    FollowUpForm,
    HandledForm,
    HostNotesForm,
    NoteForm,
)
from matching.casework.queries import (
    author_names,
    follow_ups_this_week,
    get_follow_up,
    get_placement,
    person_timeline,
    planned_this_week,
)
from matching.casework.services import (
    NEXT_STATUSES,
    CaseworkError,
    StaleEdit,
    add_case_note,
    add_check_in,
    advance_placement,
    end_placement,
    follow_up_open,
    handle_concern,
    plan_step,
    record_follow_up,
    save_host_notes,
)
from matching.models import EndReason, FollowUpOutcome, Placement, PlacementStatus
from matching.permissions import (
    can_add_case_note,
    can_edit_placement,
    can_record_follow_up,
    can_view_person,
    can_view_timeline,
)
from matching.persons.views import audit, audit_listing, viewable_person
from matching.suggestions.reasons import PLACEMENT_STATUS
from tsunagu.clock import today_in_japan
from tsunagu.db import db
from tsunagu.models import Role
from tsunagu.permissions import can_use_coordinator_area, can_use_follow_up_list, require

LABELS = {
    "follow_up_open": follow_up_open,
    "status_labels": PLACEMENT_STATUS,
    "end_reasons": END_REASONS,
    "outcomes": FOLLOW_UP_OUTCOMES,
    "milestones": MILESTONES,
    "stage_labels": STAGE_LABELS,
}


def _today() -> Any:
    return today_in_japan()


def _placement(placement_id: int, check: Any = can_view_person) -> Placement:
    """The placement, 404 when missing, 403 unless `check` allows; audits the read of its person."""
    placement = get_placement(db.session, placement_id)
    if placement is None:
        abort(404)
    allowed = check(current_user, placement.person if check is can_view_person else placement)
    if not allowed:
        abort(403)
    audit("person.read", placement.person, placement_id=placement.id)
    return placement


def _page(placement: Placement, status: int = 200, **forms: Any) -> tuple[str, int]:
    version = placement.version_id
    advance = forms.get("advance") or AdvanceForm(formdata=None, version=version, prefix="advance")
    advance.to.choices = [SelectChoice(s.value, STAGE_LABELS[s]) for s in NEXT_STATUSES[placement.status]]
    html = render_template(
        "matching/casework/placement.html",
        placement=placement,
        person=placement.person,
        advance_form=advance,
        end_form=forms.get("end") or EndForm(formdata=None, version=version, prefix="end"),
        notes_form=forms.get("notes")
        or HostNotesForm(
            formdata=None, version=version, host_support_notes=placement.host_support_notes, prefix="notes"
        ),
        check_in_form=forms.get("check_in") or CheckInForm(formdata=None, prefix="check_in"),
        follow_up_form=FollowUpForm(formdata=None),
        today=_today(),
        **LABELS,
    )
    return html, status


def _write(placement: Placement, form: Any, name: str, action: Any, done: str) -> Response | tuple[str, int]:
    """Run one placement write from a posted form: re-render with errors (400), or the current state (409).

    The version is compared first: a form made for an older state (whose choices may no longer exist) is stale.
    """
    if "version" in form and form.version.data != placement.version_id:
        return _stale(placement)
    if not form.validate_on_submit():
        db.session.commit()  # the audited read
        return _page(placement, 400, **{name: form})
    try:
        action()
        audit("person.placement", placement.person, placement_id=placement.id, change=name)
        db.session.commit()
    except (StaleEdit, StaleDataError):
        db.session.rollback()
        return _stale(_placement(placement.id))
    except CaseworkError as exc:
        db.session.rollback()
        fresh = _placement(placement.id)
        db.session.commit()
        flash(str(ERRORS[exc.code]), "error")
        return _page(fresh, 400, **{name: form})
    flash(done, "success")
    return redirect(url_for("matching.placement_detail", placement_id=placement.id))


def _stale(placement: Placement) -> tuple[str, int]:
    """409 with the placement as it is now, and what happened."""
    db.session.commit()  # the audited read
    flash(str(ERRORS["stale"]), "error")
    return _page(placement, 409)


@bp.route("/placements/<int:placement_id>")
@require(can_use_coordinator_area)
def placement_detail(placement_id: int) -> tuple[str, int]:
    """One placement: its dated steps, follow-ups, host-side notes and check-ins, and the next step to record."""
    placement = _placement(placement_id)
    db.session.commit()
    return _page(placement)


@bp.post("/placements/<int:placement_id>/advance")
@require(can_use_coordinator_area)
def placement_advance(placement_id: int) -> Response | tuple[str, int]:
    """見学・体験・参加開始 as a dated event (starting schedules the 1w/1m/3m/6m follow-ups)."""
    placement = _placement(placement_id, can_edit_placement)
    form = AdvanceForm(prefix="advance")
    form.to.choices = [SelectChoice(s.value, STAGE_LABELS[s]) for s in NEXT_STATUSES[placement.status]]
    return _write(
        placement,
        form,
        "advance",
        lambda: _advance_or_plan(placement, form),
        _("予定を登録しました。") if form.planned.data else _("記録しました。"),
    )


def _advance_or_plan(placement: Placement, form: AdvanceForm) -> Any:
    if form.planned.data:
        if form.on.data is None:
            raise CaseworkError("past_plan")
        return plan_step(
            db.session, placement, PlacementStatus(form.to.data), form.on.data, expected_version=form.version.data
        )
    return advance_placement(
        db.session,
        placement,
        PlacementStatus(form.to.data),
        current_user,
        expected_version=form.version.data,
        on=form.on.data,
        note=form.note.data,
        accompanied=form.accompanied.data,
    )


@bp.post("/placements/<int:placement_id>/end")
@require(can_use_coordinator_area)
def placement_end(placement_id: int) -> Response | tuple[str, int]:
    """終了 with a reason."""
    placement = _placement(placement_id, can_edit_placement)
    form = EndForm(prefix="end")
    return _write(
        placement,
        form,
        "end",
        lambda: end_placement(
            db.session,
            placement,
            EndReason(form.reason.data),
            current_user,
            expected_version=form.version.data,
            on=form.on.data,
            note=form.note.data,
            still_going=form.still_going.data,
        ),
        _("終了として記録しました。"),
    )


@bp.post("/placements/<int:placement_id>/host-notes")
@require(can_use_coordinator_area)
def placement_host_notes(placement_id: int) -> Response | tuple[str, int]:
    """受け入れ先の支援: what the host needs and the adjustments agreed."""
    placement = _placement(placement_id, can_edit_placement)
    form = HostNotesForm(prefix="notes")
    return _write(
        placement,
        form,
        "notes",
        lambda: save_host_notes(
            db.session,
            placement,
            form.host_support_notes.data or "",
            expected_version=form.version.data,
        ),
        _("受け入れ先の支援を保存しました。"),
    )


@bp.post("/placements/<int:placement_id>/check-ins")
@require(can_use_coordinator_area)
def placement_check_in(placement_id: int) -> Response | tuple[str, int]:
    """A dated check-in with the host."""
    placement = _placement(placement_id, can_edit_placement)
    form = CheckInForm(prefix="check_in")
    return _write(
        placement,
        form,
        "check_in",
        lambda: add_check_in(
            db.session,
            placement,
            current_user,
            how_it_goes=form.how_it_goes.data,
            worries=form.worries.data,
            adjustments=form.adjustments.data,
            host_contact_person=form.host_contact_person.data,
            on=form.on.data,
        ),
        _("受け入れ先との話を記録しました。"),
    )


@bp.route("/follow-ups")
@require(can_use_follow_up_list)
def follow_ups() -> str:
    """今週のフォロー: the signed-in coordinator's open follow-ups due this week, overdue first; one tap records."""
    today = _today()
    mine = None if current_user.role == Role.ADMIN else current_user.id
    rows = [
        f for f in follow_ups_this_week(db.session, today, mine) if can_view_person(current_user, f.placement.person)
    ]
    due = [f for f in rows if f.done_at is None]
    concerns = [f for f in rows if f.done_at is not None]
    planned = [p for p in planned_this_week(db.session, today, mine) if can_view_person(current_user, p.person)]
    audit_listing([f.placement.person for f in rows] + [p.person for p in planned])
    db.session.commit()
    return render_template(
        "matching/casework/follow_ups.html",
        due=due,
        concerns=concerns,
        planned=planned,
        today=today,
        form=FollowUpForm(formdata=None),
        handled_form=HandledForm(formdata=None),
        **LABELS,
    )


def _writable_follow_up(follow_up_id: int) -> Any:
    """The follow-up, or 404 when missing and 403 when the user may not record it."""
    follow_up = get_follow_up(db.session, follow_up_id)
    if follow_up is None:
        abort(404)
    if not can_record_follow_up(current_user, follow_up):
        abort(403)
    return follow_up


@bp.post("/follow-ups/<int:follow_up_id>/handled")
@require(can_use_follow_up_list)
def follow_up_handled(follow_up_id: int) -> Response:
    """「気になることあり」 dealt with: it leaves 今週のフォロー and what was done goes on the timeline."""
    follow_up = _writable_follow_up(follow_up_id)
    form = HandledForm()
    if not form.validate_on_submit():
        flash(str(ERRORS["reason_required"]), "error")
        return redirect(url_for("matching.follow_ups"))
    try:
        handle_concern(db.session, follow_up, current_user, form.note.data)
        audit("person.follow_up", follow_up.placement.person, placement_id=follow_up.placement_id, handled=True)
        db.session.commit()
        flash(_("対応済みにしました。"), "success")
    except CaseworkError as exc:
        db.session.rollback()
        flash(str(ERRORS[exc.code]), "error")
    return redirect(url_for("matching.follow_ups"))


@bp.post("/follow-ups/<int:follow_up_id>")
@require(can_use_follow_up_list)
def follow_up_record(follow_up_id: int) -> Response:
    """Record a follow-up's outcome (the button pressed) and go back to where the tap came from."""
    follow_up = _writable_follow_up(follow_up_id)
    form = FollowUpForm()
    if not form.validate_on_submit() or form.outcome.data not in {o.value for o in FollowUpOutcome}:
        abort(400)
    try:
        record_follow_up(db.session, follow_up, FollowUpOutcome(form.outcome.data), current_user, note=form.note.data)
        audit(
            "person.follow_up",
            follow_up.placement.person,
            placement_id=follow_up.placement_id,
            milestone=str(follow_up.milestone),
        )
        db.session.commit()
        flash(_("%(milestone)sのフォローを記録しました。", milestone=MILESTONES[follow_up.milestone]), "success")
    except CaseworkError as exc:
        db.session.rollback()
        flash(str(ERRORS[exc.code]), "error")
    if form.next.data == "placement":
        return redirect(url_for("matching.placement_detail", placement_id=follow_up.placement_id))
    return redirect(url_for("matching.follow_ups"))


@bp.route("/persons/<int:person_id>/timeline")
@require(can_use_coordinator_area)
def person_timeline_page(person_id: int) -> tuple[str, int]:
    """A person's timeline: placements, follow-ups, host check-ins, consent changes and record edits."""
    person = viewable_person(person_id, can_view_timeline)
    return _timeline(person, NoteForm(formdata=None))


def _timeline(person: Any, form: NoteForm, status: int = 200) -> tuple[str, int]:
    entries = person_timeline(db.session, person)
    db.session.commit()  # the audited read
    html = render_template(
        "matching/casework/timeline.html",
        person=person,
        entries=entries,
        note_form=form,
        authors=author_names(db.session, entries),
        **LABELS,
    )
    return html, status


@bp.post("/persons/<int:person_id>/notes")
@require(can_use_coordinator_area)
def person_note(person_id: int) -> Response | tuple[str, int]:
    """ケース記録: a dated note by anyone the consent lets see the case (coordinator, member, listed agency)."""
    person = viewable_person(person_id, can_add_case_note)
    form = NoteForm()
    if not form.validate_on_submit():
        return _timeline(person, form, 400)
    add_case_note(db.session, person.id, current_user, form.body.data)
    audit("person.note", person)
    db.session.commit()
    flash(_("記録しました。"), "success")
    return redirect(url_for("matching.person_timeline_page", person_id=person.id))
