"""The open read API: HSDS 3.1 shapes under /api/v1, CORS-enabled, problem JSON for every error."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from directory.api.listing import MINIMAL_LIMIT, NDJSON_PAGE, flat, list_options, minimal_item, ndjson
from directory.api.openapi import openapi_document
from directory.catalog.queries import get_service, get_services, public_filter, service_detail_options
from directory.formats.hsds import objects as hsds
from directory.map_pages.views import map_geojson_body
from directory.models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from directory.search.params import InvalidParameter, parse_int_param, parse_search_params
from directory.search.query import search_services
from i18n.content import content_locale
from i18n.selection import ui_locale
from tsunagu.catalog_cache import CatalogCache
from tsunagu.clock import today_in_japan
from tsunagu.replica import read_session
from tsunagu.web import csrf, problem

api = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(api)
HSDS_VERSION = "3.1"
SEARCHES = CatalogCache(maxsize=512, ttl=300, shared="api-searches")
"""Pages of /api/v1/services per catalog version, locale and search: the open API answers every caller
the same, and the catalog changes far less often than it is read."""
SERVICES = CatalogCache(maxsize=2000, ttl=300, shared="api-services")
"""HSDS service objects of /api/v1/services/<id>, per catalog version and locale."""


@api.after_request
def cors_headers(response: Response) -> Response:
    """The read API is open data: any origin may read it (no credentials)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    return response


@api.errorhandler(InvalidParameter)
def invalid_parameter(exc: InvalidParameter) -> Response:
    return problem(400, exc.message, invalid_params=[{"name": exc.name, "reason": exc.message}])


def _one(query: Any) -> Any:
    """The single row of `query`, or a 404 problem."""
    row = read_session().scalar(query)
    if row is None:
        abort(404)
    return row


def _locale() -> str:
    return content_locale(ui_locale())  # ja_x_easy too, which Babel's get_locale() reports as "ja"


