"""受け入れ候補 pages for coordinators (/coordinator/hosts…) and the host's own page (/contribute/placements).

Prospects are coordinators' working notes about businesses and neighbours: no page here is open to groups or
the public. A host (group account) sees its running placements through the briefs the coordinator wrote.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from directory.catalog.queries import filter_options
from directory.map_pages.views import assets, map_labels, tiles
from maps.build import build_map
from maps.entries import KindStyle
from matching.blueprint import bp, host_bp
from matching.casework.forms import MILESTONES
from matching.casework.queries import get_placement
from matching.hosts.forms import HOST_KINDS, PROSPECT_STATUS, BriefForm, ContactForm, ProspectForm
from matching.hosts.services import (
    ProspectFilters,
    add_contact,
    briefs_for,
    coordinator_choices,
    map_entries,
    milestone_checks,
    placements_at,
    prospect_kinds,
    prospect_point,
    save_brief,
    save_prospect,
    search_prospects,
    upcoming_follow_ups,
    users_by_id,
)
from matching.menus.services import list_menus
from matching.models import HostProspect, Placement
from matching.permissions import can_view_host_brief, can_view_person, can_write_host_brief
from matching.persons.forms import format_windows, parse_windows
from matching.persons.views import audit
from matching.suggestions.reasons import PLACEMENT_STATUS
from tsunagu.clock import today_in_japan
from tsunagu.db import db
from tsunagu.forms import choice_list
from tsunagu.models import User
from tsunagu.permissions import can_manage_prospects, can_use_host_view, require
from tsunagu.spatial import lon_lat

STATUS_COLOURS = {
    "candidate": "#5f6b76",
    "approaching": "#8a5a00",
    "willing": "#1d6b3a",
    "hosting": "#1f4e8c",
    "paused": "#7a3a26",
}


def _prospect(prospect_id: int) -> HostProspect:
    prospect = db.get_or_404(HostProspect, prospect_id)
    return prospect


def _filters() -> ProspectFilters:
    args = request.args
    return ProspectFilters(*(args.get(name, "").strip() for name in ("q", "status", "kind", "district", "day")))


def _form(prospect: HostProspect | None) -> ProspectForm:
    form = ProspectForm()
    form.district.choices = choice_list([(d, d) for d in filter_options(db.session).districts])
    form.coordinator_id.choices = choice_list(coordinator_choices(db.session))
    if prospect is not None and request.method == "GET":
        for name in ("name", "kind", "offer", "places", "conditions", "support_needed"):
            getattr(form, name).data = getattr(prospect, name)
        form.status.data = str(prospect.status)
        form.district.data = prospect.district or ""
        form.coordinator_id.data = str(prospect.coordinator_id or "")
        form.days.data = format_windows(prospect.days or [])
        point = lon_lat(prospect.point)
        form.latitude.data, form.longitude.data = (point[1], point[0]) if point else (None, None)
    return form


def _values(form: ProspectForm) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: (getattr(form, name).data or "").strip() or None
        for name in ("name", "kind", "offer", "conditions", "support_needed")
    }
    values.update(
        status=form.status.data,
        places=form.places.data,
        district=form.district.data or None,
        coordinator_id=int(form.coordinator_id.data) if form.coordinator_id.data else None,
        days=parse_windows(form.days.data or ""),
        point=prospect_point(form.latitude.data, form.longitude.data),
    )
    return values


def _edit_page(form: ProspectForm, prospect: HostProspect | None) -> tuple[str, int]:
    html = render_template("matching/hosts/form.html", form=form, prospect=prospect, host_kinds=HOST_KINDS)
    return html, 400 if form.errors else 200


@bp.route("/hosts")
@require(can_manage_prospects)
def prospect_list() -> str:
    """The register with the catalog's filters where they apply (words, 地区, weekday) plus status and kind."""
    return render_template("matching/hosts/list.html", **_listing())


def _listing() -> dict[str, Any]:
    """What the list and the map page share: the filters, their choices, and the matching prospects."""
    filters = _filters()
    return {
        "prospects": search_prospects(db.session, filters),
        "filters": filters,
        "districts": filter_options(db.session).districts,
        "kinds": prospect_kinds(db.session),
        "status_labels": PROSPECT_STATUS,
    }


@bp.route("/hosts/new", methods=["GET", "POST"])
@require(can_manage_prospects)
def prospect_new() -> BaseResponse | tuple[str, int]:
    """Add a prospect to the register (the coordinator in charge defaults to oneself)."""
    form = _form(None)
    if form.validate_on_submit():
        prospect = save_prospect(db.session, HostProspect(agency_id=_agency_id()), _values(form), current_user)
        db.session.commit()
        flash(_("受け入れ候補「%(name)s」を登録しました。", name=prospect.name), "success")
        return redirect(url_for("matching.prospect_detail", prospect_id=prospect.id))
    return _edit_page(form, None)


def _agency_id() -> int:
    if current_user.agency_id is None:
        abort(400)
    return int(current_user.agency_id)


@bp.route("/hosts/<int:prospect_id>")
@require(can_manage_prospects)
def prospect_detail(prospect_id: int) -> str:
    """A prospect: offer, conditions, contact history, its custom menus and the placements it hosts."""
    prospect = _prospect(prospect_id)
    placements, hidden = _placements_the_viewer_may_see(prospect)
    menus = [m for m in list_menus(db.session) if m.prospect_id == prospect.id]
    return render_template(
        "matching/hosts/detail.html",
        prospect=prospect,
        contact_form=ContactForm(formdata=None),
        placements=placements,
        hidden_placements=hidden,
        briefs=briefs_for(db.session, [p.id for p in placements]),
        checks={p.id: milestone_checks(p, today_in_japan()) for p in placements},
        milestones=MILESTONES,
        menus=menus,
        days=format_windows(prospect.days or []),
        status_labels=PROSPECT_STATUS,
        placement_status=PLACEMENT_STATUS,
        coordinator=db.session.get(User, prospect.coordinator_id) if prospect.coordinator_id else None,
    )


