"""A result list read as plain rows: what `directory/_partials/result.html` shows, without ORM objects.

The search page's list is its hottest read: loading 20 `Service` objects with their terms, schedules, costs,
places and organisation through the ORM cost 3 ms of a ~10 ms search (six statements, identity map,
collections), more than the search's own SQL over raw SQL (tsunagu bench search). Here the same reads are
three plain Core statements (entries with their places and kinds in one, schedules, costs: under load a round
trip costs more than these statements' SQL) and the rows are wrapped in small objects with the attributes the list
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
    entries = _entries_with_places_and_terms(session, ids)
    _add_children(session, entries)
    return [entries[i] for i in ids if i in entries]


def _entries_with_places_and_terms(session: Session, ids: list[int]) -> dict[int, ListEntry]:
    """The entries with their places and terms, in one statement: one row per (entry, place, term), each place and
    term kept once, in the order `Service`'s relationships give them. A round trip is what a list statement costs
    on a busy server (its SQL takes a fraction of a millisecond), so the three reads of the list are one."""
    rows = session.execute(
        select(
            Service.id,
            Service.name,
            Service.fees_description,
            Organization.name.label("organization_name"),
            ServiceAtLocation.id.label("link_id"),
            Location.district,
            Location.prefecture,
            Location.city,
            Location.town,
            Location.block,
            Location.building,
            Location.address_visibility,
            TaxonomyTerm.id.label("term_id"),
            TaxonomyTerm.sort_order,
            TaxonomyTerm.code,
            TaxonomyTerm.name.label("term_name"),
            Taxonomy.code.label("kind"),
        )
        .join(Organization, Organization.id == Service.organization_id)
        .outerjoin(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .outerjoin(Location, Location.id == ServiceAtLocation.location_id)
        .outerjoin(service_taxonomy_terms, service_taxonomy_terms.c.service_id == Service.id)
        .outerjoin(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy_terms.c.term_id)
        .outerjoin(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(Service.id.in_(ids))
    )
    entries: dict[int, ListEntry] = {}
    places: dict[int, dict[int, ListLink]] = {}
    terms: dict[int, dict[tuple[int, int], ListTerm]] = {}
    for row in rows:
        if row.id not in entries:
            entries[row.id] = ListEntry(row.id, row.name, row.fees_description, ListOrganization(row.organization_name))
        if row.link_id is not None:
            place = ListPlace(row.district, visible_address(*row[6:12]))
            places.setdefault(row.id, {})[row.link_id] = ListLink(place)
        if row.term_id is not None:
            term = ListTerm(row.code, row.term_name, ListTaxonomy(row.kind))
            terms.setdefault(row.id, {})[(row.sort_order, row.term_id)] = term
    for service_id, entry in entries.items():
        entry.at_locations = [link for _id, link in sorted(places.get(service_id, {}).items())]
        entry.terms = [term for _key, term in sorted(terms.get(service_id, {}).items())]
    return entries


def _add_children(session: Session, entries: dict[int, ListEntry]) -> None:
    """Each entry's schedules and costs, in the order `Service`'s relationships give them."""
    ids = list(entries)
    for row in session.execute(select(Schedule.__table__).where(Schedule.service_id.in_(ids)).order_by(Schedule.id)):
        entries[row.service_id].schedules.append(row)
    for row in session.execute(
        select(CostOption.__table__).where(CostOption.service_id.in_(ids)).order_by(CostOption.id)
    ):
        entries[row.service_id].costs.append(row)
