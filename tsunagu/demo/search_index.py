"""Search text for generated services, through the directory's own indexer.

`directory.indexing.document_for` is the one definition of what a search can find an entry by; the demo
uses it on ORM rows, the bulk generator on light stand-ins with the same attributes, so neither keeps a
second copy of the rules (e.g. that a private home's block and building stay out of the index).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from directory.indexing import document_for, refresh_search_text
from directory.models import AddressVisibility, TaxonomyTerm, TaxonomyTermLabel
from i18n.normalize import normalize


def index_services(session: Session, service_ids: Iterable[int]) -> int:
    """Fill search_text and name_normalized of the demo's services (ORM path, as forms and imports do)."""
    return refresh_search_text(session, service_ids)


def term_stand_ins(conn: Connection) -> dict[int, SimpleNamespace]:
    """Every taxonomy term by id, with its labels, shaped like TaxonomyTerm for `document_for`."""
    labels: dict[int, list[SimpleNamespace]] = {}
    for term_id, label in conn.execute(select(TaxonomyTermLabel.term_id, TaxonomyTermLabel.label)):
        labels.setdefault(term_id, []).append(SimpleNamespace(label=label))
    return {
        term_id: SimpleNamespace(name=name, labels=labels.get(term_id, []))
        for term_id, name in conn.execute(select(TaxonomyTerm.id, TaxonomyTerm.name))
    }


def search_columns(
    service: dict[str, Any], organization: dict[str, Any], location: dict[str, Any], terms: list[SimpleNamespace]
) -> dict[str, str]:
    """search_text and name_normalized for one generated service given as column dicts."""
    stand_in = SimpleNamespace(
        name=service["name"],
        name_kana=service.get("name_kana"),
        alternate_name=service.get("alternate_name"),
        description=service.get("description"),
        organization=SimpleNamespace(name=organization["name"], name_kana=organization.get("name_kana")),
        at_locations=[SimpleNamespace(location=SimpleNamespace(**_location_fields(location)))],
        terms=terms,
        translations=[],  # generated entries are Japanese only
    )
    return {"search_text": document_for(stand_in), "name_normalized": normalize(service["name"])}  # type: ignore[arg-type]


def _location_fields(location: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "name",
        "prefecture",
        "city",
        "town",
        "block",
        "building",
        "district",
        "junior_high_district",
        "elementary_district",
    )
    fields = {key: location.get(key) for key in keys}
    fields["address_visibility"] = AddressVisibility(location.get("address_visibility", AddressVisibility.PUBLIC))
    return fields
