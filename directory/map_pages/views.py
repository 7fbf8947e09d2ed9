"""Map pages: /map (map, legend and the list), /map/coverage (見える化), and the map frame they embed.

The map itself is a small HTML document (/map/embed) shown in a frame on /map, /map/coverage and beside the
search results on /: its folium script is inline, so only that document carries a per-response CSP nonce,
and every other page keeps `script-src 'self'`. Filters are the search's own (SearchParams) in the URL.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from flask import Response, current_app, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from directory.blueprint import bp
from directory.catalog import labels as words
from directory.catalog.queries import search_form_options
from directory.map_pages import entries
from directory.map_pages.clusters import GRID_CACHE, grid_body
from directory.map_pages.coverage import coverage, coverage_kinds, map_areas
from directory.map_pages.entries import (
    MAP_CACHE,
    MapData,
    MapMatches,
    kind_styles,
    map_data,
    map_entries,
    map_inputs,
    read_map_rows,
    search_key,
    visibility_class,
)
from directory.public.views import list_inputs, search_form_context, shared_page
from directory.search.params import InvalidParameter, SearchParams, parse_search_params
from directory.search.query import search_services
from i18n.locales import html_lang
from i18n.setup import ui_locale
from maps import coverage as coverage_steps
from maps.assets import TILE_SOURCES, Assets, InvalidTiles, TileSource, tile_source
from maps.build import MapParts, build_map, marker_row
from maps.entries import KindStyle, MapLabels
from maps.geojson import feature_collection
from maps.grid import MAX_ZOOM, InvalidView, parse_view, parse_view_box
from maps.jsonscript import dumps, script_json
from tsunagu.catalog_cache import CatalogCache
from tsunagu.clock import today_in_japan
from tsunagu.replica import read_session
from tsunagu.spatial import BoundingBox
from tsunagu.web import problem

LIST_SIZE = 50
View = TypeVar("View")


def tiles() -> TileSource:
    """The configured tile source (TSUNAGU_TILES); a value that names none draws no tiles (`tsunagu check`
    reports it), so a typo never takes the maps down — markers and boundaries show on a plain background."""
    try:
        return tile_source(current_app.config.get("TSUNAGU_TILES"))
    except InvalidTiles as exc:
        current_app.logger.warning("%s; drawing maps without tiles", exc)
        return TILE_SOURCES["none"]


def assets() -> Assets:
    return Assets(url_for("static", filename=""))


@bp.app_context_processor
def _map_assets() -> dict[str, Any]:
    """`map_assets` for templates that show a map or a location picker (local files and the tile source)."""

    def map_assets() -> dict[str, Any]:
        source, local = tiles(), assets()
        return {
            "stylesheets": local.stylesheets,
            "leaflet": local.scripts[0],
            "picker": local.url("js/location-picker.js"),
            "tile_url": source.url,
            "tile_attribution": source.attribution,
            "tile_max_zoom": source.max_zoom,
        }

    return {"map_assets": map_assets}


def _params() -> tuple[SearchParams, str | None]:
    try:
        return parse_search_params(request.args, default_per_page=LIST_SIZE), None
    except InvalidParameter as exc:
        return SearchParams(per_page=LIST_SIZE), exc.message


def map_labels() -> MapLabels:
    """The map's words in the reader's language."""
    return MapLabels(
        next_date=_("次回: %(date)s", date="%(date)s"),
        details=_("詳しく見る"),
        approximate=_("おおよその場所です（個人宅のため、約300mの範囲で表示しています）"),
        open_today=_("今日開いています"),
        districts=_("地区の境界"),
        junior_highs=_("中学校区の境界"),
        coverage=_("中学校区ごとの居場所の数"),
        coverage_count=_("%(count)s 件 / 目標 %(target)s 件", count="%(count)s", target="%(target)s"),
        map_label=_("地域の活動の地図"),
        cluster=_("%(count)s 件（選ぶと拡大します）", count="%(count)s"),
        other=_("その他"),
        today_badge=_("今日"),
        zoom_in=_("拡大"),
        zoom_out=_("縮小"),
        layers=_("表示する内容（種類・境界）を選ぶ"),
    )


def _date_formatter(lang: str) -> Any:
    pattern = "MMMd日(E)" if lang == "ja" else "medium"
    return lambda day: format_date(day, pattern)


def coverage_target() -> int:
    return int(current_app.config.get("TSUNAGU_COVERAGE_TARGET") or coverage_steps.DEFAULT_TARGET)


@dataclass(frozen=True)
class EmbedMap:
    """A built map document's parts: the folium parts, their data already serialised, the counts, the legend
    (rendered into a document kept in `EMBEDS`)."""

    parts: MapParts
    data_json: str
    data: MapData
    kinds: list[KindStyle]


def _build_embed(
    params: SearchParams,
    lang: str,
    view_coverage: bool,
    compact: bool,
    public_only: bool,
    known: MapMatches | None = None,
) -> EmbedMap:
    session = read_session()
    detail_url = url_for("directory.service_detail", service_id=0)
    data = map_entries(
        session,
        params,
        today=today_in_japan(),
        format_date=_date_formatter(lang),
        detail_url=detail_url,
        public_only=public_only,
        limit=entries.MARKER_CAP,
        all_or_none=True,
        known=known,
    )
    kinds = kind_styles(session, lang)
    areas = map_areas(session)
    if view_coverage:
        areas, _table = coverage(session, params, areas, coverage_target())
    # more than the map can carry (a prefecture, the country): no markers; zoomed out it shows the database's
    # grid, zoomed in the entries of the view
    grid = None
    if data.truncated:
        query = search_key(params).to_query()
        grid = {
            "url": url_for("directory.map_grid", **query),
            "entriesUrl": url_for("directory.map_view_entries", **query),
            "maxZoom": MAX_ZOOM,
        }
    parts = build_map(
        data.entries,
        kinds,
        areas,
        tiles=tiles(),
        assets=assets(),
        labels=map_labels(),
        detail_url=detail_url,
        coverage_view=view_coverage,
        compact=compact,
        grid=grid,
        bounds=data.bounds,
    )
    return EmbedMap(parts, script_json(parts.data), data, kinds)


def map_geojson_body(params: SearchParams, locale: str, *, public_only: bool = True) -> str:
    """`/api/v1/map.geojson`'s body (a FeatureCollection, private homes jittered), serialised once per search,
    locale and catalog version: a repeat costs a look-up instead of 10 000 features and 4 MB of JSON."""
    today = today_in_japan()

    def build() -> str:
        session = read_session()
        data = map_entries(
            session,
            params,
            today=today,
            format_date=date.isoformat,
            detail_url=url_for("directory.service_detail", service_id=0, _external=True),
            public_only=public_only,
        )
        body = feature_collection(
            data.entries,
            kind_styles(session, locale),
            total=data.total,
            unplaced=data.unplaced,
            truncated=data.truncated,
        )
        return dumps(body)

    key = (
        "geojson",
        search_key(params),
        locale,
        str(get_locale()),
        visibility_class(public_only),
        today,
        request.host_url,
    )
    return MAP_CACHE.get_or_build(read_session(), key, build)


@bp.route("/map/grid.geojson")
def map_grid() -> Response:
    """The search's public entries counted per grid cell of a zoomed-out view (`zoom`, `bbox` =
    west,south,east,north): what the map shows of a prefecture or the country (maps.grid)."""
    found = _view_and_search(lambda: parse_view(request.args.get("zoom"), request.args.get("bbox")))
    if isinstance(found, Response):
        return found
    view, params = found
    return Response(grid_body(read_session(), params, view), mimetype="application/geo+json")


def _view_and_search(parse: Callable[[], View]) -> tuple[View, SearchParams] | Response:
    """The view `parse()` reads from the request and the search, or the 400 problem naming what is wrong."""
    try:
        return parse(), parse_search_params(request.args)
    except InvalidView as exc:
        return problem(
            400, _("地図の表示範囲を読み取れません（%(parameter)s）", parameter=exc.parameter), parameter=exc.parameter
        )
    except InvalidParameter as exc:
        return problem(400, exc.message, parameter=exc.name)


@bp.route("/map/view.json")
def map_view_entries() -> Response:
    """The search's public entries inside a zoomed-in view (`bbox` = west,south,east,north, snapped to
    0.01°), as map.js's rows with their kind's code: what a map whose search finds more than it carries shows
    past the grid's zooms. At most MARKER_CAP of them (`truncated` says so)."""
    found = _view_and_search(lambda: parse_view_box(request.args.get("bbox")))
    if isinstance(found, Response):
        return found
    (west, south, east, north), params = found
    box = BoundingBox(west, south, east, north)
    lang = html_lang(ui_locale())
    today = today_in_japan()

    def build() -> str:
        session = read_session()
        rows = read_map_rows(session, params, today=today, limit=entries.MARKER_CAP, box=box)
        data = map_data(rows, today=today, format_date=_date_formatter(lang), detail_url=lambda service_id: "")
        return dumps(
            {
                "rows": [marker_row(entry, entry.kind) for entry in data.entries],
                "total": data.total,
                "truncated": data.truncated,
            }
        )

    view = (west, south, east, north)
    key = ("view", search_key(params), view, str(get_locale()), lang, today, visibility_class(True))
    body = GRID_CACHE.get_or_build(read_session(), key, build)
    return Response(body, mimetype="application/json")


