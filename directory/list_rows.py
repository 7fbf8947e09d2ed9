"""A result list read as plain rows: what `directory/_partials/result.html` shows, without ORM objects.

The search page's list is its hottest read: loading 20 `Service` objects with their terms, schedules, costs,
places and organisation through the ORM cost 3 ms of a ~10 ms search (six statements, identity map,
collections), more than the search's own SQL over raw SQL (tsunagu bench search). Here the same five
statements are plain Core queries and the rows are wrapped in small objects with the attributes the list
template, `labels.cost_line` and `labels.upcoming` read (schedule and cost rows are SQLAlchemy rows: they
carry every column by name, with the same types as the ORM's attributes).

Only for Japanese readers: other languages read the entries' translations and the kinds' labels, which
`queries.service_list_options` loads with the ORM as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import (
    CostOption,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    service_taxonomy_terms,
)
from directory.models.location import visible_address


@dataclass(frozen=True)
class ListTaxonomy:
    code: str


@dataclass(frozen=True)
class ListTerm:
    """A kind or tag as the list shows it (Japanese name; `label` as `TaxonomyTerm.label` gives for "ja")."""

    code: str
    name: str
    taxonomy: ListTaxonomy

    def label(self, _locale: str) -> str:
        return self.name


@dataclass(frozen=True)
class ListPlace:
    """The place's district and the address the public may see (`Location.public_address`)."""

    district: str | None
    public_address: str


@dataclass(frozen=True)
class ListLink:
    location: ListPlace


@dataclass(frozen=True)
class ListOrganization:
    name: str


@dataclass
class ListEntry:
    """One entry of a result list, with the attribute names of `Service` that the list reads."""

    id: int
    name: str
    fees_description: str | None
    organization: ListOrganization
    terms: list[ListTerm] = field(default_factory=list)
    at_locations: list[ListLink] = field(default_factory=list)
    schedules: list[Any] = field(default_factory=list)
    costs: list[Any] = field(default_factory=list)

    @property
    def is_free(self) -> bool:
        return bool(self.costs) and all(c.is_free for c in self.costs)


def list_entries(session: Session, service_ids: Sequence[int]) -> list[ListEntry]:
    """The entries of these ids as a result list shows them, in the given order (missing ids left out)."""
    if not service_ids:
        return []
    ids = list(service_ids)
    entries = {
        row.id: ListEntry(row.id, row.name, row.fees_description, ListOrganization(row.organization_name))
        for row in session.execute(
            select(Service.id, Service.name, Service.fees_description, Organization.name.label("organization_name"))
            .join(Organization, Organization.id == Service.organization_id)
            .where(Service.id.in_(ids))
        )
    }
    for service_id, child in _children(session, ids):
        entry = entries.get(service_id)
        if entry is not None:
            getattr(entry, child.kind).append(child.value)
    return [entries[i] for i in ids if i in entries]


@dataclass(frozen=True)
class _Child:
    kind: str
    value: Any


def _children(session: Session, ids: list[int]) -> list[tuple[int, _Child]]:
    """(service id, child) for the terms, places, schedules and costs of these services, each in ORM order."""
    found: dict[str, list[tuple[int, _Child]]] = defaultdict(list)
    terms = (
        select(service_taxonomy_terms.c.service_id, TaxonomyTerm.code, TaxonomyTerm.name, Taxonomy.code.label("kind"))
        .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy_terms.c.term_id)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(service_taxonomy_terms.c.service_id.in_(ids))
        .order_by(TaxonomyTerm.sort_order, TaxonomyTerm.id)
    )
    for row in session.execute(terms):
        found["terms"].append((row[0], _Child("terms", ListTerm(row.code, row.name, ListTaxonomy(row.kind)))))
    places = (
        select(ServiceAtLocation.service_id, Location.district, Location.prefecture, Location.city, Location.town,
               Location.block, Location.building, Location.address_visibility)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(ids))
        .order_by(ServiceAtLocation.id)
    )  # fmt: skip
    for row in session.execute(places):
        place = ListPlace(row.district, visible_address(*row[2:]))
        found["places"].append((row[0], _Child("at_locations", ListLink(place))))
    for table, kind, order in ((Schedule, "schedules", Schedule.id), (CostOption, "costs", CostOption.id)):
        statement = select(table.__table__).where(table.__table__.c.service_id.in_(ids)).order_by(order)
        found[kind] += [(row.service_id, _Child(kind, row)) for row in session.execute(statement)]
    return [item for items in found.values() for item in items]
