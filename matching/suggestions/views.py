"""Coordinator pages around the engine: suggestions for a person, proposing one, 繋ぐ先がない, volunteers."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from directory.catalog.queries import filter_options
from directory.models import Service, Visibility, Volunteer, VolunteerStatus
from directory.permissions import can_view_service
from directory.search.params import SearchParams
from directory.search.query import search_services
from matching.areas.queries import junior_high_names
from matching.blueprint import bp
from matching.engine import MatchResult, ProfileError, parse_profile
from matching.models import Person
from matching.permissions import can_match_person, can_propose_placement
from matching.persons.forms import ProposeForm, UnmetNeedForm
from matching.persons.services import propose_placement, record_unmet_need
from matching.persons.views import audit, viewable_person
from matching.suggestions.outcome import current_model
from matching.suggestions.profiles import anonymous_snapshot, person_profile_json, volunteer_profile_json
from matching.suggestions.queries import broken_constraints, run_match, volunteers_for_service
from matching.suggestions.reasons import CONSTRAINT_LABELS, PART_LABELS, excluded_lines, language_name, render_reason
from tsunagu.clock import today_in_japan
from tsunagu.db import db
from tsunagu.permissions import can_match, require


def _unmet_form() -> UnmetNeedForm:
    form = UnmetNeedForm()
    options = filter_options(db.session)
    form.district.choices = [SelectChoice("", _("指定なし"))] + [SelectChoice(d, d) for d in options.districts]
    form.junior_high_district.choices = [SelectChoice("", _("指定なし"))] + [
        SelectChoice(name, name) for name in junior_high_names(db.session)
    ]
    form.kinds.choices = [SelectChoice(term.code, term.name) for term in options.kinds]
    return form


def _person_match(person: Person) -> tuple[dict[str, object], MatchResult]:
    today = today_in_japan()
    profile_json = person_profile_json(person, today)
    model = current_model(db.session)
    # a coordinator also sees coordinators-only 個別メニュー among the suggestions
    shown = (Visibility.PUBLIC, Visibility.COORDINATORS)
    return profile_json, run_match(
        db.session, parse_profile(profile_json), today=today, model=model, explain=True, visibilities=shown
    )


def _result_context(result: MatchResult) -> dict[str, object]:
    return {
        "result": result,
        "render_reason": render_reason,
        "excluded": excluded_lines(result),
        "constraint_labels": CONSTRAINT_LABELS,
        "part_labels": PART_LABELS,
    }


@bp.route("/persons/<int:person_id>/match")
@require(can_match)
def person_match(person_id: int) -> Response | str:
    """Ranked, explained suggestions for a person, what was excluded, and the way to log 繋ぐ先がない."""
    person = viewable_person(person_id, can_match_person)
    try:
        profile_json, result = _person_match(person)
    except ProfileError as exc:
        db.session.commit()
        flash(_("マッチングに必要な情報が足りません（%(field)s）。", field=exc.field), "error")
        return redirect(url_for("matching.person_edit", person_id=person.id))
    audit("person.match", person, suggestions=len(result.suggestions))
    db.session.commit()
    form = _unmet_form()
    form.sought.data = "、".join([*person.interests, *([person.wants_to_try] if person.wants_to_try else [])])
    form.district.data = person.home_district or ""
    form.kinds.data = list(person.kinds or [])
    query = request.args.get("q", "").strip()[:100]
    hits = search_services(db.session, SearchParams(q=query, per_page=10)).hits if query else []
    return render_template(
        "matching/match.html",
        person=person,
        propose_form=ProposeForm(),
        unmet_form=form,
        query=query,
        hits=hits,
        languages=[language_name(code) for code in person.languages or []],
        **_result_context(result),
    )


@bp.post("/persons/<int:person_id>/propose")
@require(can_match)
def person_propose(person_id: int) -> Response:
    """提案: a suggestion becomes a placement in status proposed, with its first event row."""
    person = viewable_person(person_id, can_propose_placement)
    form = ProposeForm()
    valid = form.validate_on_submit()
    if form.proposed_on.errors:
        db.session.commit()  # the audited read
        flash(_("提案した日: %(error)s", error=form.proposed_on.errors[0]), "error")
        return redirect(url_for("matching.person_match", person_id=person.id))
    if not valid or not form.service_id.data.isdigit():
        abort(400)
    service = db.session.get(Service, int(form.service_id.data))
    if service is None or not can_view_service(current_user, service):
        abort(404)
    try:
        score = float(form.score.data) if form.score.data else None
    except ValueError:
        score = None
    reason = (form.override_reason.data or "").strip()
    try:
        broken = broken_constraints(
            db.session, parse_profile(person_profile_json(person, today_in_japan())), service.id, today_in_japan()
        )
    except ProfileError:
        broken = ()
    if broken and not reason:
        db.session.commit()  # the audited read
        flash(_("この活動は条件に合いません。提案するには理由を記録してください。"), "error")
        return redirect(url_for("matching.person_match", person_id=person.id))
    placement = propose_placement(
        db.session,
        person,
        service.id,
        current_user,
        score=score if not reason else None,
        model_version=form.model_version.data or None,
        override_reason=reason or None,
        broken=broken if reason else (),
        proposed_on=form.proposed_on.data,
    )
    audit("person.propose", person, placement_id=placement.id, override=bool(reason))
    db.session.commit()
    flash(_("%(service)s を提案しました（状態: 提案中）。", service=service.name), "success")
    return redirect(url_for("matching.person_detail", person_id=person.id))


@bp.post("/persons/<int:person_id>/unmet")
@require(can_match)
def person_unmet(person_id: int) -> Response:
    """どれも合わない / 該当なし: record an UnmetNeed with the constraints that failed (from a fresh run)."""
    person = viewable_person(person_id, can_match_person)
    form = _unmet_form()
    if not form.validate_on_submit():
        db.session.commit()
        flash(_("求めていたものを入力してください。"), "error")
        return redirect(url_for("matching.person_match", person_id=person.id))
    try:
        profile_json, result = _person_match(person)
        failed, snapshot = result.failed_constraints, anonymous_snapshot(profile_json, person.home_district)
    except ProfileError:
        failed, snapshot = [], None
    record_unmet_need(
        db.session,
        actor=current_user,
        sought=form.sought.data,
        kinds=list(form.kinds.data or []),
        district=form.district.data or None,
        junior_high_district=form.junior_high_district.data or None,
        failed_constraints=failed,
        profile=snapshot,
        person=person,
        point=None,
    )
    audit("person.unmet_need", person)
    db.session.commit()
    flash(_("「繋ぐ先がない」として記録しました。社会資源の開発の材料になります。"), "success")
    return redirect(url_for("matching.person_detail", person_id=person.id))


@bp.route("/unmet/new", methods=["GET", "POST"])
@require(can_match)
def unmet_new() -> Response | str | tuple[str, int]:
    """繋ぐ先がない from the search page (its filters prefill the form) or from scratch."""
    form = _unmet_form()
    if request.method == "GET":
        form.sought.data = request.args.get("q", "")
        form.district.data = request.args.get("district", "")
        form.junior_high_district.data = request.args.get("junior_high_district", "")
        form.kinds.data = [k for k in request.args.getlist("kind") if k in {c.value for c in form.kinds.choices}]
        form.filters.data = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "unmet"])
    if form.validate_on_submit():
        filters = dict(parse_qsl(form.filters.data or ""))
        record_unmet_need(
            db.session,
            actor=current_user,
            sought=form.sought.data,
            kinds=list(form.kinds.data or []),
            district=form.district.data or None,
            junior_high_district=form.junior_high_district.data or None,
            failed_constraints=[],
            profile={"source": "search", "filters": filters} if filters else None,
        )
        db.session.commit()
        flash(_("「繋ぐ先がない」として記録しました。社会資源の開発の材料になります。"), "success")
        return redirect(url_for("matching.home"))
    return render_template("matching/unmet_form.html", form=form), 400 if form.errors else 200


@bp.route("/volunteers/<int:volunteer_id>/match")
@require(can_match)
def volunteer_match(volunteer_id: int) -> Response | str:
    """ボランティア募集 entries for a volunteer, by the same engine."""
    volunteer = db.get_or_404(Volunteer, volunteer_id)
    today = today_in_japan()
    try:
        profile = parse_profile(volunteer_profile_json(volunteer, today))
        result = run_match(db.session, profile, today=today, explain=True)
    except ProfileError as exc:
        flash(_("マッチングに必要な情報が足りません（%(field)s）。", field=exc.field), "error")
        return redirect(url_for("matching.home"))
    return render_template("matching/volunteer_match.html", volunteer=volunteer, **_result_context(result))


@bp.route("/services/<int:service_id>/volunteers")
@require(can_match)
def service_volunteers(service_id: int) -> str:
    """Active volunteers who can take part in one entry (every hard constraint checked per volunteer)."""
    service = db.session.get(Service, service_id)
    if service is None or not can_view_service(current_user, service):
        abort(404)
    today = today_in_japan()
    ranked = volunteers_for_service(db.session, service.id, today, status=VolunteerStatus.ACTIVE)
    return render_template(
        "matching/service_volunteers.html", service=service, ranked=ranked, render_reason=render_reason
    )
