"""位置未設定 (/admin/locations): published or imported entries whose place has no point yet, and the
location picker that gives them one. Until then they are in the lists but kept off every map."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response
from wtforms import FloatField
from wtforms.validators import InputRequired, NumberRange

from admin.blueprint import bp
from directory.models import EntryStatus, Location, Service, ServiceAtLocation
from tsunagu.db import db
from tsunagu.permissions import can_place_locations, require

GEOCODE_SOURCE = "manual"
"""Location.geocode_source of a pin placed by hand in the picker."""


class PinForm(FlaskForm):
    """The point of a location (WGS 84 degrees), as the location picker fills it in."""

    latitude = FloatField(
        _l("緯度"), validators=[InputRequired(_l("地図をクリックして位置を決めてください")), NumberRange(-90, 90)]
    )
    longitude = FloatField(
        _l("経度"), validators=[InputRequired(_l("地図をクリックして位置を決めてください")), NumberRange(-180, 180)]
    )


def unplaced_locations(session: Session) -> list[Location]:
    """Locations without a point used by a published or imported entry, oldest first (the 位置未設定 queue)."""
    services = (
        select(ServiceAtLocation.location_id)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .where(or_(Service.status == EntryStatus.PUBLISHED, Service.imported_at.is_not(None)))
    )
    return list(
        session.scalars(
            select(Location)
            .where(Location.point.is_(None), Location.id.in_(services))
            .order_by(Location.created_at, Location.id)
            .options(
                selectinload(Location.service_links).selectinload(ServiceAtLocation.service),
                selectinload(Location.organization),
            )
        )
    )


def place_location(location: Location, latitude: float, longitude: float) -> None:
    """Give a location its point (placed by hand); it appears on the maps from now on. Flushes nothing."""
    location.point = f"SRID=4326;POINT({longitude:.6f} {latitude:.6f})"
    location.geocode_source = GEOCODE_SOURCE


@bp.route("/locations")
@require(can_place_locations)
def unplaced() -> str:
    """The queue: each entry with its address and a link to place its pin."""
    return render_template("admin/locations.html", locations=unplaced_locations(db.session))


@bp.route("/locations/<int:location_id>", methods=["GET", "POST"])
@require(can_place_locations)
def place(location_id: int) -> Response | tuple[str, int]:
    """Place one location's pin with the location picker (click, then drag to adjust)."""
    location = db.get_or_404(Location, location_id)
    form = PinForm()
    if form.validate_on_submit():
        place_location(location, form.latitude.data, form.longitude.data)
        db.session.commit()
        flash(_("「%(name)s」の位置を設定しました。地図に表示されます。", name=_label(location)), "info")
        return redirect(url_for("admin.unplaced"))
    status = 400 if form.is_submitted() else 200
    html = render_template(
        "admin/locations_place.html", location=location, form=form, label=_label(location), centre=_centre(location)
    )
    return html, status


def _centre(location: Location) -> str:
    """Where the picker opens: the middle of the other pins of the same municipality (else of all pins)."""
    query = select(func.avg(func.ST_Y(Location.point)), func.avg(func.ST_X(Location.point))).where(
        Location.point.is_not(None)
    )
    lat, lon = None, None
    if location.municipality_code:
        lat, lon = db.session.execute(query.where(Location.municipality_code == location.municipality_code)).one()
    if lat is None:
        lat, lon = db.session.execute(query).one()
    return f"{lat:.5f},{lon:.5f}" if lat is not None else "35.68,139.77"


def _label(location: Location) -> str:
    names = [link.service.name for link in location.service_links]
    return "、".join(names) or location.name or _("名前のない場所")
