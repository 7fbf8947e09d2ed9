"""Spreadsheet formula injection: a CSV we export is opened in Excel by someone at a town hall.

A cell beginning with = + - @ (or a tab/CR) is read by Excel and LibreOffice as a formula, so an entry named
`=HYPERLINK("http://evil","…")` or `=cmd|' /C calc'!A0` would run on the reader's machine. Such cells get the
apostrophe prefix spreadsheets themselves use for "this is text" (OWASP's advice). Numbers and telephone
numbers ("-", "+81 3-1234-5678", "-5") cannot call anything and are left alone. The importers remove the
prefix again, so an export → import round trip changes nothing.

Every CSV and xlsx the project writes, on the web and from the command line, goes through `neutralise` — most
simply through `SafeCsvWriter`, a `csv.writer` whose every cell is neutralised.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_OR_PHONE = re.compile(r"[+\-]?[\d\s().+\-]*")


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet will not evaluate."""
    if cell.startswith(_TRIGGERS) and not _NUMBER_OR_PHONE.fullmatch(cell):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """Undo `neutralise` on a cell read back from a file."""
    if cell.startswith("'") and cell[1:].startswith(_TRIGGERS) and not _NUMBER_OR_PHONE.fullmatch(cell[1:]):
        return cell[1:]
    return cell


def safe_cells(row: Iterable[Any]) -> list[str]:
    """A row's cells as neutralised text (None as an empty cell)."""
    return [neutralise("" if cell is None else str(cell)) for cell in row]


class SafeCsvWriter:
    """`csv.writer` for files people open in a spreadsheet: every cell passes through `neutralise`."""

    def __init__(self, fh: Any, **options: Any) -> None:
        self._writer = csv.writer(fh, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_cells(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
