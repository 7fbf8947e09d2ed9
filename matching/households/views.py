"""Household pages under /coordinator/households: the family's shared fields, its members with their consent,
matching for the family or one member, and proposals per member. Every read is audited as a person read is."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from directory.catalog.queries import filter_options
from directory.models import Service, Visibility
from directory.permissions import can_view_service
from directory.search.params import SearchParams
from directory.search.query import search_services
from matching.blueprint import bp
from matching.engine import ProfileError, parse_profile
from matching.households.forms import MEMBER_CONSENT, HouseholdForm, HouseholdProposeForm, MemberForm
from matching.households.queries import get_household, households_for_agency
from matching.households.services import propose_for_members, remove_member, save_household, save_member
from matching.models import Household, HouseholdMember, Person
from matching.permissions import can_edit_household, can_match_household
from matching.persons.views import audit
from matching.suggestions.outcome import current_model
from matching.suggestions.profiles import household_members, household_profile_json
from matching.suggestions.queries import broken_constraints, run_match
from matching.suggestions.reasons import CONSTRAINT_LABELS, PART_LABELS, excluded_lines, render_reason
from tsunagu.audit import record, request_ip_digest
from tsunagu.clock import today_in_japan
from tsunagu.db import db
from tsunagu.permissions import can_match, require


def _audit(action: str, household: Household, **detail: Any) -> None:
    record(
        db.session,
        actor_id=current_user.id,
        action=action,
        object_type="household",
        object_id=household.id,
        page=request.path,
        ip_digest=request_ip_digest(),
        detail=detail or None,
    )


def _household(household_id: int, check: Any = can_edit_household) -> Household:
    """The household, 404 when missing, 403 when the user may not; audits the read."""
    household = get_household(db.session, household_id)
    if household is None:
        abort(404)
    if not check(current_user, household):
        abort(403)
    _audit("household.read", household)
    for person in household.members:  # the page shows each member's case record: a read of that person
        audit("person.read", person, via="household", household_id=household.id)
    return household


def _household_form(household: Household | None = None) -> HouseholdForm:
    form = HouseholdForm()
    districts = filter_options(db.session).districts
    form.home_district.choices = [SelectChoice("", _("選んでください"))] + [SelectChoice(d, d) for d in districts]
    if household is not None and request.method == "GET":
        form.fill(household)
    return form


@bp.route("/households")
@require(can_match)
def households() -> str:
    """The households of the coordinator's agency."""
    rows = [h for h in households_for_agency(db.session, current_user.agency_id) if can_edit_household(current_user, h)]
    return render_template("matching/households/list.html", households=rows)


@bp.route("/households/new", methods=["GET", "POST"])
@require(can_match)
def household_new() -> Response | tuple[str, int]:
    """A new household owned by the coordinator's agency."""
    if current_user.agency_id is None:
        flash(_("所属機関のない利用者は世帯を登録できません。"), "error")
        return redirect(url_for("matching.households"))
    form = _household_form()
    if form.validate_on_submit():
        household = save_household(db.session, Household(agency_id=current_user.agency_id), form.to_values())
        _audit("household.create", household)
        db.session.commit()
        flash(_("%(code)s を登録しました。", code=household.code), "success")
        return redirect(url_for("matching.household_detail", household_id=household.id))
    return render_template("matching/households/form.html", form=form, household=None), 400 if form.errors else 200


@bp.route("/households/<int:household_id>")
@require(can_match)
def household_detail(household_id: int) -> str:
    """A household: what the family shares, its members with their consent, and their placements."""
    household = _household(household_id)
    db.session.commit()
    return render_template(
        "matching/households/detail.html", household=household, today=today_in_japan(), consent=MEMBER_CONSENT
    )


@bp.route("/households/<int:household_id>/edit", methods=["GET", "POST"])
@require(can_match)
def household_edit(household_id: int) -> Response | tuple[str, int]:
    """Edit what the household shares for matching."""
    household = _household(household_id)
    form = _household_form(household)
    if form.validate_on_submit():
        save_household(db.session, household, form.to_values())
        _audit("household.update", household)
        db.session.commit()
        flash(_("保存しました。"), "success")
        return redirect(url_for("matching.household_detail", household_id=household.id))
    db.session.commit()
    html = render_template("matching/households/form.html", form=form, household=household)
    return html, 400 if form.errors else 200


def _member(household: Household, member_id: int) -> HouseholdMember:
    member = next((m for m in household.light_members if m.id == member_id), None)
    if member is None:
        abort(404)
    return member


