"""Public pages: search with filters (the home page) and a service's detail page."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from directory import bp, labels
from directory.queries import filter_options, get_service, locator_map_data
from directory.schedule_text import describe
from directory.search import search_services
from directory.search_params import WEEKDAYS, InvalidParameter, SearchParams, parse_search_params
from maps.locator import locator_svg
from tsunagu.permissions import can_view_service
from tsunagu.replica import read_session


@bp.app_template_filter("schedule_text")
def _schedule_text(schedule):  # type: ignore[no-untyped-def]
    return describe(schedule)


@bp.app_template_filter("cost_line")
def _cost_line(service):  # type: ignore[no-untyped-def]
    return labels.cost_line(service)


@bp.app_template_filter("cost_line_original")
def _cost_line_original(service):  # type: ignore[no-untyped-def]
    """The cost line in Japanese, to tell whether a group's own 参加費 note only repeats it."""
    with force_locale("ja"):
        return labels.cost_line(service)


def _form_context() -> dict[str, object]:
    return {
        "options": filter_options(read_session()),
        "radii": labels.RADII_KM,
        "weekday_labels": labels.WEEKDAY_LABELS,
        "weekday_codes": WEEKDAYS,
        "times_of_day": labels.TIMES_OF_DAY,
        "languages": labels.LANGUAGE,
        "accessibility_labels": labels.ACCESSIBILITY,
        "threshold_labels": labels.THRESHOLD_SHORT,
        "space_labels": labels.SPACE_SHORT,
        "sort_labels": labels.SORT_LABELS,
    }


@bp.route("/")
def index() -> tuple[str, int]:
    """Search: one box plus filters, all kept in the URL so a search can be bookmarked or shared."""
    per_page = current_app.config["TSUNAGU_PAGE_SIZE"]
    error = None
    try:
        params = parse_search_params(request.args, default_per_page=per_page)
    except InvalidParameter as exc:
        error, params = exc.message, SearchParams(per_page=per_page)
    result = search_services(read_session(), params, suggest=True)
    next_dates = {hit.service.id: labels.upcoming(hit.service) for hit in result.hits}
    html = render_template(
        "directory/index.html", result=result, params=params, error=error, next_dates=next_dates, **_form_context()
    )
    return html, 400 if error else 200


@bp.route("/services/<int:service_id>")
def service_detail(service_id: int) -> str:
    service = get_service(read_session(), service_id)
    if service is None or not can_view_service(current_user, service):
        abort(404)
    return render_template(
        "directory/service.html",
        service=service,
        next_dates=labels.upcoming(service, 3),
        space_labels=labels.SPACE,
        threshold_labels=labels.THRESHOLD,
        step_labels=labels.STEP,
        accessibility_labels=labels.ACCESSIBILITY,
    )


@bp.route("/services/<int:service_id>/map.svg")
def service_map(service_id: int) -> Response:
    """The small locator map of a detail page (SVG: works offline and in print)."""
    service = get_service(read_session(), service_id)
    if service is None or not can_view_service(current_user, service) or not service.at_locations:
        abort(404)
    location = service.at_locations[0].location
    areas, place = locator_map_data(read_session(), location)
    svg = locator_svg(areas, place, title=_("%(name)s の場所", name=service.name))
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.app_template_filter("language_name")
def _language_name(code: str) -> str:
    return labels.LANGUAGE.get(code, code)
