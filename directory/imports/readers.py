"""Files → entry drafts for every tabular format, and what the admin preview shows of a file.

One reader per format says which layout a header is and what a record means; reading bytes, finding the
header and cleaning cells is `directory.formats.tabular` for all of them. `detect_format` lets the upload
page pick the format from the columns when the person does not say.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directory.formats import kayoinoba, opendata
from directory.formats.drafts import EntryDraft, Problem
from directory.formats.kodomo_shokudo.layout import LayoutKind, RawRecord, detect_layout
from directory.formats.kodomo_shokudo.layout import records as kodomo_shokudo_records
from directory.formats.kodomo_shokudo.read import draft as kodomo_shokudo_draft
from directory.formats.tabular import Table, TableError, read_table
from directory.imports.bounds import DEFAULT_LIMITS, FileTooBig, ReadLimits, check_bounds

TABULAR_FORMATS = ("kodomo-shokudo", "kayoinoba", "opendata")


@dataclass(frozen=True)
class Layout:
    """A header as one format reads it: recognised or not, in words, and the required columns missing."""

    format: str
    recognised: bool
    label: str
    missing: tuple[str, ...] = ()
    state: Any = None


@dataclass
class ReadResult:
    """One file read: how it was stored, its layout, each row's draft or problems."""

    file_name: str
    table: Table | None = None
    layout: Layout | None = None
    rows: list[tuple[RawRecord, EntryDraft | None, list[Problem]]] = field(default_factory=list)
    error: str | None = None
    """Why the file could not be read at all (then `rows` is empty)."""


def _kodomo_shokudo_layout(header: tuple[str, ...]) -> Layout:
    found = detect_layout(header)
    labels = {LayoutKind.STANDARD: "子ども食堂 標準項目（49列）", LayoutKind.ADDITION: "子ども食堂 追加情報（25列）"}
    return Layout(
        "kodomo-shokudo", found.kind is not LayoutKind.UNKNOWN, labels.get(found.kind, "不明"), found.missing, found
    )


def _kodomo_shokudo_rows(table: Table, layout: Layout) -> Iterator[tuple[RawRecord, EntryDraft | None, list[Problem]]]:
    addition = layout.state.kind is LayoutKind.ADDITION
    for record in kodomo_shokudo_records(table, layout.state):
        entry, problems = kodomo_shokudo_draft(record, file_name=table.file_name, addition=addition)
        yield record, entry, problems


def _kayoinoba_layout(header: tuple[str, ...]) -> Layout:
    _fields, missing = kayoinoba.detect(header)
    return Layout("kayoinoba", not missing, "通いの場（厚生労働省）", missing)


def _kayoinoba_rows(table: Table, layout: Layout) -> Iterator[tuple[RawRecord, EntryDraft | None, list[Problem]]]:
    for record in kayoinoba.records(table):
        entry, problems = kayoinoba.draft(record)
        yield record, entry, problems


def _opendata_layout(header: tuple[str, ...]) -> Layout:
    found = opendata.detect(header)
    names = {opendata.ListKind.FACILITY: "公共施設一覧", opendata.ListKind.EVENT: "イベント一覧"}
    label = f"自治体標準データセット {names.get(found.kind, '不明')}（{found.edition}）"
    return Layout("opendata", found.kind is not opendata.ListKind.UNKNOWN, label, found.missing, found)


def _opendata_rows(table: Table, layout: Layout) -> Iterator[tuple[RawRecord, EntryDraft | None, list[Problem]]]:
    for record in opendata.records(table, layout.state):
        entry, problems = opendata.draft(record, layout.state)
        yield record, entry, problems


READERS: dict[str, tuple[Callable[[tuple[str, ...]], Layout], Callable[..., Iterator[Any]]]] = {
    "kodomo-shokudo": (_kodomo_shokudo_layout, _kodomo_shokudo_rows),
    "kayoinoba": (_kayoinoba_layout, _kayoinoba_rows),
    "opendata": (_opendata_layout, _opendata_rows),
}


def detect_format(header: tuple[str, ...]) -> Layout | None:
    """The first tabular format whose layout the header is (None when none recognises it)."""
    for layout_of, _rows in READERS.values():
        layout = layout_of(header)
        if layout.recognised:
            return layout
    return None


def read_file(
    path: Path, fmt: str | None, *, file_name: str | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> ReadResult:
    """Read one CSV/xlsx file in `fmt` (None = detect it); never raises for a bad file.

    The file is first measured against `limits` without being held (`directory.imports.bounds`): an xlsx that
    would unpack to too much, or a file past the row or cell cap, is refused before it is read as a table.
    """
    name = file_name or path.name
    result = ReadResult(name)
    try:
        check_bounds(path, limits)
        result.table = read_table(path, file_name=name)
    except (TableError, FileTooBig, OSError) as exc:
        result.error = str(exc) if isinstance(exc, OSError) else f"{exc.message_ja} / {exc.message_en}"
        return result
    header = result.table.header
    layout = READERS[fmt][0](header) if fmt else detect_format(header)
    result.layout = layout
    if layout is None or not layout.recognised:
        missing = "、".join(layout.missing) if layout else "?"
        wanted = fmt or "、".join(TABULAR_FORMATS)
        result.error = f"{wanted} の項目ではありません（不足: {missing}） / not the {wanted} layout"
        return result
    result.rows = list(READERS[layout.format][1](result.table, layout))
    addition = result.table.addition
    if addition is not None and layout.format == "kodomo-shokudo":  # the workbook's own 追加情報 sheet
        extra = _kodomo_shokudo_layout(addition.header)
        if extra.recognised and extra.state.kind is LayoutKind.ADDITION:
            sheet = dataclasses.replace(addition, file_name=f"{name}（{addition.sheet_name}）")
            # the sheet has no code column: its rows belong to the town of the workbook's own entries
            codes = {entry.municipality_code for _record, entry, _problems in result.rows if entry}
            for record, entry, problems in _kodomo_shokudo_rows(sheet, extra):
                if entry is not None and entry.municipality_code is None and len(codes) == 1:
                    entry.municipality_code = next(iter(codes))
                result.rows.append((record, entry, problems))
    return result