NONCE_SLOT = "\x00tsunagu-csp-nonce\x00"
"""Where a cached map document takes each response's CSP nonce: NUL is refused in every request
(tsunagu.web) and cannot be stored in PostgreSQL, so no entry's text can hold this."""
EMBEDS = CatalogCache(maxsize=128, ttl=600, shared="map-embeds")
"""Map documents (/map/embed) rendered with `NONCE_SLOT` in place of their nonce, per URL, language, day,
tiles and assets: kept in every worker's memory and in the shared cache, served again after a write when
their inputs read the same (directory.map_pages.entries.map_inputs)."""


def embed_document(params: SearchParams, error: str | None, *, view_coverage: bool, compact: bool) -> str:
    """The public map document of `params` with `NONCE_SLOT` for its nonce, through `EMBEDS`.

    The public map shows what the list beside it shows (the public search), to coordinators too: it is the
    same for everyone who asks the same URL in the same language and day, so one render serves them all."""
    lang = html_lang(ui_locale())
    read: list[MapMatches] = []

    def inputs() -> object:
        matches, versions = map_inputs(read_session(), params, limit=entries.MARKER_CAP)
        read.append(matches)
        return matches, versions

    def render() -> str:
        # built from the very pairs its inputs name (the search is run once, by `inputs`), when they were read
        built = _build_embed(params, lang, view_coverage, compact, True, known=read[-1] if read else None)
        return render_template(
            "maps/embed.html",
            parts=built.parts,
            # folium's script: every name and text in it went through JSON encoding (`<` → \u003c), and layer
            # names through html.escape (tests/e2e/test_map_safety.py stores a hostile name to prove it)
            script=Markup(built.parts.script),  # noqa: S704
            # the map's data: JSON with <, >, & and ' escaped (maps.jsonscript), so it cannot leave its <script>
            data_json=Markup(built.data_json),  # noqa: S704
            nonce=Markup(NONCE_SLOT),  # noqa: S704 — a constant, replaced per response
            data=built.data,
            kinds=built.kinds,
            view_coverage=view_coverage,
            compact=compact,
            steps=coverage_steps.STEPS,
            error=error,
            tiles=tiles(),
        )

    key = (
        request.full_path,
        str(get_locale()),
        lang,
        today_in_japan(),
        tiles(),
        url_for("static", filename=""),
        coverage_target(),
    )
    # a coverage map also shades every district by its count of entries: any write can change it, no inputs
    return EMBEDS.get_or_build(read_session(), key, render, inputs=None if view_coverage else inputs)


