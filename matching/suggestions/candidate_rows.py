"""The rows a complete candidate is built from, read for a list of (service id, location id) keys.

What a cold match query (an area not seen since the last catalog write) reads besides its keys: the service
row with its place and organisation, and its schedules, costs, languages, terms and the place's accessibility.
The statements are plain SQL text built once per dialect, each taking its whole list of ids as one parameter
(a JSON array read by `json_each` on SQLite, an `integer[]` on PostgreSQL), and values come back as the
driver gives them, decoded here only where SQLite stores text (times, dates, flags): building the statements
as SQLAlchemy expressions per query (and the ORM's execution layer, and every value through its column type)
cost more on a cold query than SQLite took to run them.

On PostgreSQL everything comes in one statement per CHUNK, each child table's columns aggregated as arrays
(round trips to the server cost more than the rows they fetch). On SQLite, in-process, the five child tables
are read by five flat statements: aggregating them per row there (correlated `json_group_array`) was slower.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Boolean, Date, Time, text
from sqlalchemy.orm import Session

from directory.models import Schedule
from directory.schedules import RULE_FIELDS
from matching.suggestions.rows import CHUNK
from tsunagu.db import custom_plans

Key = tuple[int, int]
"""(service id, location id)."""


class ServiceRow(NamedTuple):
    """A service row with its place and organisation (`SERVICE_COLUMNS`, in order), values as the driver gives them."""

    id: int
    name: str
    organization_id: int
    organization_name: str
    status: str
    hsds_status: str
    minimum_age: int | None
    maximum_age: int | None
    openings: int | None
    space: str
    threshold: str
    step_level: str
    group_size: str | None
    atmosphere: str | None
    verified_at: Any
    """A naive UTC `datetime` from PostgreSQL, text from SQLite: read it with `day_of`."""
    description: str | None
    atmosphere_notes: str | None
    location_id: int
    district: str | None
    lat: float
    lon: float


class CandidateRows(NamedTuple):
    """One key's rows: the service row and its children as plain tuples."""

    row: ServiceRow
    schedules: list[tuple[Any, ...]]
    """(freq, *RULE_FIELDS) per schedule row, by id; times, dates and flags as Python values."""
    costs: list[tuple[str, int | None, bool]]
    """(age band, amount in yen, free) per cost option, by id."""
    languages: list[str]
    """By language code."""
    terms: list[tuple[str, str, str]]
    """(term code, term name, taxonomy code), by the term's sort order and id."""
    features: list[str]
    """The place's accessibility features."""


