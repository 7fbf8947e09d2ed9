"""The HSDS API reference's list parameters: `minimal`, `full` and `format` (HSDS 3.x openapi.json).

- `minimal=true` (/services): every matching service as just `id`, `name` and `modified_date`, in one call;
- `full=true|false`: nested objects or not (/services nests by default; /organizations and
  /service_at_locations nest their services only when asked);
- `format=json` (default, HSDS Page) or `format=ndjson`: one JSON object a line, all results, no paging.
A value the reference does not define is a 400 problem, never ignored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Response, stream_with_context

from directory.search.params import InvalidParameter

FORMATS = ("json", "ndjson")
MINIMAL_LIMIT = 10_000
"""Most services a `minimal=true` call lists: the reference asks for all of them in one call."""
NDJSON_PAGE = 100


@dataclass(frozen=True)
class ListOptions:
    """The parsed `minimal`, `full` and `format` of one request (None = not given)."""

    minimal: bool
    full: bool | None
    format: str


def _flag(args: Any, name: str) -> bool | None:
    value = args.get(name)
    if value is None or value == "":
        return None
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise InvalidParameter(name, f"{name} は true か false です / {name} must be true or false (got {value!r})")


def list_options(args: Any) -> ListOptions:
    """`minimal`, `full` and `format` of a request; InvalidParameter (a 400 problem) for anything else."""
    fmt = (args.get("format") or "json").strip().lower()
    if fmt not in FORMATS:
        raise InvalidParameter(
            "format", f"format は json か ndjson です / format must be json or ndjson (got {args.get('format')!r})"
        )
    return ListOptions(minimal=bool(_flag(args, "minimal")), full=_flag(args, "full"), format=fmt)


def minimal_item(uuid: str, name: str, modified: Any) -> dict[str, Any]:
    """One service of a `minimal=true` answer."""
    stamp = modified.isoformat(timespec="milliseconds").replace("+00:00", "Z") if modified is not None else None
    return {"id": uuid, "name": name, "modified_date": stamp}


def ndjson(pages: Callable[[int], list[dict[str, Any]]]) -> Response:
    """All results, one JSON object a line: `pages(n)` gives page n (1-based) until an empty one."""

    def lines() -> Iterator[str]:
        number = 1
        while items := pages(number):
            for item in items:
                yield json.dumps(item, ensure_ascii=False) + "\n"
            if len(items) < NDJSON_PAGE:
                return
            number += 1

    return Response(stream_with_context(lines()), mimetype="application/x-ndjson")


def ndjson_rows(rows: Iterable[dict[str, Any]]) -> Response:
    """Rows already at hand as NDJSON."""
    body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return Response(body, mimetype="application/x-ndjson")


def flat(item: dict[str, Any]) -> dict[str, Any]:
    """An HSDS object without its nested objects (`full=false`)."""
    return {key: value for key, value in item.items() if not isinstance(value, list | dict)}