@bp.route("/map/embed")
def map_embed() -> Response:
    """The map document (framed by /map, /map/coverage and /): markers, clusters, layers, legend."""
    params, error = _params()
    view_coverage = request.args.get("view") == "coverage"
    compact = request.args.get("compact") == "1"
    if view_coverage and not params.kinds:
        params = params.with_changes(kinds=coverage_kinds(read_session()))
    source = tiles()
    nonce = secrets.token_urlsafe(16)
    html = embed_document(params, error, view_coverage=view_coverage, compact=compact).replace(NONCE_SLOT, nonce)
    response = Response(html, status=400 if error else 200, mimetype="text/html")
    images = " ".join(filter(None, ["'self' data: https:", source.origin]))
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; img-src {images}; style-src 'self'; script-src 'self' 'nonce-{nonce}'; "
        "frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.route("/map")
def map_page() -> tuple[str, int]:
    """The map with the search's filters, its legend, and the same results as a list (the map is never the
    only way to the information)."""
    params, error = _params()

    def build() -> str:
        result = search_services(read_session(), params, list_rows=True)
        next_dates = {hit.service.id: words.upcoming(hit.service) for hit in result.hits}
        return render_template(
            "maps/map.html",
            params=params,
            error=error,
            result=result,
            next_dates=next_dates,
            search_action=url_for("directory.map_page"),
            today_query={**params.with_changes(page=1).to_query(), "day": "today"},
            lang=html_lang(ui_locale()),
            **search_form_context(),
        )

    return shared_page(build, inputs=list_inputs(params)), 400 if error else 200


@bp.route("/map/coverage")
def map_coverage() -> tuple[str, int]:
    """見える化: 居場所 per 中学校区 against the target, as a shaded map and as a table."""
    params, error = _params()
    _areas, table = coverage(read_session(), params, map_areas(read_session()), coverage_target())
    context = search_form_context()
    counted = params.kinds or coverage_kinds(read_session())
    names = {term.code: term.label(html_lang(ui_locale())) for term in search_form_options(read_session()).kinds}
    html = render_template(
        "maps/coverage.html",
        params=params,
        error=error,
        table=table,
        counted_kinds=counted,
        counted_kind_names=[names.get(code, code) for code in counted],
        steps=coverage_steps.STEPS,
        default_target=coverage_target(),
        **context,
    )
    return html, 400 if error else 200
