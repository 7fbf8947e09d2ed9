"""Public pages: the list of published services and a service's detail page."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_login import current_user

from directory import bp
from directory.queries import get_service, published_services
from directory.schedule_text import describe
from tsunagu.db import db
from tsunagu.permissions import can_view_service


@bp.app_template_filter("schedule_text")
def _schedule_text(schedule):  # type: ignore[no-untyped-def]
    return describe(schedule)


@bp.route("/")
def index() -> str:
    page = request.args.get("page", default=1, type=int) or 1
    result = published_services(db.session, page=max(page, 1), per_page=current_app.config["TSUNAGU_PAGE_SIZE"])
    return render_template("directory/index.html", result=result)


@bp.route("/services/<int:service_id>")
def service_detail(service_id: int) -> str:
    service = get_service(db.session, service_id)
    if service is None or not can_view_service(current_user, service):
        abort(404)
    return render_template("directory/service.html", service=service)
