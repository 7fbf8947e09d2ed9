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
from directory.models.service import all_free


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
        return all_free(self.costs)


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
    _add_children(session, entries)
    return [entries[i] for i in ids if i in entries]


def _add_children(session: Session, entries: dict[int, ListEntry]) -> None:
    """Each entry's terms, places, schedules and costs, in the order `Service`'s relationships give them."""
    ids = list(entries)
    terms = (
        select(service_taxonomy_terms.c.service_id, TaxonomyTerm.code, TaxonomyTerm.name, Taxonomy.code.label("kind"))
        .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy_terms.c.term_id)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(service_taxonomy_terms.c.service_id.in_(ids))
        .order_by(TaxonomyTerm.sort_order, TaxonomyTerm.id)
    )
    for row in session.execute(terms):
        entries[row.service_id].terms.append(ListTerm(row.code, row.name, ListTaxonomy(row.kind)))
    places = (
        select(
            ServiceAtLocation.service_id,
            Location.district,
            Location.prefecture,
            Location.city,
            Location.town,
            Location.block,
            Location.building,
            Location.address_visibility,
        )
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(ids))
        .order_by(ServiceAtLocation.id)
    )
    for row in session.execute(places):
        place = ListPlace(row.district, visible_address(*row[2:]))
        entries[row.service_id].at_locations.append(ListLink(place))
    for row in session.execute(select(Schedule.__table__).where(Schedule.service_id.in_(ids)).order_by(Schedule.id)):
        entries[row.service_id].schedules.append(row)
    for row in session.execute(
        select(CostOption.__table__).where(CostOption.service_id.in_(ids)).order_by(CostOption.id)
    ):
        entries[row.service_id].costs.append(row)
