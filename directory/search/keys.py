"""PostgreSQL: a word search without a place asked of `services_search_keys` (migration 0029) instead of `services`.

The side table holds, under services' own column names, what such a search reads (the list order, the name, the
columns of "what the public may see") and the pairs of the search document (`grams`, with the GIN index that
finds a term). Its rows are a few dozen bytes where a service's are a few kilobytes, so the tens of thousands of
matches of a frequent word (茶) are read and sorted from a narrow table, and the capped and exact counts too.

A statement is built as any search (directory.search.query), from the side table LEFT JOINed to services, so it
is correct as it stands; `through_keys` then writes every mirrored column of services as the side table's. When
nothing of services is left (a one- or two-character word, answered by the pairs alone), PostgreSQL removes the
join (a LEFT JOIN on a unique key that nothing reads); otherwise (the LIKE of a longer word, a condition on an
unmirrored column) the join stays, and services is read for the rows that reach it. Every side-table row has
its service (foreign key), so the LEFT JOIN finds what an inner join would.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, DateTime, Integer, Select, String, func, literal_column, select, table
from sqlalchemy import column as sql_column
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.selectable import FromClause, Join, Subquery
from sqlalchemy.sql.visitors import replacement_traverse

from directory.models import Service

KEYS = table(
    "services_search_keys",
    sql_column("id", Integer),
    sql_column("name", String),
    sql_column("name_kana", String),
    sql_column("name_normalized", String),
    sql_column("status", String),
    sql_column("visibility", String),
    sql_column("hsds_status", String),
    sql_column("do_not_list", Boolean),
    sql_column("verified_at", DateTime),
    sql_column("created_at", DateTime),
    sql_column("grams"),
)
"""The side table (migration 0029): `id` is the service's, `grams` the stripped pairs of its search document."""
MIRRORED = frozenset(c.name for c in KEYS.c) - {"grams"}
KEYED = "tsunagu_search_keys"
"""The execution option that marks a `keyed_services` statement (and every statement built on it)."""
SIMPLE = literal_column("'simple'::regconfig")
"""PostgreSQL's text search configuration without stemming or stop words, the one the pairs are read with."""


def grams_match(query: str) -> ColumnElement[bool]:
    """The side table's pairs hold the `to_tsquery('simple', …)` text `query` (directory.search.grams)."""
    return KEYS.c.grams.op("@@")(func.to_tsquery(SIMPLE, query))


def holding(query: str) -> ColumnElement[bool]:
    """The service's search document holds the pairs of `query`, as a condition on services alone (the map and
    searches that do not start from the side table)."""
    return Service.id.in_(select(KEYS.c.id).where(grams_match(query)))


def keyed_services(conditions: list[ColumnElement[bool]], lead: Subquery | None = None) -> Select[Any]:
    """Services' ids found from the side table (joined to services, see the module) under `conditions`; with
    `lead`, only those of its `service_id` column (joined first)."""
    services = Service.__table__
    keyed: FromClause = KEYS.outerjoin(services, services.c.id == KEYS.c.id)
    if lead is not None:
        keyed = lead.join(keyed, lead.c.service_id == KEYS.c.id)
    return select(Service.id).select_from(keyed).where(*conditions).execution_options(**{KEYED: True})


def _mirror(element: Any) -> Any:
    if isinstance(element, Join) and element.left is KEYS:
        return element  # the join's own condition stays on services
    if getattr(element, "table", None) is Service.__table__ and getattr(element, "name", None) in MIRRORED:
        return KEYS.c[element.name]
    return None


def through_keys(statement: Select[Any]) -> Select[Any]:
    """`statement` with every column of services the side table mirrors read from the side table; unchanged when
    it is not a `keyed_services` statement."""
    if not statement.get_execution_options().get(KEYED):  # (asking the FROM list would compile the statement)
        return statement
    return replacement_traverse(statement, {}, _mirror)
