"""New entries of an import written in bulk: rows built in Python, keys taken up front, one statement a table.

The per-row ORM path costs a SELECT and a flush per entry; at 100 000 rows that is minutes. Here every new
organisation, location, service and their children become column dicts, keys come from the database's own
sequence (PostgreSQL) or after the current maximum (SQLite, where the import already holds the write lock),
and each table is written with COPY (PostgreSQL) or one executemany (SQLite) per chunk, inside the caller's
transaction and savepoint — so a dry run or an all-or-nothing failure rolls it back like any other write.
"""

from __future__ import annotations

import os
import random
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection

from directory.catalog.bulk_rows import copy_rows_postgresql, search_columns
from directory.formats.costs import cost_rows
from directory.formats.drafts import CostDraft, EntryDraft, PlaceDraft
from directory.models import (
    AddressVisibility,
    AgeBand,
    CostOption,
    EntryStatus,
    Location,
    LocationAccessibility,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Threshold,
    service_taxonomy_terms,
)
from directory.schedules import RULE_FIELDS
from directory.schedules.text import RuleSpec
from i18n.normalize import normalize as _normalize
from tsunagu.catalog_cache import bump_catalog_version
from tsunagu.db import Base, utcnow

ORGANIZATIONS, LOCATIONS, SERVICES, LINKS, SCHEDULES, COSTS, LANGUAGES, ACCESSIBILITY = (
    Base.metadata.tables[model.__tablename__]
    for model in (
        Organization,
        Location,
        Service,
        ServiceAtLocation,
        Schedule,
        CostOption,
        ServiceLanguage,
        LocationAccessibility,
    )
)
normalize = lru_cache(maxsize=65536)(_normalize)
"""i18n normalisation, remembered: an import normalises the same organisation names thousands of times."""
_RANDOM = random.Random(os.urandom(32))  # noqa: S311 - identifiers, not secrets; seeded from urandom


def new_uuid() -> str:
    """A random UUID (version 4) as text, several times cheaper than uuid4() for 100 000s of rows."""
    n = _RANDOM.getrandbits(128) & ~(0xF000 << 64) & ~(0xC000 << 48) | (0x4000 << 64) | (0x8000 << 48)
    h = f"{n:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


CHUNK = 5000
"""Rows per statement: large enough to amortise a round trip, small enough to keep memory flat."""


def take_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """`count` new primary keys of `table`: from its sequence on PostgreSQL, after max(id) on SQLite."""
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        sequence = f"{table.name}_id_seq"
        query = text(f"SELECT nextval('{sequence}') FROM generate_series(1, :n)")  # noqa: S608 - our table name
        return list(conn.scalars(query, {"n": count}))
    start = (conn.scalar(select(func.max(table.c.id))) or 0) + 1
    return list(range(start, start + count))


_DEFAULTS: dict[str, list[tuple[str, Any, bool]]] = {}


