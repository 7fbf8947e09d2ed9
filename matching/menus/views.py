"""個別メニュー pages (/coordinator/menus…): create an arrangement with a host for one person, propose it,
open it to others through the review queue, and the engine's custom-menu suggestions for a person."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.catalog.queries import filter_options
from directory.contributions.fields import schedule_text_of
from matching.blueprint import bp
from matching.engine import ProfileError, parse_profile
from matching.hosts.services import prospect_choices
from matching.menus.forms import MenuForm, OpenForm
from matching.menus.services import (
    AlreadyOpen,
    create_menu,
    list_menus,
    menu_history,
    menu_placements,
    menu_suggestions,
    open_to_others,
    update_menu,
)
from matching.models import CustomMenu, HostProspect, Person
from matching.permissions import (
    can_edit_menu,
    can_edit_person,
    can_match_person,
    can_propose_placement,
    can_view_menu_person,
)
from matching.persons.forms import ProposeForm
from matching.persons.queries import persons_for_listing
from matching.persons.services import propose_placement
from matching.persons.views import audit, audit_listing, viewable_person
from matching.suggestions.profiles import person_profile_json
from matching.suggestions.queries import resolve_profile
from matching.suggestions.reasons import PART_LABELS, PLACEMENT_STATUS, render_reason
from tsunagu.clock import today_in_japan
from tsunagu.db import db
from tsunagu.forms import choice_list
from tsunagu.permissions import can_create_menu, can_manage_prospects, can_match, require

HISTORY_STEPS = {
    "create": _l("作成"),
    "update": _l("変更"),
    "open": _l("他の人にも開く（審査へ）"),
    "approved": _l("審査で承認（公開）"),
    "rejected": _l("審査で差し戻し"),
}


def _menu(menu_id: int, check: Any = None) -> CustomMenu:
    menu = db.get_or_404(CustomMenu, menu_id)
    if check is not None and not check(current_user, menu):
        abort(403)
    return menu


def _form(menu: CustomMenu | None) -> MenuForm:
    """The menu form; editing keeps the host and the person it was made for (those fields are dropped)."""
    form = MenuForm()
    form.kind.choices = choice_list([(t.code, t.name) for t in filter_options(db.session).kinds])
    if menu is not None:
        del form.prospect_id, form.person_id
        if request.method == "GET":
            _fill(form, menu)
        return form
    form.prospect_id.choices = choice_list(prospect_choices(db.session))
    persons = [p for p in persons_for_listing(db.session) if can_edit_person(current_user, p)]
    form.person_id.choices = choice_list([(p.id, p.code_name) for p in persons])
    if request.method == "GET":
        audit_listing(persons)
        form.prospect_id.data = request.args.get("prospect", "")
        form.person_id.data = request.args.get("person", "")
    return form


def _fill(form: MenuForm, menu: CustomMenu) -> None:
    service = menu.service
    form.name.data, form.description.data = service.name, service.description
    form.kind.data = next((t.code for t in service.terms if t.taxonomy.code == "kind"), "")
    form.schedule_text.data = schedule_text_of(service)
    form.place.data = service.at_locations[0].location.building if service.at_locations else ""
    form.accompaniment.data, form.host_agreements.data = menu.accompaniment, menu.host_agreements
    form.review_on.data = menu.review_on


def _person(form: MenuForm) -> Person | None:
    """The chosen person, only if the coordinator may edit their record (else the form is refused)."""
    if not form.person_id.data:
        return None
    person = db.session.get(Person, int(form.person_id.data))
    if person is None or not can_edit_person(current_user, person):
        abort(403)
    return person


@bp.route("/menus")
@require(can_manage_prospects)
def menu_list() -> str:
    """Every custom menu (the person it was made for shown only to those who may see that record)."""
    menus = list_menus(db.session)
    audit_listing([m.person for m in menus if m.person is not None and can_view_menu_person(current_user, m)])
    return render_template("matching/menus/list.html", menus=menus)


@bp.route("/menus/new", methods=["GET", "POST"])
@require(can_create_menu)
def menu_new() -> Response | tuple[str, int]:
    """Create a custom menu with a host from the register, for one person."""
    form = _form(None)
    if form.validate_on_submit():
        prospect = db.session.get(HostProspect, int(form.prospect_id.data))
        if prospect is None:
            abort(400)
        person = _person(form)
        menu = create_menu(db.session, prospect=prospect, person=person, values=form.data, actor=current_user)
        if person is not None:
            audit("person.custom_menu", person, menu_id=menu.id)
        db.session.commit()
        message = _("個別メニュー「%(name)s」を作りました（コーディネーターだけに表示）。", name=menu.service.name)
        flash(message, "success")
        return redirect(url_for("matching.menu_detail", menu_id=menu.id))
    return render_template("matching/menus/form.html", form=form, menu=None), 400 if form.errors else 200


@bp.route("/menus/<int:menu_id>")
@require(can_manage_prospects)
def menu_detail(menu_id: int) -> str:
    """A menu: what, where, when; for those who may see the person, the arrangement and its placements."""
    menu = _menu(menu_id)
    personal = can_view_menu_person(current_user, menu)
    placements = menu_placements(db.session, menu) if personal else []
    if personal and menu.person is not None:
        audit("person.read", menu.person, via="custom_menu")
        db.session.commit()
    return render_template(
        "matching/menus/detail.html",
        menu=menu,
        personal=personal,
        placements=placements,
        history=menu_history(db.session, menu),
        schedule=schedule_text_of(menu.service),
        propose_form=ProposeForm(formdata=None),
        placement_status=PLACEMENT_STATUS,
        history_steps=HISTORY_STEPS,
    )


@bp.route("/menus/<int:menu_id>/edit", methods=["GET", "POST"])
@require(can_create_menu)
def menu_edit(menu_id: int) -> Response | tuple[str, int]:
    """Change the menu (it stays coordinators-only)."""
    menu = _menu(menu_id, can_edit_menu)
    form = _form(menu)
    if form.validate_on_submit():
        update_menu(db.session, menu, form.data, current_user)
        db.session.commit()
        flash(_("保存しました。"), "success")
        return redirect(url_for("matching.menu_detail", menu_id=menu.id))
    return render_template("matching/menus/form.html", form=form, menu=menu), 400 if form.errors else 200


@bp.post("/menus/<int:menu_id>/propose")
@require(can_match)
def menu_propose(menu_id: int) -> Response:
    """提案: propose the menu to the person it was made for (a placement in status proposed)."""
    menu = _menu(menu_id)
    if menu.person is None or not ProposeForm().validate_on_submit():
        abort(400)
    person = viewable_person(menu.person.id, can_propose_placement)
    placement = propose_placement(db.session, person, menu.service_id, current_user, score=None, model_version=None)
    audit("person.propose", person, placement_id=placement.id)
    db.session.commit()
    flash(_("%(service)s を提案しました（状態: 提案中）。", service=menu.service.name), "success")
    return redirect(url_for("matching.menu_detail", menu_id=menu.id))


@bp.route("/menus/<int:menu_id>/open", methods=["GET", "POST"])
@require(can_create_menu)
def menu_open(menu_id: int) -> Response | tuple[str, int]:
    """他の人にも開く: with the host's agreement, send a public version of the menu to the review queue."""
    menu = _menu(menu_id, can_edit_menu)
    form = OpenForm()
    if request.method == "GET":
        form.name.data, form.description.data = menu.service.name, menu.service.description
        form.schedule_text.data = schedule_text_of(menu.service)
    if form.validate_on_submit():
        changes = {name: form[name].data for name in ("name", "description", "schedule_text", "how_to_join")}
        changes["private_home"] = bool(form.private_home.data)
        try:
            open_to_others(db.session, menu, changes, current_user)
        except AlreadyOpen:
            flash(_("このメニューはすでに審査中か公開中です。"), "error")
            return redirect(url_for("matching.menu_detail", menu_id=menu.id))
        db.session.commit()
        flash(_("公開の申請を審査に送りました。承認されると、誰でも見られる活動になります。"), "success")
        return redirect(url_for("matching.menu_detail", menu_id=menu.id))
    return render_template("matching/menus/open.html", form=form, menu=menu), 400 if form.errors else 200


@bp.route("/persons/<int:person_id>/menus")
@require(can_match)
def person_menus(person_id: int) -> Response | str:
    """Custom menus the engine suggests for a person (same hard constraints as the catalog)."""
    person = viewable_person(person_id, can_match_person)
    today = today_in_japan()
    try:
        profile = resolve_profile(db.session, parse_profile(person_profile_json(person, today)))
    except ProfileError as exc:
        db.session.commit()
        flash(_("マッチングに必要な情報が足りません（%(field)s）。", field=exc.field), "error")
        return redirect(url_for("matching.person_edit", person_id=person.id))
    result = menu_suggestions(db.session, profile, today)
    db.session.commit()
    return render_template(
        "matching/menus/suggestions.html",
        person=person,
        result=result,
        render_reason=render_reason,
        part_labels=PART_LABELS,
        propose_form=ProposeForm(formdata=None),
    )
