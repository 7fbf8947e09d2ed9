"""How much a file may make the import read: the zip-bomb guard of an xlsx and the row and cell caps.

`check_bounds` runs before the file is read as a table (`directory.formats.tabular` materialises every sheet).
It streams: an xlsx's zip directory is looked at first (the summed uncompressed size and member count; Python's
zipfile never inflates a member past the size its directory declares, so the sum bounds what openpyxl can be made
to parse), then each worksheet's XML goes through expat in chunks, counting rows and cells the way openpyxl's
read-only mode would yield them (a row up to its last cell, empty rows between numbered ones); a CSV goes through
`csv.reader` line by line. Either stops as soon as a cap is passed, so a 200 000-row file costs no more memory
than a 50 001-row one, and nothing is ever held whole.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.parsers import expat

_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 64 * 1024
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d*)$")


@dataclass(frozen=True)
class ReadLimits:
    """Caps on one file; None = no cap. The web upload's come from the app config (`upload_limits`)."""

    max_rows: int | None = None
    max_cells: int | None = None
    max_uncompressed_bytes: int | None = 200 * 1024 * 1024
    max_members: int | None = 1000


DEFAULT_LIMITS = ReadLimits()
"""What every read gets (the command line too): the zip-bomb guard, no row cap (an operator's own file)."""

UPLOAD_ROWS = 50_000
UPLOAD_CELLS = 2_000_000
UPLOAD_UNCOMPRESSED_MB = 100
UPLOAD_MEMBERS = 500


@dataclass(frozen=True)
class FileSize:
    """What the scan counted: rows (every sheet, header and blank rows included) and cells."""

    rows: int
    cells: int


class FileTooBig(ValueError):
    """The file passes a cap; `kind` is a stable keyword (zip_size, zip_members, rows, cells, doctype)."""

    def __init__(self, kind: str, message_ja: str, message_en: str) -> None:
        self.kind = kind
        self.message_ja = message_ja
        self.message_en = message_en
        super().__init__(f"{message_ja} / {message_en}")


def upload_limits(config: dict[str, object] | None = None) -> ReadLimits:
    """The caps of the admin upload page: `TSUNAGU_IMPORT_MAX_ROWS`, `…_MAX_CELLS`, `…_MAX_UNCOMPRESSED_MB`."""
    config = config or {}

    def number(key: str, default: int) -> int:
        value = config.get(key) or os.environ.get(key)
        return int(str(value)) if value else default

    return ReadLimits(
        max_rows=number("TSUNAGU_IMPORT_MAX_ROWS", UPLOAD_ROWS),
        max_cells=number("TSUNAGU_IMPORT_MAX_CELLS", UPLOAD_CELLS),
        max_uncompressed_bytes=number("TSUNAGU_IMPORT_MAX_UNCOMPRESSED_MB", UPLOAD_UNCOMPRESSED_MB) * 1024 * 1024,
        max_members=UPLOAD_MEMBERS,
    )


