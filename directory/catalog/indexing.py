"""Keeping `Service.search_text` and `name_normalized` current: what a search can find an entry by.

The document holds the entry's names, description, organisation, public address parts, district names and
the labels of its kinds and tags in every language — so "food", "comida" or "cơm" find 子ども食堂 — and the
entry's own translations (ServiceTranslation), all normalised by i18n.normalize, the same function that
normalises queries.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from directory.models import AddressVisibility, Location, Service, ServiceAtLocation, TaxonomyTerm
from i18n.normalize import normalize, search_document


def _location_parts(location: Location) -> list[str | None]:
    parts = [
        location.name,
        location.prefecture,
        location.city,
        location.town,
        location.district,
        location.junior_high_district,
        location.elementary_district,
    ]
    if location.address_visibility == AddressVisibility.PUBLIC:
        parts += [location.block, location.building]
    return parts


def document_for(service: Service) -> str:
    """The normalised search document of one service (relations must be loaded)."""
    parts: list[str | None] = [service.name, service.name_kana, service.alternate_name, service.description]
    if service.organization is not None:
        parts += [service.organization.name, service.organization.name_kana]
    for link in service.at_locations:
        parts += _location_parts(link.location)
    for term in service.terms:
        parts.append(term.name)
        parts += [label.label for label in term.labels]
    # translations of the entry's own text: "refeição" finds an entry its group described in Japanese
    parts += [translation.value for translation in service.translations]
    # padded so that a word at either end has a space on both sides (see directory.search.query)
    return f" {search_document(*parts)} "


def refresh_search_text(session: Session, service_ids: Iterable[int] | None = None, *, batch: int = 2000) -> int:
    """Recompute search_text and name_normalized for the given services (all when None); returns the count.

    Called by every write path that changes what a service can be found by (forms, imports, demo data).
    """
    query = select(Service.id).order_by(Service.id)
    if service_ids is not None:
        query = query.where(Service.id.in_(list(service_ids)))
    ids = list(session.scalars(query))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        services = session.scalars(
            select(Service)
            .where(Service.id.in_(chunk))
            .options(
                selectinload(Service.organization),
                selectinload(Service.at_locations).selectinload(ServiceAtLocation.location),
                selectinload(Service.terms).selectinload(TaxonomyTerm.labels),
                selectinload(Service.translations),
            )
        )
        for service in services:
            service.search_text = document_for(service)
            service.name_normalized = normalize(service.name)
        session.flush()
    return len(ids)
