"""Read a CSV or xlsx file as published by a municipality into a plain `Table` of strings.

Generic on purpose: it knows nothing about any layout, only about how Japanese open-data files are
actually produced (Excel "CSV UTF-8" with one BOM, tools that add a second, a BOM mangled into "?",
Shift_JIS/CP932 from older Excel, title lines above the header, empty padding rows Excel keeps after a
deleted range). Layout modules such as `kodomo_shokudo_layout` map the header to fields.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import re
import unicodedata
import zipfile
from pathlib import Path

from directory.formats.spreadsheet import restore

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest file accepted: a municipal list is a few hundred KB; 50 MB is far beyond any real one."""

MAX_LINE_BYTES = 1024 * 1024
"""Longest physical line accepted. A 49-column row is a few KB; a longer line is not a table (or it
uses an end-of-line the reader does not know) and is refused before csv parses it."""

HEADER_SEARCH_ROWS = 10
"""How many rows may precede the header (title lines such as 「子ども食堂一覧（令和6年4月現在）」)."""

PRIMARY_SHEET = "基本情報"
ADDITION_SHEET = "追加情報"

_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003)
# A BOM re-encoded by a tool that does not know it becomes "?" (or a full-width "？").
_HEADER_JUNK = "\ufeff?？ \t\u3000"
_MAX_CONTROL_CHAR_RATIO = 0.01
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Unicode category Cc except tab, CR and LF (a regex: counting per character took seconds on large files)."""


class TableError(ValueError):
    """The file cannot be read as a table at all; the message is shown to the person importing it.

    `kind` is a stable keyword for programs and tests (empty, binary, too_large, line_too_long,
    no_header, unsupported, xlsx_unreadable, xlsx_no_data, csv_malformed).
    """

    def __init__(self, kind: str, message_ja: str, message_en: str, *, file_name: str = "") -> None:
        self.kind = kind
        self.message_ja = message_ja
        self.message_en = message_en
        self.file_name = file_name
        prefix = f"{file_name}: " if file_name else ""
        super().__init__(f"{prefix}{message_ja} / {message_en}")


@dataclasses.dataclass(frozen=True)
class TableRow:
    """One data row: its cells (same length as the header) and its row number as a spreadsheet shows it.

    `width` is how many cells the file's line really had (CSV): fewer than the header means the row is
    broken or the file was cut off — the layout reports it before anything is written.
    """

    number: int
    cells: tuple[str, ...]
    width: int | None = None


@dataclasses.dataclass(frozen=True)
class Table:
    """A header and its data rows, plus how the file was stored.

    `encoding` is "utf-8", "utf-8-bom", "utf-8-double-bom" or "cp932" for CSV, None for xlsx.
    `header_row` is the spreadsheet row number of the header (1 unless junk lines precede it).
    `addition` holds the 追加情報 sheet of an xlsx workbook, when there is one.
    """

    file_name: str
    format: str
    encoding: str | None
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    header_row: int = 1
    sheet_name: str | None = None
    addition: Table | None = dataclasses.field(default=None, repr=False)
    cut_off: str | None = None
    """Why the file looks cut off at its end (an open quote, half a character), else None."""
    ends_without_line_break: bool = False


def clean_header_cell(cell: str) -> str:
    """NFKC, BOM- and space-stripped header name: "名称　" and "名称" and a full-width "ＩＤ" compare equal."""
    return unicodedata.normalize("NFKC", cell.replace("\ufeff", "")).strip()


def read_table(source: bytes | str | os.PathLike[str], *, file_name: str | None = None) -> Table:
    """Read a CSV (UTF-8 with 0–2 BOMs, or CP932) or xlsx file into a `Table`; raise `TableError` if it is none.

    The format is decided from the content, not the extension, because exported files are often renamed.
    """
    if isinstance(source, bytes):
        data = source
        name = file_name or "<bytes>"
    else:
        path = Path(source)
        name = file_name or path.name
        # Look at the size before reading so a mistaken multi-GB file fails at once.
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _too_large(name)
        data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(name)
    if not data.replace(_BOM, b"").strip():
        raise TableError("empty", "ファイルが空です。", "The file is empty.", file_name=name)
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data, name)
    if data.startswith(_OLE_MAGIC):
        raise TableError(
            "unsupported",
            "Excel 97-2003 形式（.xls）には対応していません。xlsx か CSV で保存し直してください。",
            "Excel 97-2003 (.xls) files are not supported; save as xlsx or CSV.",
            file_name=name,
        )
    return _read_csv(data, name)


def _too_large(name: str) -> TableError:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return TableError(
        "too_large",
        f"ファイルが大きすぎます（上限 {limit} MB）。",
        f"The file is too large (limit {limit} MB).",
        file_name=name,
    )


def _check_line_lengths(data: bytes, name: str) -> None:
    """Refuse a file with an overlong physical line before the csv module spends time on it."""
    position = 0
    size = len(data)
    while position < size:
        window_end = min(size, position + MAX_LINE_BYTES + 1)
        end = data.find(b"\n", position, window_end)
        if end == -1:
            # Classic-Mac files end lines with "\r" alone.
            end = data.find(b"\r", position, window_end)
        if end == -1:
            if window_end - position > MAX_LINE_BYTES:
                limit = MAX_LINE_BYTES // 1024
                raise TableError(
                    "line_too_long",
                    f"1行が長すぎます（上限 {limit} KB）。表形式のファイルではない可能性があります。",
                    f"A line is longer than {limit} KB; this does not look like a table.",
                    file_name=name,
                )
            return
        position = end + 1


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding label; BOMs are counted and removed here because utf-8-sig strips only one."""
    boms = 0
    while data.startswith(_BOM, boms * len(_BOM)):
        boms += 1
    body = data[boms * len(_BOM) :]
    if b"\x00" in body:
        raise _binary(name)
    try:
        text = body.decode("utf-8")
        label = ("utf-8", "utf-8-bom", "utf-8-double-bom")[min(boms, 2)]
    except UnicodeDecodeError as exc:
        if exc.start >= len(body) - 3 and _decodes(body[: exc.start]):
            # UTF-8 up to half a character at the very end: a copy cut off mid-character, not Shift_JIS
            return body[: exc.start].decode("utf-8") + CUT_CHARACTER, "utf-8"
        try:
            # CP932 rather than strict Shift_JIS: Excel writes ①, ㈱ and NEC/IBM extensions.
            text = body.decode("cp932")
            label = "cp932"
        except UnicodeDecodeError:
            raise _binary(name) from None
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(1, len(text) * _MAX_CONTROL_CHAR_RATIO):
        raise _binary(name)
    return text, label


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