def _defaults(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """The row with the Python-side defaults of the columns it leaves out (COPY applies none)."""
    defaults = _DEFAULTS.get(table.name)
    if defaults is None:
        defaults = _DEFAULTS[table.name] = [
            (column.name, column.default.arg, bool(getattr(column.default, "is_callable", False)))  # type: ignore[attr-defined]
            for column in table.columns
            if column.default is not None
            and not (column.primary_key and column.name == "id")
            and (getattr(column.default, "is_scalar", False) or getattr(column.default, "is_callable", False))
        ]
    for name, arg, call in defaults:
        if name not in row:
            row[name] = arg(None) if call else arg
    return row


def write_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert column dicts: COPY on PostgreSQL (the demo generator's writer), executemany on SQLite."""
    for start in range(0, len(rows), CHUNK):
        chunk = [_defaults(table, row) for row in rows[start : start + CHUNK]]
        if not chunk:
            continue
        if conn.dialect.name == "postgresql":
            copy_rows_postgresql(conn, table, chunk)
        else:
            _write_sqlite(conn, table, chunk)


def _write_sqlite(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany of plain tuples: each column's own bind processor (dates, enums) and GeoAlchemy2's
    GeomFromEWKT for the point, without the per-row bookkeeping of a Core insert (a third of the time)."""
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    processors = [column.type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for column in columns]
    values = ", ".join("GeomFromEWKT(?)" if isinstance(c.type, Geometry) else "?" for c in columns)
    quoted = ", ".join(f'"{name}"' for name in names)
    statement = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({values})'  # noqa: S608 - our own names
    values_by_column = [[row[name] for row in rows] for name in names]
    for index, process in enumerate(processors):
        if process is not None:
            values_by_column[index] = [None if v is None else process(v) for v in values_by_column[index]]
    params = list(zip(*values_by_column, strict=True))
    conn.exec_driver_sql(statement, params)  # type: ignore[arg-type]


def point_ewkt(place: PlaceDraft) -> str | None:
    """The place's point as EWKT (None = 位置未設定)."""
    if place.lat is None or place.lon is None:
        return None
    return f"SRID=4326;POINT({place.lon} {place.lat})"


def location_columns(place: PlaceDraft) -> dict[str, Any]:
    """The columns of a location row that a file decides (shared with the ORM update path)."""
    return {
        "name": place.name,
        "postal_code": place.postal_code,
        "prefecture": place.prefecture,
        "city": place.city,
        "town": place.town,
        "block": place.block,
        "building": place.building,
        "elementary_district": place.elementary_district,
        "access_notes": place.access_notes,
        "address_visibility": AddressVisibility.AREA if place.private_home else AddressVisibility.PUBLIC,
    }


def service_columns(entry: EntryDraft) -> dict[str, Any]:
    """The columns of a service row that a file decides (shared with the ORM update path)."""
    columns: dict[str, Any] = {
        "name": entry.name,
        "name_kana": entry.name_kana,
        "description": entry.description,
        "phone": entry.phone,
        "email": entry.email,
        "url": entry.url,
        "eligibility_description": entry.eligibility,
        "fees_description": entry.fees_note,
        "how_to_join": entry.how_to_join,
        "capacity": entry.capacity,
        "threshold": Threshold.RESERVATION if entry.reservation_required else Threshold.DROP_IN,
        "source_fields": dict(entry.source_fields) or None,
    }
    if entry.transport_offered is not None:
        columns["transport_offered"] = entry.transport_offered
    if entry.ladder_stage is not None:
        columns["ladder_stage"] = entry.ladder_stage
    columns["alternate_name"] = entry.alternate_name
    return columns


def schedule_rows(entry: EntryDraft) -> list[dict[str, Any]]:
    """The entry's schedules over all its places, each rule once, 不定期 notes kept (shared with updates)."""
    rows: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for place in entry.places:
        for rule in place.rules:
            key = schedule_key(rule)
            if key not in seen:
                seen.add(key)
                rows.append(
                    {
                        **{f: getattr(rule, f) for f in _RULE_COLUMNS},
                        "freq": str(rule.freq),
                        "description": rule.description,
                        "notes": place.schedule_note,
                    }
                )
        if not place.rules and place.schedule_note:
            rows.append({"freq": "IRREGULAR", "notes": place.schedule_note})
    base = {**dict.fromkeys(_RULE_COLUMNS), **_RULE_DEFAULTS, "description": None, "notes": None}
    return [{**base, **row, "interval": row.get("interval") or 1} for row in rows]


_RULE_COLUMNS = ("freq", *RULE_FIELDS)
_RULE_DEFAULTS = {"week_unknown": False, "skip_holidays": False, "holiday_shift": 0}
"""NOT NULL rule columns of a 不定期 note row without a rule (the others stay NULL)."""


def schedule_key(rule: RuleSpec | Any) -> tuple[Any, ...]:
    """What makes two schedule rows the same rule."""
    return tuple(str(getattr(rule, f)) if getattr(rule, f) is not None else None for f in _RULE_COLUMNS)


class BulkInserter:
    """Collects the rows of new entries and writes them table by table (parents first)."""

    def __init__(
        self, conn: Connection, *, source: str, run_id: int, term_ids: dict[str, int], terms: dict[int, SimpleNamespace]
    ) -> None:
        self.conn, self.source, self.run_id = conn, source, run_id
        self.term_ids, self.terms = term_ids, terms
        self.now = utcnow()
        self.rows: dict[Table, list[dict[str, Any]]] = {t: [] for t in self.order}
        self.organizations: list[dict[str, Any]] = []

    order = (
        ORGANIZATIONS,
        LOCATIONS,
        SERVICES,
        LINKS,
        SCHEDULES,
        COSTS,
        LANGUAGES,
        service_taxonomy_terms,
        ACCESSIBILITY,
    )

    def provenance(self, code: str | None, source_id: str | None) -> dict[str, Any]:
        return {
            "municipality_code": code,
            "source_id": source_id,
            "source": self.source,
            "imported_at": self.now,
            "import_run_id": self.run_id,
            "created_at": self.now,
            "updated_at": self.now,
        }

    def organization(self, entry: EntryDraft) -> dict[str, Any]:
        """A new organisation row (its id is assigned in `write`)."""
        row = {
            "uuid": new_uuid(),
            "name": entry.organization_name,
            "name_kana": entry.organization_kana,
            "name_normalized": normalize(entry.organization_name),
            "corporate_number": entry.corporate_number,
            **self.provenance(entry.municipality_code, None),
        }
        self.organizations.append(row)
        return row

    def add(self, entry: EntryDraft, organization: dict[str, Any] | int) -> dict[str, Any]:
        """Queue one new entry; `organization` is an existing id or a row from `organization`."""
        service = {
            "uuid": new_uuid(),
            "status": EntryStatus.PUBLISHED,
            "verified_at": self.now,
            "name_normalized": normalize(entry.name),
            "_organization": organization,
            **service_columns(entry),
            **self.provenance(entry.municipality_code, entry.source_id),
        }
        service["_entry"] = entry
        self.rows[SERVICES].append(service)
        return service

    def write(self) -> list[int]:
        """Assign keys, build children and search text, write every table; returns the new service ids."""
        services = self.rows[SERVICES]
        for row, key in zip(
            self.organizations, take_ids(self.conn, ORGANIZATIONS, len(self.organizations)), strict=True
        ):
            row["id"] = key
        self.rows[ORGANIZATIONS] = self.organizations
        places = [(s, p) for s in services for p in s["_entry"].places]
        location_ids = iter(take_ids(self.conn, LOCATIONS, len(places)))
        for service, key in zip(services, take_ids(self.conn, SERVICES, len(services)), strict=True):
            service["id"] = key
        for service, place in places:
            self._location(service, place, next(location_ids))
        for service in services:
            entry: EntryDraft = service.pop("_entry")
            org = service.pop("_organization")
            service["organization_id"] = org if isinstance(org, int) else org["id"]
            locations = service.pop("_locations")
            codes = [c for c in dict.fromkeys(entry.kinds) if c in self.term_ids]
            org_fields = org if isinstance(org, dict) else {"name": entry.organization_name}
            service.update(
                search_columns(service, org_fields, locations[0], [self.terms[self.term_ids[c]] for c in codes])
            )
            self.rows[SCHEDULES] += [{"service_id": service["id"], **r} for r in schedule_rows(entry)]
            self.rows[COSTS] += [{"service_id": service["id"], **r} for r in orm_cost_rows(entry.costs)]
            self.rows[LANGUAGES].append({"service_id": service["id"], "language": "ja", "note": None})
            self.rows[service_taxonomy_terms] += [
                {"service_id": service["id"], "term_id": self.term_ids[c]} for c in codes
            ]
        for table in self.order:
            write_rows(self.conn, table, self.rows[table])
        written = [s["id"] for s in services]
        bump_catalog_version(self.conn, written)  # Core inserts: no ORM flush tells the caches (tsunagu.catalog_cache)
        return written

    def _location(self, service: dict[str, Any], place: PlaceDraft, key: int) -> None:
        entry: EntryDraft = service["_entry"]
        org = service["_organization"]
        row = {
            "id": key,
            "uuid": new_uuid(),
            "organization_id": org if isinstance(org, int) else org["id"],
            "point": point_ewkt(place),
            "geocode_source": (place.geocode_source or "file") if place.lat else None,
            **location_columns(place),
            **self.provenance(entry.municipality_code, place.source_id or entry.source_id),
        }
        self.rows[LOCATIONS].append(row)
        service.setdefault("_locations", []).append(row)
        self.rows[LINKS].append({"uuid": new_uuid(), "service_id": service["id"], "location_id": key})
        self.rows[ACCESSIBILITY] += [
            {"location_id": key, "feature": f, "description": None} for f in dict.fromkeys(place.accessibility)
        ]


def orm_cost_rows(costs: list[CostDraft]) -> list[dict[str, Any]]:
    """`cost_rows` with the age band as the column's enum, for the ORM and the bulk writer alike."""
    return [{**row, "age_band": AgeBand(row["age_band"])} for row in cost_rows(costs)]


def cost_options(costs: list[CostDraft]) -> list[CostOption]:
    """ORM rows for `costs` (the same values the bulk writer inserts)."""
    return [CostOption(**row) for row in orm_cost_rows(costs)]
