"""Which plan SQLite takes for the first page of a text search without a place, chosen by the term's frequency.

A page of such a search is "the first entries in list order among those holding the term" (per number of name
hits, directory.search.query). SQLite can find them two ways: gather every match from the pair index
(services_search_grams), read and sort them all; or walk the list-order index (ix_services_list_order) and
keep the rows that match, stopping when the page is full. The first is fast for a rare word (農園: 249 matches,
under a millisecond) and slow for a frequent one (茶, a third of the country: every match read and sorted); the
second the opposite, as its cost is the number of rows walked before the page is full. SQLite's planner cannot
tell them apart (it has no statistics for the FTS5 table), so the app asks the pair index first how many
entries hold the terms, capped at a share of the catalog (`FREQUENT_SHARE`), and for a frequent term makes the
conditions it would otherwise start from unusable as an index (SQLite's unary `+`): the planner is left with
the list-order index. Both plans give the same rows in the same order; only their cost differs.

A kind without a place is the same question with the kinds' index (ix_service_taxonomy_terms_term_id) in place of
the pair index: `frequent_kinds` decides between walking (an EXISTS per entry) and `id IN (…)` of that index.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnClause, UnaryExpression
from sqlalchemy.sql.visitors import replacement_traverse

from directory.models import Service
from directory.search.grams import fts_query

FREQUENT_SHARE = 5
"""A term or kind held by at least 1/FREQUENT_SHARE of the entries is "frequent": the walk wins from there
(measured on the 100 000-entry benchmark catalog: 茶 at 38 %, 相談 at 32 %, the kind サロン at 70 % faster walked;
碁 and 学習 at 2–4 %, 料理 at 15 %, the kind 居場所 at 12 % slower; 本 at 12 % was faster walked, the one loss
of the rule)."""
FREQUENT_TERMS = text(
    "SELECT count(*) >= (SELECT coalesce(max(id), 0) / :share FROM services) FROM (SELECT rowid "
    "FROM services_search_grams WHERE services_search_grams MATCH :match "
    "LIMIT (SELECT coalesce(max(id), 0) / :share FROM services)) AS found"
)
FREQUENT_KINDS = text(
    "SELECT count(*) >= (SELECT coalesce(max(id), 0) / :share FROM services) FROM (SELECT st.service_id "
    "FROM taxonomy_terms t JOIN service_taxonomy_terms st ON st.term_id = t.id WHERE t.code IN :kinds "
    "LIMIT (SELECT coalesce(max(id), 0) / :share FROM services)) AS found"
).bindparams(bindparam("kinds", expanding=True))
UNINDEXED_COLUMNS = ("id", "status")
"""The columns of `services` a word search's conditions could start from instead of the list order: the id (the
pair index's matches) and the status (ix_services_public, which "what the public may see" compares)."""


def fts_match(terms: list[str]) -> str | None:
    """One FTS5 query holding every term the pair index serves (a space is AND), or None if it serves none."""
    parts = [match for match in (fts_query(term) for term in terms) if match is not None]
    return " ".join(parts) or None


def frequent(session: Session, terms: list[str]) -> bool:
    """Whether the pair index holds the terms for at least 1/FREQUENT_SHARE of the entries (SQLite). The count
    stops there: a frequent word costs that many index entries, a rare one all of its few."""
    match = fts_match(terms)
    if match is None:
        return False
    found = session.scalar(FREQUENT_TERMS, {"match": match, "share": FREQUENT_SHARE})
    return bool(found)


def frequent_kinds(session: Session, kinds: tuple[str, ...]) -> bool:
    """Whether at least 1/FREQUENT_SHARE of the entries are of one of `kinds` (counted in the kinds' index, and
    stopping there). A rare kind is better found from that index (`id IN (…)`, then sorted) than by walking the
    list order and asking each entry for its kinds, which for 相談 walks most of the catalog for a page."""
    found = session.scalar(FREQUENT_KINDS, {"kinds": list(kinds), "share": FREQUENT_SHARE})
    return bool(found)


def _unary_plus(element: Any) -> Any:
    if (
        isinstance(element, ColumnClause)
        and getattr(element, "table", None) is Service.__table__
        and element.name in UNINDEXED_COLUMNS
    ):
        return UnaryExpression(element, operator=operators.custom_op("+"), type_=element.type)
    return None


def walk_list_order(base: Select[Any]) -> Select[Any]:
    """`base` (services' ids, no join) with its conditions on UNINDEXED_COLUMNS written `+column`: the same rows,
    but SQLite can only start from the list-order index."""
    return select(Service.id).where(replacement_traverse(base.whereclause, {}, _unary_plus))