CUT_CHARACTER = "\ufffd"
"""Stands for the half character a cut-off UTF-8 file ends with (reported, never stored)."""


def _binary(name: str) -> TableError:
    return TableError(
        "binary",
        "テキスト（CSV）でも xlsx でもないファイルです。文字コードは UTF-8 か Shift_JIS にしてください。",
        "The file is neither text (CSV) nor xlsx; use UTF-8 or Shift_JIS for CSV.",
        file_name=name,
    )


def _read_csv(data: bytes, name: str) -> Table:
    _check_line_lengths(data, name)
    text, encoding = _decode(data, name)
    try:
        # newline="" lets csv keep line breaks inside quoted fields; the Excel dialect matches the files.
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise TableError(
            "csv_malformed",
            f"CSV として読めません（{exc}）。",
            f"The file is not valid CSV ({exc}).",
            file_name=name,
        ) from exc
    # Each csv record is one spreadsheet row, even when a quoted field spans several lines.
    numbered = [(number, [cell.replace("\r\n", "\n") for cell in cells]) for number, cells in enumerate(records, 1)]
    table = _build_table(numbered, name=name, format="csv", encoding=encoding, sheet_name=None, widths=True)
    cut_off = None
    if text.endswith(CUT_CHARACTER):
        cut_off = "最後の文字が途中で切れています / the last character is cut in half"
    elif text.count('"') % 2:
        cut_off = '引用符（"）が閉じないまま終わっています / a quoted value is never closed'
    return dataclasses.replace(table, cut_off=cut_off, ends_without_line_break=not text.endswith(("\n", "\r")))


