"""Catalog rows written in bulk, without the ORM: new entries of a large import, and generated benchmark data.

- `copy_rows_postgresql`: PostgreSQL's COPY, several times faster than row-by-row executemany;
- `search_columns`: search_text and name_normalized of a row given as column dicts, through the one indexer
  (`directory.catalog.indexing.document_for`) on light stand-ins with the attributes it reads, so no second
  copy of the rules exists (e.g. that a private home's block and building stay out of the index).
"""

from __future__ import annotations

import enum
import json
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from psycopg import sql
from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from directory.catalog.indexing import document_for
from directory.models import AddressVisibility, TaxonomyTerm, TaxonomyTermLabel
from i18n.normalize import normalize


def _copy_value(value: Any) -> Any:
    """A column value as COPY needs it: what the SQLAlchemy column types would have bound."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)  # UTCDateTime stores naive UTC
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)  # a JSON(B) column takes its text form
    return value


def copy_rows_postgresql(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """COPY the rows in: several times faster than psycopg's row-by-row executemany.

    The point column receives EWKT text, which PostGIS's geometry input parses as INSERT would.
    """
    columns = list(rows[0])
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    cursor = conn.connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([_copy_value(row[c]) for c in columns])
    finally:
        cursor.close()


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