def page(items: list[dict[str, Any]], total: int, number: int, size: int) -> dict[str, Any]:
    """The HSDS Page object."""
    pages = max(1, -(-total // size))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": size,
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not items,
        "contents": items,
    }


def _paging() -> tuple[int, int]:
    return (
        parse_int_param(request.args, "page", 1, 100_000) or 1,
        parse_int_param(request.args, "per_page", 1, 100) or 20,
    )


@api.get("/")
def root() -> Response:
    return jsonify(
        {
            "version": HSDS_VERSION,
            "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": request.url_root.rstrip("/") + "/api/v1/openapi.json",
            "name": "tsunagu",
        }
    )


@api.get("/services")
def services() -> Response:
    params = parse_search_params(request.args)
    options = list_options(request.args)
    locale = _locale()
    session = read_session()
    if options.minimal:
        every = dataclasses.replace(params, page=1, per_page=MINIMAL_LIMIT)
        found = search_services(session, every)
        items = [minimal_item(h.service.uuid, h.service.name, h.service.updated_at) for h in found.hits]
        if options.format == "ndjson":
            return ndjson(lambda number: items if number == 1 else [])
        return jsonify(page(items, found.total, 1, max(len(items), 1)))
    shape = flat if options.full is False else (lambda item: item)

    def service_page(number: int, size: int) -> tuple[list[dict[str, Any]], int]:
        result = search_services(session, dataclasses.replace(params, page=number, per_page=size), detail=True)
        return [shape(hsds.service(hit.service, locale)) for hit in result.hits], result.total

    if options.format == "ndjson":
        return ndjson(lambda number: service_page(number, NDJSON_PAGE)[0])

    def build() -> dict[str, Any]:
        items, total = service_page(params.page, params.per_page)
        return page(items, total, params.page, params.per_page)

    key = ("services", locale, params, options.full is False, today_in_japan())
    return jsonify(SEARCHES.get_or_build(session, key, build))


def _public_service(service_id: int) -> Service:
    service = get_service(read_session(), service_id)
    if service is None:
        abort(404)
    return service


@api.get("/services/<uuid>")
def service(uuid: str) -> Response:
    """One public service; kept per entry version (an approval of another entry leaves it cached)."""
    locale = _locale()
    service_id = _one(select(Service.id).where(Service.uuid == uuid, public_filter()))
    body = SERVICES.get_or_build(
        read_session(), (uuid, locale), lambda: hsds.service(_public_service(service_id), locale), entry=service_id
    )
    return jsonify(body)


def _public_organizations() -> Any:
    """Organisations with at least one public service (a group's other data stays private)."""
    return select(Organization).where(
        Organization.id.in_(select(Service.organization_id).where(public_filter())),
        Organization.do_not_list.is_(False),
    )


def _paged(query: Any, order: Any, serialize: Any) -> Response:
    """One HSDS Page of `query` (ordered by `order`), each row through `serialize`; `format=ndjson` gives all
    rows, one a line."""
    options = list_options(request.args)

    def rows(number: int, size: int) -> list[dict[str, Any]]:
        found = read_session().scalars(query.order_by(order).limit(size).offset((number - 1) * size))
        return [serialize(row) for row in found]

    if options.format == "ndjson":
        return ndjson(lambda number: rows(number, NDJSON_PAGE))
    number, size = _paging()
    total = read_session().scalar(select(func.count()).select_from(query.subquery())) or 0
    return jsonify(page(rows(number, size), total, number, size))


def _organization_services(org: Organization) -> list[dict[str, Any]]:
    ids = select(Service.id).where(Service.organization_id == org.id, public_filter()).order_by(Service.id)
    return [hsds.service(s, _locale()) for s in get_services(read_session(), list(read_session().scalars(ids)))]


@api.get("/organizations")
def organizations() -> Response:
    if list_options(request.args).full:
        return _paged(
            _public_organizations(),
            Organization.id,
            lambda org: hsds.organization(org) | {"services": _organization_services(org)},
        )
    return _paged(_public_organizations(), Organization.id, hsds.organization)


@api.get("/organizations/<uuid>")
def organization(uuid: str) -> Response:
    org = _one(_public_organizations().where(Organization.uuid == uuid))
    return jsonify(hsds.organization(org) | {"services": _organization_services(org)})


@api.get("/taxonomies")
def taxonomies() -> Response:
    number, size = _paging()
    rows = list(read_session().scalars(select(Taxonomy).order_by(Taxonomy.id)))
    items = [hsds.taxonomy(t) for t in rows[(number - 1) * size : number * size]]
    return jsonify(page(items, len(rows), number, size))


@api.get("/taxonomies/<uuid>")
def taxonomy(uuid: str) -> Response:
    row = _one(select(Taxonomy).where(Taxonomy.uuid == uuid))
    return jsonify(hsds.taxonomy(row))


def _terms_query() -> Any:
    query = select(TaxonomyTerm).options(selectinload(TaxonomyTerm.labels), selectinload(TaxonomyTerm.taxonomy))
    taxonomy_id = request.args.get("taxonomy_id")
    if taxonomy_id:
        query = query.where(TaxonomyTerm.taxonomy_id.in_(select(Taxonomy.id).where(Taxonomy.uuid == taxonomy_id)))
    return query.order_by(TaxonomyTerm.taxonomy_id, TaxonomyTerm.sort_order, TaxonomyTerm.id)


@api.get("/taxonomy_terms")
def taxonomy_terms() -> Response:
    number, size = _paging()
    rows = list(read_session().scalars(_terms_query()))
    items = [hsds.taxonomy_term(t, _locale()) for t in rows[(number - 1) * size : number * size]]
    return jsonify(page(items, len(rows), number, size))


@api.get("/taxonomy_terms/<uuid>")
def taxonomy_term(uuid: str) -> Response:
    row = _one(_terms_query().where(TaxonomyTerm.uuid == uuid))
    return jsonify(hsds.taxonomy_term(row, _locale()))


def _public_links() -> Any:
    return (
        select(ServiceAtLocation)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .where(public_filter())
        .options(selectinload(ServiceAtLocation.service).options(*service_detail_options()))
    )


@api.get("/service_at_locations")
def service_at_locations() -> Response:
    if list_options(request.args).full:
        return _paged(_public_links(), ServiceAtLocation.id, _full_link)
    return _paged(_public_links(), ServiceAtLocation.id, hsds.service_at_location)


def _full_link(link: ServiceAtLocation) -> dict[str, Any]:
    return hsds.service_at_location(link) | {"service": hsds.service(link.service, _locale())}


@api.get("/service_at_locations/<uuid>")
def service_at_location(uuid: str) -> Response:
    return jsonify(_full_link(_one(_public_links().where(ServiceAtLocation.uuid == uuid))))


@api.get("/map.geojson")
def map_geojson() -> Response:
    """The search's matches with a point as GeoJSON (same filters as /api/v1/services); private homes only as
    a jittered point flagged `approximate`, never their real position."""
    body = map_geojson_body(parse_search_params(request.args), _locale())
    return Response(body, mimetype="application/geo+json")


@api.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(request.url_root.rstrip("/") + "/api/v1"))