def _build_table(
    numbered: list[tuple[int, list[str]]],
    *,
    name: str,
    format: str,
    encoding: str | None,
    sheet_name: str | None,
    widths: bool = False,
) -> Table:
    """Find the header, clean it, and keep the non-empty rows padded or trimmed to its width."""
    header_index = _find_header(numbered)
    if header_index is None:
        raise TableError(
            "no_header",
            f"見出し行が見つかりません（先頭 {HEADER_SEARCH_ROWS} 行に2列以上の行がありません）。",
            f"No header row found (no row with two or more columns in the first {HEADER_SEARCH_ROWS} rows).",
            file_name=name,
        )
    header_number, raw_header = numbered[header_index]
    header = [clean_header_cell(cell) for cell in raw_header]
    if header:
        header[0] = header[0].lstrip(_HEADER_JUNK)
    while header and not header[-1]:
        header.pop()
    width = len(header)
    rows: list[TableRow] = []
    for number, cells in numbered[header_index + 1 :]:
        if _is_blank(cells):
            continue
        # Cells beyond the header are kept only when they hold something, so the layout can report them.
        kept = cells if not _is_blank(cells[width:]) else cells[:width]
        kept = [restore(cell) for cell in kept] + [""] * (width - len(kept))
        # xlsx rows end at their last cell with a value, so only a CSV line's own length says anything
        line_width = len(cells) if widths else None
        rows.append(TableRow(number=number, cells=tuple(kept), width=line_width))
    return Table(
        file_name=name,
        format=format,
        encoding=encoding,
        header=tuple(header),
        rows=tuple(rows),
        header_row=header_number,
        sheet_name=sheet_name,
    )


def _is_blank(cells: list[str]) -> bool:
    return all(not cell.replace("\ufeff", "").strip() for cell in cells)


def _find_header(numbered: list[tuple[int, list[str]]]) -> int | None:
    """Index of the first row with at least two non-empty cells: title lines and a lone "?" have one."""
    for index, (_number, cells) in enumerate(numbered[:HEADER_SEARCH_ROWS]):
        if sum(1 for cell in cells if cell.replace("\ufeff", "").strip(" \t\u3000?？")) >= 2:
            return index
    return None


def _xlsx_cell(value: object) -> str:
    """The text a spreadsheet user sees: 131059 not 131059.0, 15:00 not 15:00:00."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        midnight = (value.hour, value.minute, value.second) == (0, 0, 0)
        return value.date().isoformat() if midnight else value.isoformat(sep=" ")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M") if value.second == 0 else value.strftime("%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, name: str) -> Table:
    # Imported here so CSV-only callers do not pay for openpyxl.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TableError(
            "xlsx_unreadable",
            "xlsx ファイルとして開けません。",
            f"The file cannot be opened as xlsx ({type(exc).__name__}).",
            file_name=name,
        ) from exc
    try:
        sheets: dict[str, list[tuple[int, list[str]]]] = {}
        for sheet in workbook.worksheets:
            # Some exporters write a wrong <dimension>; read-only mode would then cut rows off.
            sheet.reset_dimensions()
            numbered = [
                (number, [_xlsx_cell(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
            ]
            sheets[sheet.title] = numbered
    finally:
        workbook.close()
    filled = {title: rows for title, rows in sheets.items() if any(not _is_blank(cells) for _n, cells in rows)}
    if not filled:
        raise TableError(
            "xlsx_no_data", "xlsx ファイルにデータがありません。", "The xlsx workbook holds no data.", file_name=name
        )
    primary = PRIMARY_SHEET if PRIMARY_SHEET in filled else next(iter(filled))
    addition = None
    if ADDITION_SHEET in filled and primary != ADDITION_SHEET:
        addition = _build_table(
            filled[ADDITION_SHEET], name=name, format="xlsx", encoding=None, sheet_name=ADDITION_SHEET
        )
    table = _build_table(filled[primary], name=name, format="xlsx", encoding=None, sheet_name=primary)
    return dataclasses.replace(table, addition=addition)