def check_bounds(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> FileSize | None:
    """Count a file's rows and cells without holding it; `FileTooBig` as soon as it passes a cap. A CSV without a
    row or cell cap is not counted (None): the command line reads big files at full speed. An xlsx always is, as
    its sheets are where a document type declaration would hide.
    """
    with path.open("rb") as stream:
        is_zip = stream.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
    if is_zip:
        try:
            with zipfile.ZipFile(path) as archive:
                _check_archive(archive, limits)
                return _count_workbook(archive, limits)
        except zipfile.BadZipFile:
            return FileSize(0, 0)  # not readable as xlsx: the table reader says so in its own words
    if limits.max_rows is None and limits.max_cells is None:
        return None
    return _count_csv(path, limits)


def _check_archive(archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    members = archive.infolist()
    if limits.max_members is not None and len(members) > limits.max_members:
        raise FileTooBig(
            "zip_members",
            f"xlsx の中のファイルが多すぎます（{len(members):,} 個、上限 {limits.max_members:,} 個）。",
            f"The xlsx holds too many parts ({len(members):,}; the limit is {limits.max_members:,}).",
        )
    unpacked = sum(member.file_size for member in members)
    if limits.max_uncompressed_bytes is not None and unpacked > limits.max_uncompressed_bytes:
        mb, limit = unpacked // (1024 * 1024), limits.max_uncompressed_bytes // (1024 * 1024)
        raise FileTooBig(
            "zip_size",
            f"xlsx を展開すると大きすぎます（{mb:,} MB、上限 {limit:,} MB）。"
            "行や書式を減らすか、CSV で保存してください。",
            f"The xlsx expands to too much data ({mb:,} MB; the limit is {limit:,} MB). "
            "Remove rows or formatting, or save it as CSV.",
        )


class _Tally:
    """Rows and cells counted so far, over every sheet, against the caps."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.rows = 0
        self.cells = 0

    def add(self, rows: int, cells: int) -> None:
        self.rows += rows
        self.cells += cells
        if self.limits.max_rows is not None and self.rows > self.limits.max_rows:
            raise FileTooBig(
                "rows",
                f"行数が多すぎます（{self.limits.max_rows:,} 行を超えています）。ファイルを分けて取り込んでください。",
                f"The file has more than {self.limits.max_rows:,} rows; split it and import the parts.",
            )
        if self.limits.max_cells is not None and self.cells > self.limits.max_cells:
            raise FileTooBig(
                "cells",
                f"セルの数が多すぎます（{self.limits.max_cells:,} 個を超えています）。"
                "ファイルを分けて取り込んでください。",
                f"The file has more than {self.limits.max_cells:,} cells; split it and import the parts.",
            )

    @property
    def size(self) -> FileSize:
        return FileSize(self.rows, self.cells)


def _count_workbook(archive: zipfile.ZipFile, limits: ReadLimits) -> FileSize:
    tally = _Tally(limits)
    for member in archive.infolist():
        if member.filename.endswith(".xml") and not member.is_dir():
            with archive.open(member) as stream:
                _count_sheet(stream, tally)
    return tally.size


class _NotASheet(Exception):  # noqa: N818 - control flow, not an error
    """The XML part is not a worksheet: stop reading it."""


def _count_sheet(stream: IO[bytes], tally: _Tally) -> None:
    """Rows and cells of one worksheet part as openpyxl's read-only mode yields them; other parts stop at once."""
    parser = expat.ParserCreate(namespace_separator="}")
    state = {"first": True, "row": 0, "col": 0, "widest": 0}

    def doctype(*_args: object) -> None:
        # No spreadsheet writer puts a DTD into a part; one is how entity-expansion attacks start.
        raise FileTooBig("doctype", "xlsx の中身が正しくありません。", "The xlsx holds a document type declaration.")

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit("}", 1)[-1]
        if state["first"]:
            state["first"] = False
            if local != "worksheet":
                raise _NotASheet
        if local == "row":
            number = int(attributes["r"]) if attributes.get("r", "").isdigit() else 0
            row = max(number, state["row"] + 1)  # openpyxl yields the empty rows of a gap too
            tally.add(row - state["row"], 0)
            state["row"], state["col"], state["widest"] = row, 0, 0
        elif local == "c":
            match = _CELL_REF.match(attributes.get("r", ""))
            column = _column_number(match.group(1)) if match else state["col"] + 1
            state["col"] = max(column, state["col"] + 1)
            if state["col"] > state["widest"]:
                tally.add(0, state["col"] - state["widest"])
                state["widest"] = state["col"]

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (_NotASheet, expat.ExpatError):
        return  # a part that is not a worksheet, or broken XML openpyxl will report


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _count_csv(path: Path, limits: ReadLimits) -> FileSize:
    """Records and cells of a CSV. Read as latin-1: quotes, commas and line ends are the same bytes in UTF-8 and
    CP932 (no CP932 trail byte is one of them), so the records split exactly where the real reader splits them."""
    tally = _Tally(limits)
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding="latin-1", newline="") as text:
        try:
            for record in csv.reader(text):
                tally.add(1, len(record))
        except csv.Error:
            pass  # malformed or an overlong field: the table reader refuses it with its own message
    return tally.size