def _placements_the_viewer_may_see(prospect: HostProspect) -> tuple[list[Placement], int]:
    """The placements at the host whose person the viewer may see (each read audited), and how many others.

    A placement row carries the person's check-ins, the brief's contact and the arrangement: consent decides,
    as on the person's own page; the others are only counted.
    """
    placements = placements_at(db.session, prospect.organization_id, running_only=False)
    visible = [p for p in placements if can_view_person(current_user, p.person)]
    for placement in visible:
        audit("person.read", placement.person, via="host_page", placement_id=placement.id)
    if visible:
        db.session.commit()  # the audited reads
    return visible, len(placements) - len(visible)


@bp.route("/hosts/<int:prospect_id>/edit", methods=["GET", "POST"])
@require(can_manage_prospects)
def prospect_edit(prospect_id: int) -> BaseResponse | tuple[str, int]:
    """Edit a prospect; a status change lands in its contact history."""
    prospect = _prospect(prospect_id)
    form = _form(prospect)
    if form.validate_on_submit():
        save_prospect(db.session, prospect, _values(form), current_user)
        db.session.commit()
        flash(_("保存しました。"), "success")
        return redirect(url_for("matching.prospect_detail", prospect_id=prospect.id))
    return _edit_page(form, prospect)


@bp.post("/hosts/<int:prospect_id>/contacts")
@require(can_manage_prospects)
def prospect_contact(prospect_id: int) -> BaseResponse:
    """Add a dated contact note."""
    prospect = _prospect(prospect_id)
    form = ContactForm()
    if form.validate_on_submit():
        add_contact(db.session, prospect, form.note.data, current_user, on=form.on.data)
        db.session.commit()
        flash(_("やりとりを記録しました。"), "success")
    else:
        flash(_("やりとりの内容を書いてください。"), "error")
    return redirect(url_for("matching.prospect_detail", prospect_id=prospect.id) + "#contacts")


@bp.route("/hosts/map")
@require(can_manage_prospects)
def prospect_map() -> str:
    """The register on a map (same filters as the list), beside the list it summarises."""
    return render_template("matching/hosts/map.html", query=request.args.to_dict(), **_listing())


@bp.route("/hosts/map/embed")
@require(can_manage_prospects)
def prospect_map_embed() -> Response:
    """The folium map document of the prospects (maps.build), one layer per status; coordinators only."""
    prospects = search_prospects(db.session, _filters())
    entries = map_entries(prospects, lambda i: url_for("matching.prospect_detail", prospect_id=i))
    kinds = [
        KindStyle(str(code), str(label), STATUS_COLOURS[str(code)], str(label)[:1])
        for code, label in PROSPECT_STATUS.items()
    ]
    parts = build_map(
        entries,
        kinds,
        [],
        tiles=tiles(),
        assets=assets(),
        labels=map_labels(),
        detail_url=url_for("matching.prospect_detail", prospect_id=0),
    )
    nonce = secrets.token_urlsafe(16)
    html = render_template(
        "matching/hosts/embed.html",
        parts=parts,
        script=Markup(parts.script),  # noqa: S704
        nonce=nonce,
        tiles=tiles(),
        kinds=kinds,
        count=len(entries),
    )
    response = Response(html, mimetype="text/html")
    images = " ".join(filter(None, ["'self' data: https:", tiles().origin]))
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; img-src {images}; style-src 'self'; script-src 'self' 'nonce-{nonce}'; "
        "frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/placements/<int:placement_id>/brief", methods=["GET", "POST"])
@require(can_manage_prospects)
def placement_brief(placement_id: int) -> BaseResponse | tuple[str, int]:
    """What the host will see about a placement: nickname, days, agreed 配慮事項, the host's contact person."""
    placement = get_placement(db.session, placement_id)
    if placement is None:
        abort(404)
    if not can_write_host_brief(current_user, placement):
        abort(403)
    audit("person.read", placement.person, via="host_brief", placement_id=placement.id)
    db.session.commit()  # the audited read
    brief = briefs_for(db.session, [placement.id]).get(placement.id)
    form = BriefForm(obj=brief) if request.method == "GET" else BriefForm()
    if form.validate_on_submit():
        save_brief(db.session, placement, form.data, current_user)
        db.session.commit()
        flash(_("受け入れ先に見せる内容を保存しました。"), "success")
        return redirect(url_for("matching.placement_brief", placement_id=placement.id))
    html = render_template("matching/hosts/brief.html", form=form, placement=placement, brief=brief)
    return html, 400 if form.errors else 200


@host_bp.route("/contribute/placements")
@require(can_use_host_view)
def host_placements() -> str:
    """The host's page: its running placements as the coordinator briefed them, and upcoming check-ins.

    Only what the brief says is shown (never the code name or anything of the case record); a placement
    without a brief shows its activity and dates only.
    """
    placements = [
        p
        for p in placements_at(db.session, current_user.organization_id, running_only=True)
        if can_view_host_brief(current_user, p)
    ]
    coordinators = users_by_id(db.session, {p.coordinator_id for p in placements if p.coordinator_id})
    return render_template(
        "matching/hosts/host_placements.html",
        placements=placements,
        briefs=briefs_for(db.session, [p.id for p in placements]),
        follow_ups={p.id: upcoming_follow_ups(p) for p in placements},
        coordinators=coordinators,
        placement_status=PLACEMENT_STATUS,
    )
