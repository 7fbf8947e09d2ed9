"""Reads of the catalog for public pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from geoalchemy2.shape import to_shape
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from directory.models import (
    AddressVisibility,
    Area,
    AreaKind,
    EntryStatus,
    HsdsStatus,
    Location,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    Visibility,
)
from i18n.content import ORIGINAL, content_locale
from i18n.selection import ui_locale
from maps.locator import AreaShape, Place
from maps.privacy import AREA_RADIUS_M, jitter_point
from tsunagu.catalog_cache import CatalogCache, shared_version
from tsunagu.db import utcnow
from tsunagu.spatial import lon_lat

HIDE_UNVERIFIED_AFTER = timedelta(days=548)
"""18 months without a confirmation (最終確認) hide an entry from the public until someone re-verifies it;
coordinators still see it. Entries never verified count from when they were added."""


def freshness_cutoff() -> datetime:
    """Entries last confirmed before this moment are hidden from the public."""
    return utcnow() - HIDE_UNVERIFIED_AFTER


def public_filter() -> ColumnElement[bool]:
    """The WHERE clause of "what the public may see": published, public, listed, running, not stale."""
    return (
        (Service.status == EntryStatus.PUBLISHED)
        & (Service.visibility == Visibility.PUBLIC)
        & Service.do_not_list.is_(False)
        & (Service.hsds_status != HsdsStatus.DEFUNCT)
        & (func.coalesce(Service.verified_at, Service.created_at) >= freshness_cutoff())
    )


@dataclass(frozen=True)
class Page:
    """One page of results with the total count."""

    items: list[Service]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def published_services(session: Session, *, page: int = 1, per_page: int = 50) -> Page:
    """Public services ordered by name (kana where known), one page, with what the list shows preloaded."""
    total = session.scalar(select(func.count()).select_from(Service).where(public_filter())) or 0
    rows = session.scalars(
        select(Service)
        .where(public_filter())
        .order_by(func.coalesce(Service.name_kana, Service.name), Service.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .options(
            selectinload(Service.terms),
            selectinload(Service.schedules),
            selectinload(Service.costs),
            selectinload(Service.organization),
            selectinload(Service.at_locations).selectinload(ServiceAtLocation.location),
        )
    ).all()
    return Page(list(rows), total, page, per_page)


def service_detail_options() -> list[Any]:
    """Loader options for everything a detail page or an HSDS service object shows (no lazy loads)."""
    return [*service_page_options(None), selectinload(Service.eligibilities)]


def service_page_options(locale: str | None) -> list[Any]:
    """Loader options for the public detail page (templates/directory/service.html) in content locale `locale`
    (None: any): without the eligibility rows the page never reads, and for a Japanese reader without the
    translations and the term labels, which `entry_text` and `TaxonomyTerm.label` do not touch then."""
    # many-to-one parts ride along in the SELECT of their parent (joinedload): one statement fewer each
    location = selectinload(Service.at_locations).joinedload(ServiceAtLocation.location)
    terms = selectinload(Service.terms)
    options = [
        terms.joinedload(TaxonomyTerm.taxonomy),
        selectinload(Service.schedules),
        selectinload(Service.costs),
        selectinload(Service.languages),
        joinedload(Service.organization),
        location.selectinload(Location.accessibility),
        location.joinedload(Location.organization),
    ]
    if locale != ORIGINAL:
        options += [terms.selectinload(TaxonomyTerm.labels), selectinload(Service.translations)]
    return options


def service_list_options(locale: str = ORIGINAL) -> list[Any]:
    """Loader options for a result list: what a list item shows, nothing more (search p95 depends on it).

    `locale` is the reader's content locale: a Japanese reader's list needs neither the entries'
    translations nor the kinds' labels (templates read them through the `list_text` filter and
    `TaxonomyTerm.label`, which do not touch them for Japanese).
    """
    # many-to-one parts ride along in the same SELECT (joinedload); collections need one query each
    terms = selectinload(Service.terms)
    options = [
        terms.joinedload(TaxonomyTerm.taxonomy),
        selectinload(Service.schedules),
        selectinload(Service.costs),
        joinedload(Service.organization),
        selectinload(Service.at_locations).joinedload(ServiceAtLocation.location),
    ]
    if locale != ORIGINAL:
        options += [selectinload(Service.translations), terms.selectinload(TaxonomyTerm.labels)]
    return options


def get_service(session: Session, service_id: int) -> Service | None:
    """One service with everything its detail page shows (the caller checks can_view_service)."""
    return session.scalar(select(Service).where(Service.id == service_id).options(*service_detail_options()))


def get_service_page(session: Session, service_id: int, locale: str) -> Service | None:
    """One service with what its public detail page shows to a reader of content locale `locale`, nothing
    more: no eligibility rows (the page shows the text), and for a Japanese reader neither the translations
    nor the kinds' labels (see service_page_options). A cold entry page is served in fewer statements."""
    options = service_page_options(locale)
    return session.scalar(select(Service).where(Service.id == service_id).options(*options))