_OUTSIDE_SERVICES = {
    "organization_name": "o.name",
    "location_id": "l.id",
    "district": "l.district",
    "lat": "ST_Y(l.point)",
    "lon": "ST_X(l.point)",
}
SERVICE_COLUMNS = ", ".join(f"{_OUTSIDE_SERVICES.get(name, f's.{name}')} AS {name}" for name in ServiceRow._fields)
"""The columns of `ServiceRow`, in its order (`s` the service, `l` its place, `o` its organisation)."""
_LOCATION = ServiceRow._fields.index("location_id")
SERVICE_COUNT = len(ServiceRow._fields)
"""How many columns the service row has (the children follow them in `complete_rows_in_one`)."""
_JOINS = "JOIN organizations o ON o.id = s.organization_id"
_KEYS_FROM = {
    "postgresql": (
        "unnest(CAST(:service_ids AS integer[]), CAST(:location_ids AS integer[])) AS k(service_id, location_id) "
        f"JOIN services s ON s.id = k.service_id JOIN locations l ON l.id = k.location_id {_JOINS}"
    ),
    "sqlite": (
        "json_each(:keys) AS k JOIN services s ON s.id = json_extract(k.value, '$[0]') "
        f"JOIN locations l ON l.id = json_extract(k.value, '$[1]') {_JOINS}"
    ),
}
"""The service row, place and organisation of each key given (`_key_params`)."""
_SCHEDULE_COLUMNS = ", ".join(f"sc.{name}" for name in ("freq", *RULE_FIELDS))
_CHILDREN = {
    "schedules": (
        "sc.service_id",
        f"SELECT sc.service_id, {_SCHEDULE_COLUMNS} FROM schedules sc WHERE {{among}} ORDER BY sc.service_id, sc.id",  # noqa: S608
    ),
    "costs": (
        "c.service_id",
        "SELECT c.service_id, c.age_band, c.amount_yen, c.is_free FROM cost_options c WHERE {among} "
        "ORDER BY c.service_id, c.id",
    ),
    "languages": (
        "sl.service_id",
        "SELECT sl.service_id, sl.language FROM service_languages sl WHERE {among} ORDER BY sl.service_id, sl.language",
    ),
    "terms": (
        "st.service_id",
        "SELECT st.service_id, t.code, t.name, x.code FROM service_taxonomy_terms st "
        "JOIN taxonomy_terms t ON t.id = st.term_id JOIN taxonomies x ON x.id = t.taxonomy_id WHERE {among} "
        "ORDER BY st.service_id, t.sort_order, t.id",
    ),
    "features": ("a.location_id", "SELECT a.location_id, a.feature FROM location_accessibility a WHERE {among}"),
}
"""The five child tables, read flat (SQLite): (the id column, the statement with `{among}` for `_among`)."""
_SCHEDULE_ARRAYS = ", ".join(f"array_agg(sc.{name} ORDER BY sc.id) AS {name}" for name in ("freq", *RULE_FIELDS))
_ALL_IN_ONE = f"""
    SELECT {SERVICE_COLUMNS}, sch.*, co.*, la.*, te.*, fe.*
    FROM {_KEYS_FROM["postgresql"]}
    LEFT JOIN LATERAL (SELECT {_SCHEDULE_ARRAYS} FROM schedules sc WHERE sc.service_id = k.service_id) sch ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(c.age_band ORDER BY c.id) AS age_band, array_agg(c.amount_yen ORDER BY c.id)
            AS amount_yen, array_agg(c.is_free ORDER BY c.id) AS is_free
        FROM cost_options c WHERE c.service_id = k.service_id) co ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(sl.language ORDER BY sl.language) AS language
        FROM service_languages sl WHERE sl.service_id = k.service_id) la ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(t.code ORDER BY t.sort_order, t.id) AS term_code,
            array_agg(t.name ORDER BY t.sort_order, t.id) AS term_name,
            array_agg(x.code ORDER BY t.sort_order, t.id) AS taxonomy_code
        FROM service_taxonomy_terms st JOIN taxonomy_terms t ON t.id = st.term_id
        JOIN taxonomies x ON x.id = t.taxonomy_id WHERE st.service_id = k.service_id) te ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(a.feature ORDER BY a.feature) AS feature
        FROM location_accessibility a WHERE a.location_id = k.location_id) fe ON true
"""  # noqa: S608 - our column names; values are bound
"""Every row of a key in one statement (PostgreSQL): each child table's columns as arrays."""


def _among(column: str, dialect: str, name: str = "ids") -> str:
    """SQL: `column` is one of the ids bound as `:name` (one parameter, one statement text for any count)."""
    if dialect == "postgresql":
        return f"{column} = ANY(CAST(:{name} AS integer[]))"
    return f"{column} IN (SELECT value FROM json_each(:{name}))"  # noqa: S608 - our column names


def _ids(ids: Sequence[int], dialect: str) -> Any:
    return list(ids) if dialect == "postgresql" else json.dumps(list(ids))


def _key_params(keys: Sequence[Key], dialect: str) -> dict[str, Any]:
    if dialect == "postgresql":
        return {"service_ids": [k[0] for k in keys], "location_ids": [k[1] for k in keys]}
    return {"keys": json.dumps(list(keys))}


@cache
def _statement(sql: str) -> Any:
    """A text statement, made once per SQL string."""
    return text(sql)


@cache
def _child_statements(dialect: str) -> dict[str, Any]:
    """The five child statements of `_CHILDREN` for this dialect, made once."""
    return {name: text(sql.format(among=_among(column, dialect))) for name, (column, sql) in _CHILDREN.items()}


def _time(value: Any) -> Any:
    return dt.time.fromisoformat(value) if isinstance(value, str) else value


def _date(value: Any) -> Any:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _flag(value: Any) -> Any:
    return bool(value) if isinstance(value, int) else value


def day_of(value: Any) -> dt.date | None:
    """The date of a stored timestamp (naive UTC): a `datetime` from PostgreSQL, text from SQLite."""
    if value is None:
        return None
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value.date()


def _decoder(name: str) -> Callable[[Any], Any] | None:
    kind = Schedule.__table__.c[name].type
    if isinstance(kind, Time):
        return _time
    if isinstance(kind, Date):
        return _date
    if isinstance(kind, Boolean):
        return _flag
    return None