@bp.route("/households/<int:household_id>/members/new", methods=["GET", "POST"], defaults={"member_id": None})
@bp.route("/households/<int:household_id>/members/<int:member_id>/edit", methods=["GET", "POST"])
@require(can_match)
def household_member(household_id: int, member_id: int | None) -> Response | tuple[str, int]:
    """Add or edit a member without a case record (members with one join from their person record)."""
    household = _household(household_id)
    member = _member(household, member_id) if member_id is not None else HouseholdMember()
    form = MemberForm()
    today = today_in_japan()
    if request.method == "GET" and member_id is not None:
        form.fill(member, today)
    if form.validate_on_submit():
        member.household = household
        save_member(db.session, member, form.to_values(today))
        _audit("household.member", household, member_id=member.id)
        db.session.commit()
        flash(_("保存しました。"), "success")
        return redirect(url_for("matching.household_detail", household_id=household.id))
    db.session.commit()
    html = render_template("matching/households/member_form.html", form=form, household=household, member=member)
    return html, 400 if form.errors else 200


@bp.post("/households/<int:household_id>/members/<int:member_id>/delete")
@require(can_match)
def household_member_delete(household_id: int, member_id: int) -> Response:
    """Remove a member without a case record."""
    household = _household(household_id)
    if not FlaskForm().validate_on_submit():  # the CSRF token
        abort(400)
    remove_member(db.session, _member(household, member_id))
    _audit("household.member_removed", household, member_id=member_id)
    db.session.commit()
    flash(_("削除しました。"), "success")
    return redirect(url_for("matching.household_detail", household_id=household.id))


@bp.route("/households/<int:household_id>/match")
@require(can_match)
def household_match(household_id: int) -> Response | str:
    """Suggestions for the family or for one member: each entry fits every member who would attend."""
    household = _household(household_id, can_match_household)
    members = household_members(household)
    try:
        profile = parse_profile(household_profile_json(household, today_in_japan()))
        shown = (Visibility.PUBLIC, Visibility.COORDINATORS)
        result = run_match(db.session, profile, model=current_model(db.session), explain=True, visibilities=shown)
    except ProfileError as exc:
        db.session.commit()
        flash(_("マッチングに必要な情報が足りません（%(field)s）。", field=exc.field), "error")
        return redirect(url_for("matching.household_edit", household_id=household.id))
    _audit("household.match", household, suggestions=len(result.suggestions))
    db.session.commit()
    query = request.args.get("q", "").strip()[:100]
    return render_template(
        "matching/households/match.html",
        household=household,
        members=members,
        member_names=[_member_name(m) for m in members],
        member_keys=[_member_key(m) for m in members],
        unmatched=[m for m in household.light_members if m.consent_tier is None],
        propose_form=HouseholdProposeForm(),
        query=query,
        hits=search_services(db.session, SearchParams(q=query, per_page=10)).hits if query else [],
        result=result,
        render_reason=render_reason,
        excluded=excluded_lines(result),
        constraint_labels=CONSTRAINT_LABELS,
        part_labels=PART_LABELS,
    )


def _member_name(member: Person | HouseholdMember) -> str:
    return (member.code_name or "") if isinstance(member, Person) else member.label


def _member_key(member: Person | HouseholdMember) -> str:
    return f"person-{member.id}" if isinstance(member, Person) else f"member-{member.id}"


@bp.post("/households/<int:household_id>/propose")
@require(can_match)
def household_propose(household_id: int) -> Response:
    """提案: one placement per chosen member (placements are per member)."""
    household = _household(household_id, can_match_household)
    members = {_member_key(m): m for m in household_members(household)}
    form = HouseholdProposeForm()
    form.members.choices = [SelectChoice(key, _member_name(m)) for key, m in members.items()]
    if not form.validate_on_submit() or not form.service_id.data.isdigit():
        db.session.commit()
        if form.proposed_on.errors:
            flash(_("提案した日: %(error)s", error=form.proposed_on.errors[0]), "error")
        else:
            flash(_("参加する人を選んでください。"), "error")
        return redirect(url_for("matching.household_match", household_id=household.id))
    service = db.session.get(Service, int(form.service_id.data))
    if service is None or not can_view_service(current_user, service):
        abort(404)
    chosen = [members[key] for key in form.members.data]
    reason = (form.override_reason.data or "").strip()
    try:
        profile = parse_profile(household_profile_json(household, today_in_japan()))
        broken = broken_constraints(db.session, profile, service.id, today_in_japan()) if reason else ()
    except ProfileError:
        broken = ()
    try:
        placements = propose_for_members(
            db.session,
            household,
            service.id,
            current_user,
            persons=[m for m in chosen if isinstance(m, Person)],
            members=[m for m in chosen if isinstance(m, HouseholdMember)],
            score=None,
            proposed_on=form.proposed_on.data,
            override_reason=reason or None,
            broken=broken,
        )
    except ValueError:
        db.session.commit()
        flash(_("本人の記録がない世帯では、つなぎを記録できません。先に本人を登録してください。"), "error")
        return redirect(url_for("matching.household_match", household_id=household.id))
    _audit("household.propose", household, placement_ids=[p.id for p in placements], override=bool(reason))
    db.session.commit()
    flash(_("%(service)s を提案しました（状態: 提案中）。", service=service.name), "success")
    return redirect(url_for("matching.household_detail", household_id=household.id))
