"""Public pages: search with filters (the home page) and a service's detail page."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, abort, current_app, render_template, request
from flask import session as flask_session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, current_user

from directory.blueprint import bp
from directory.catalog import labels
from directory.catalog.queries import get_service, get_service_page, locator_map_data, search_form_options
from directory.catalog.schedule_words import describe
from directory.models import Service
from directory.permissions import can_view_service
from directory.search.params import WEEKDAYS, InvalidParameter, SearchParams, parse_search_params
from directory.search.query import find_page, relax, search_services
from i18n.content import ORIGINAL, ContentText, content_locale
from i18n.selection import ui_locale
from i18n.setup import entry_text
from maps.locator import locator_svg
from tsunagu.catalog_cache import CatalogCache, entry_versions
from tsunagu.clock import today_in_japan
from tsunagu.replica import read_session

COUNT_LIMIT = 1000
"""The search page counts a search without a circle up to this many matches, then says "1 000 件以上"."""
PAGES = CatalogCache(maxsize=1000, ttl=300, shared="pages")
"""Search and service pages rendered for anonymous visitors (5–45 kB each); see shared_page."""


@bp.app_template_filter("schedule_text")
def _schedule_text(schedule):  # type: ignore[no-untyped-def]
    return describe(schedule)


@bp.app_template_filter("list_text")
def _list_text(service: Service, field: str) -> ContentText:
    """`entry_text` for a result list, whose entries a Japanese reader gets without their translations
    loaded (see directory.catalog.queries.service_list_options): the original, without touching them."""
    if content_locale(ui_locale()) == ORIGINAL:
        return ContentText(getattr(service, field), ORIGINAL, ORIGINAL)
    return entry_text(service, field)


@bp.app_template_filter("cost_line")
def _cost_line(service):  # type: ignore[no-untyped-def]
    return labels.cost_line(service)


@bp.app_template_filter("cost_line_original")
def _cost_line_original(service):  # type: ignore[no-untyped-def]
    """The cost line in Japanese, to tell whether a group's own 参加費 note only repeats it."""
    with force_locale("ja"):
        return labels.cost_line(service)


def search_form_context() -> dict[str, object]:
    return {
        "options": search_form_options(read_session()),
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


def shared_page(
    build: Callable[[], str], *, entry: int | None = None, inputs: Callable[[], object] | None = None
) -> str:
    """The page `build()` renders; for anonymous visitors with nothing flashed, kept and reused.

    Such visitors all get the same page for the same URL and language, so it is rendered once per catalog
    version (the cache drops it on any catalog write) and day (pages show next dates); a signed-in user's page
    is rendered afresh (the menu, and a coordinator sees more). A page showing one entry only (`entry`, its
    service id) is kept per that entry's version instead: a write to another entry leaves it cached. A page
    listing entries passes its `inputs` (`list_inputs`): after a write it is served again, not rendered, when
    they read the same (tsunagu.catalog_cache: Revalidation).
    """
    if current_user.is_authenticated or "_flashes" in flask_session:
        return build()
    key = (request.full_path, ui_locale(), today_in_japan())
    return PAGES.get_or_build(read_session(), key, build, entry=entry, inputs=inputs)


def list_inputs(params: SearchParams, *, count_limit: int | None = None, suggest: bool = False) -> Callable[[], object]:
    """What a public page listing the search's results shows from the catalog, read without loading or
    rendering the entries: the page of ids (with distances) and the count the search finds, the suggestion
    when it finds nothing, the versions of the listed entries' pages (they move with all that is shown of an
    entry, and with the kinds and areas) and the search form's choices. Pass the same `count_limit` and
    `suggest` as the page's own `search_services`."""

    def read() -> object:
        session = read_session()
        found = find_page(session, params, count_limit=count_limit)
        relaxation = relax(session, params) if suggest and not found.total else None
        listed = entry_versions(session, [service_id for service_id, _distance in found.ids])
        return found, relaxation, listed, search_form_options(session)

    return read


@bp.route("/")
def index() -> tuple[str, int]:
    """Search: one box plus filters, all kept in the URL so a search can be bookmarked or shared."""
    per_page = current_app.config["TSUNAGU_PAGE_SIZE"]
    error = None
    try:
        params = parse_search_params(request.args, default_per_page=per_page)
    except InvalidParameter as exc:
        error, params = exc.message, SearchParams(per_page=per_page)

    def build() -> str:
        result = search_services(read_session(), params, suggest=True, count_limit=COUNT_LIMIT, list_rows=True)
        next_dates = {hit.service.id: labels.upcoming(hit.service) for hit in result.hits}
        return render_template(
            "directory/index.html",
            result=result,
            params=params,
            error=error,
            next_dates=next_dates,
            **search_form_context(),
        )

    return shared_page(build, inputs=list_inputs(params, count_limit=COUNT_LIMIT, suggest=True)), 400 if error else 200


@bp.route("/services/<int:service_id>")
def service_detail(service_id: int) -> str:
    def build() -> str:
        service = get_service_page(read_session(), service_id, content_locale(ui_locale()))
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

    return shared_page(build, entry=service_id)


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
    # a coordinators-only entry (a custom menu titled with a person's code name) is never kept by a shared cache
    public = can_view_service(AnonymousUserMixin(), service)
    response.headers["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


@bp.app_template_filter("language_name")
def _language_name(code: str) -> str:
    return labels.LANGUAGE.get(code, code)
