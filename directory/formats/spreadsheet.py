"""Spreadsheet formula injection: a CSV we export is opened in Excel by someone at a town hall.

A cell beginning with = + - @ (or a tab/CR) is read by Excel and LibreOffice as a formula, so an entry named
`=HYPERLINK("http://evil","…")` or `=cmd|' /C calc'!A0` would run on the reader's machine. Such cells get the
apostrophe prefix spreadsheets themselves use for "this is text" (OWASP's advice). Numbers and telephone
numbers ("-", "+81 3-1234-5678", "-5") cannot call anything and are left alone. The importers remove the
prefix again, so an export → import round trip changes nothing.
"""

from __future__ import annotations

import re

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