def get_services(session: Session, service_ids: list[int], *, detail: bool = True) -> list[Service]:
    """Several services loaded for a detail view (or, with detail=False, a list), in the given order."""
    if not service_ids:
        return []
    options = service_detail_options() if detail else service_list_options(content_locale(ui_locale()))
    rows = {s.id: s for s in session.scalars(select(Service).where(Service.id.in_(service_ids)).options(*options))}
    return [rows[i] for i in service_ids if i in rows]


@dataclass(frozen=True)
class FilterOptions:
    """What the search form offers: kinds and tags (taxonomy), areas, languages."""

    kinds: list[TaxonomyTerm]
    tags: list[TaxonomyTerm]
    districts: list[str]
    junior_high_districts: list[str]


def filter_options(session: Session) -> FilterOptions:
    """Choices for the search form, from the taxonomy and the town's areas."""
    terms = session.scalars(
        select(TaxonomyTerm)
        .join(TaxonomyTerm.taxonomy)
        .options(selectinload(TaxonomyTerm.labels), selectinload(TaxonomyTerm.taxonomy))
        .order_by(TaxonomyTerm.sort_order, TaxonomyTerm.id)
    ).all()
    areas = session.execute(select(Area.kind, Area.name).order_by(Area.kind, Area.code, Area.name)).all()
    return FilterOptions(
        kinds=[t for t in terms if t.taxonomy.code == "kind"],
        tags=[t for t in terms if t.taxonomy.code == "suitable_for"],
        districts=[name for kind, name in areas if kind == AreaKind.DISTRICT],
        junior_high_districts=[name for kind, name in areas if kind == AreaKind.JUNIOR_HIGH],
    )


@dataclass(frozen=True)
class TermChoice:
    """A taxonomy term as the search form offers it: plain data, safe to keep between requests."""

    code: str
    name: str
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, locale: str) -> str:
        """The label in `locale`, else the Japanese name (as TaxonomyTerm.label)."""
        return self.name if locale in ("ja", "") else self.labels.get(locale, self.name)


@dataclass(frozen=True)
class SearchFormOptions:
    """FilterOptions as plain data, for the public search form."""

    kinds: list[TermChoice]
    tags: list[TermChoice]
    districts: list[str]
    junior_high_districts: list[str]


FORM_OPTIONS = CatalogCache(maxsize=4)


def search_form_options(session: Session) -> SearchFormOptions:
    """The search form's choices (every public search page shows them), built again only when the taxonomy or
    the areas may have changed (the shared version: approving an entry leaves them as they are)."""

    def build() -> SearchFormOptions:
        options = filter_options(session)

        def plain(terms: list[TaxonomyTerm]) -> list[TermChoice]:
            return [TermChoice(t.code, t.name, {label.locale: label.label for label in t.labels}) for t in terms]

        return SearchFormOptions(
            plain(options.kinds), plain(options.tags), options.districts, options.junior_high_districts
        )

    return FORM_OPTIONS.get_or_build(session, "search-form", build, version=shared_version(session))


def locator_map_data(session: Session, location: Location) -> tuple[list[AreaShape], Place | None]:
    """The 地区 boundaries of the location's town and the place to mark (private homes as an area)."""
    place = None
    exact = lon_lat(location.point)
    if exact is not None:
        if location.address_visibility == AddressVisibility.AREA:
            lat, lon = jitter_point(exact[1], exact[0], location.uuid)
            place = Place(lon=lon, lat=lat, radius_m=AREA_RADIUS_M)
        else:
            place = Place(lon=exact[0], lat=exact[1])
    areas: list[AreaShape] = []
    if location.municipality_code:
        rows = session.scalars(
            select(Area).where(
                Area.municipality_code == location.municipality_code,
                Area.kind == AreaKind.DISTRICT,
                Area.boundary.is_not(None),
            )
        )
        for area in rows:
            if area.boundary is None:
                continue
            shape = to_shape(area.boundary)
            polygons = getattr(shape, "geoms", [shape])
            rings = [list(polygon.exterior.coords) for polygon in polygons]
            areas.append(AreaShape(area.name, rings, highlighted=area.name == location.district))
    return areas, place
