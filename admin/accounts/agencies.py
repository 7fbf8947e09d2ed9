"""支援機関 (/admin/agencies): the agencies accounts and case records belong to, created and edited."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from admin.blueprint import bp
from admin.curation_log import log_decision
from admin.forms import AgencyForm
from tsunagu.db import db
from tsunagu.models import Agency, User
from tsunagu.permissions import can_manage_users, require

FIELDS = ("name", "kind", "municipality_code", "is_lead")


@bp.route("/agencies")
@require(can_manage_users)
def agencies() -> str:
    """Every agency with how many accounts (active ones) it has."""
    counts = dict(
        db.session.execute(
            select(User.agency_id, func.count(User.id)).where(User.active.is_(True)).group_by(User.agency_id)
        ).all()
    )
    rows = db.session.scalars(select(Agency).order_by(Agency.name)).all()
    return render_template("admin/agencies.html", agencies=rows, counts=counts)


@bp.route("/agencies/new", methods=["GET", "POST"])
@bp.route("/agencies/<int:agency_id>", methods=["GET", "POST"])
@require(can_manage_users)
def agency_edit(agency_id: int | None = None) -> str | Response | tuple[str, int]:
    """Create an agency or change one; the name is unique."""
    agency = db.session.get(Agency, agency_id) if agency_id is not None else Agency()
    if agency is None:
        abort(404)
    form = AgencyForm(obj=agency)
    if form.validate_on_submit():
        name = (form.name.data or "").strip()
        clash = db.session.scalar(select(Agency.id).where(Agency.name == name, Agency.id != (agency.id or 0)))
        if clash is not None:
            form.name.errors = [_("同じ名前の機関がすでにあります。")]
        else:
            before = {field: getattr(agency, field) for field in FIELDS}
            agency.name, agency.kind = name, (form.kind.data or "").strip() or "other"
            agency.municipality_code = form.municipality_code.data or None
            agency.is_lead = bool(form.is_lead.data)
            created = agency.id is None
            db.session.add(agency)
            db.session.flush()
            changes = {f: [before[f], getattr(agency, f)] for f in FIELDS if before[f] != getattr(agency, f)}
            if created or changes:
                log_decision("agency.create" if created else "agency.change", "agency", agency.id, changes=changes)
            db.session.commit()
            flash(_("機関「%(name)s」を保存しました。", name=agency.name), "info")
            return redirect(url_for("admin.agencies"))
    html = render_template("admin/agency_form.html", form=form, agency=agency if agency.id else None)
    return html, 400 if form.errors else 200