_DECODERS = tuple((n, d) for n, d in enumerate(_decoder(name) for name in ("freq", *RULE_FIELDS)) if d is not None)
"""(position, decoder) of the schedule columns SQLite returns as text or integers."""


def _schedule(values: Sequence[Any]) -> tuple[Any, ...]:
    decoded = list(values)
    for position, decode in _DECODERS:
        decoded[position] = decode(decoded[position])
    return tuple(decoded)


def _costs(age_bands: list[str], amounts: list[int | None], free: list[bool]) -> list[tuple[str, int | None, bool]]:
    return [(band, amount, bool(is_free)) for band, amount, is_free in zip(age_bands, amounts, free, strict=True)]


def service_rows(session: Session, keys: Sequence[Key]) -> dict[Key, ServiceRow]:
    """The service row of each key, without child rows."""
    if not keys:
        return {}
    dialect = session.get_bind().dialect.name
    statement = _statement(f"SELECT {SERVICE_COLUMNS} FROM {_KEYS_FROM[dialect]}")  # noqa: S608
    found = {}
    connection = session.connection()
    for start in range(0, len(keys), CHUNK):
        with custom_plans(session):
            rows = connection.execute(statement, _key_params(keys[start : start + CHUNK], dialect)).all()
            found.update(((row[0], row[_LOCATION]), ServiceRow._make(row)) for row in rows)
    return found


def complete_rows(session: Session, keys: Sequence[Key]) -> dict[Key, CandidateRows]:
    """Every row a complete candidate of each key is built from (one statement per CHUNK on PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        return complete_rows_in_one(session, keys)
    return complete_rows_flat(session, keys)


def complete_rows_flat(session: Session, keys: Sequence[Key]) -> dict[Key, CandidateRows]:
    """`complete_rows` by the service rows and one flat statement per child table (SQLite's way; runs on both)."""
    dialect = session.get_bind().dialect.name
    rows = service_rows(session, keys)
    statements = _child_statements(dialect)
    connection = session.connection()
    children: dict[str, dict[int, list[Any]]] = {name: {} for name in statements}
    service_ids = sorted({k[0] for k in keys})
    location_ids = sorted({k[1] for k in keys})
    for name, statement in statements.items():
        ids = location_ids if name == "features" else service_ids
        into = children[name]
        for start in range(0, len(ids), CHUNK):
            for row in connection.execute(statement, {"ids": _ids(ids[start : start + CHUNK], dialect)}).all():
                into.setdefault(row[0], []).append(row)
    schedules, costs, languages, terms, features = (children[n] for n in _CHILDREN)
    return {
        key: CandidateRows(
            row,
            [_schedule(r[1:]) for r in schedules.get(key[0], ())],
            [(r[1], r[2], bool(r[3])) for r in costs.get(key[0], ())],
            [r[1] for r in languages.get(key[0], ())],
            [(r[1], r[2], r[3]) for r in terms.get(key[0], ())],
            [r[1] for r in features.get(key[1], ())],
        )
        for key, row in rows.items()
    }


def complete_rows_in_one(session: Session, keys: Sequence[Key]) -> dict[Key, CandidateRows]:
    """`complete_rows` in one statement per CHUNK (PostgreSQL: unnest, LATERAL, array_agg)."""
    statement = _statement(_ALL_IN_ONE)
    connection = session.connection()
    found = {}
    schedule_end = SERVICE_COUNT + 1 + len(RULE_FIELDS)
    for start in range(0, len(keys), CHUNK):
        with custom_plans(session):  # like the candidate query: planned for its arrays, never prepared
            rows = connection.execute(statement, _key_params(keys[start : start + CHUNK], "postgresql")).all()
        for row in rows:
            schedule_arrays = row[SERVICE_COUNT:schedule_end]
            age_band, amount_yen, is_free, language, term_code, term_name, taxonomy_code, feature = row[schedule_end:]
            found[row[0], row[_LOCATION]] = CandidateRows(
                ServiceRow._make(row[:SERVICE_COUNT]),
                [] if schedule_arrays[0] is None else [_schedule(v) for v in zip(*schedule_arrays, strict=True)],
                [] if age_band is None else _costs(age_band, amount_yen, is_free),
                list(language or ()),
                [] if term_code is None else list(zip(term_code, term_name, taxonomy_code, strict=True)),
                list(feature or ()),
            )
    return found
