"""Catalog rows read by lists of ids: shared by the candidate loader and the match feature rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ARRAY, Integer, String, func, literal, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

CHUNK = 2000
"""Ids per statement."""


def plain_text(column: Any) -> Any:
    """An enum column read as its plain string (skips the Enum type's per-row conversion)."""
    return type_coerce(column, String)


def chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    """The ids CHUNK at a time."""
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def among(target: Session | Connection, column: Any, ids: Sequence[int]) -> Any:
    """`column IN ids`; on PostgreSQL `column = ANY(array)`: one parameter, one statement text for any count."""
    bind = target if isinstance(target, Connection) else target.get_bind()  # a Session or a scoped_session
    if bind.dialect.name == "postgresql":
        return column == func.any(literal(list(ids), ARRAY(Integer)))
    return column.in_(list(ids))


def grouped(target: Session | Connection, statement: Any, column: Any, ids: Sequence[int]) -> dict[int, list[Any]]:
    """Rows of a child table whose `column` is one of `ids`, grouped by their first column, ids chunked."""
    found: dict[int, list[Any]] = defaultdict(list)
    for chunk in chunks(ids):
        for row in target.execute(statement.where(among(target, column, chunk))):
            found[row[0]].append(row)
    return found
