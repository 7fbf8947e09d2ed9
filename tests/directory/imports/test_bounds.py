"""The caps on what one file may make the import read: measured by streaming, refused before it is read whole."""

from __future__ import annotations

import tracemalloc
import zipfile

import openpyxl
import pytest

from directory.formats.tabular import read_table
from directory.imports.bounds import FileTooBig, ReadLimits, check_bounds, upload_limits
from directory.imports.readers import read_file
from tests.directory.imports.workbooks import MAIN, PARTS, SHEET, write_workbook, write_zip_bomb

ROWS = 200_000
FLAT = 4 * 1024 * 1024
"""Peak bytes a refusal may take, whatever the file's length (reading 200 000 rows took over 1 GB)."""


def _row(number: int) -> list[str]:
    return [f"子ども食堂{number}", "千葉県松戸市常盤平1-2-3", str(number), "毎月第2水曜日 15時～19時"]


def _peak(action) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _unpacked(path) -> int:
    if not zipfile.is_zipfile(path):
        return path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        return sum(member.file_size for member in archive.infolist())


@pytest.fixture(scope="module")
def long_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("bounds") / "long.csv"
    with path.open("w", encoding="cp932", newline="") as out:
        out.write("名称,住所,ID,開催日\r\n")
        for number in range(1, ROWS + 1):
            out.write(",".join(_row(number)) + "\r\n")
    return path


@pytest.fixture(scope="module")
def long_xlsx(tmp_path_factory):
    rows = (["名称", "住所", "ID", "開催日"], *(_row(n) for n in range(1, ROWS + 1)))
    return write_workbook(tmp_path_factory.mktemp("bounds") / "long.xlsx", rows)


@pytest.mark.parametrize("fixture", ["long_csv", "long_xlsx"])
def test_a_200_000_row_file_is_refused_with_flat_memory(request, fixture):
    path = request.getfixturevalue(fixture)
    assert _unpacked(path) > 3 * FLAT  # holding the file, let alone its rows, would pass the bound
    refusals = []

    def measure():
        try:
            check_bounds(path, upload_limits())
        except FileTooBig as exc:
            refusals.append(exc)

    assert _peak(measure) < FLAT
    assert [exc.kind for exc in refusals] == ["rows"]
    assert "50,000 行を超えています" in refusals[0].message_ja and "more than 50,000 rows" in refusals[0].message_en


def test_the_cap_is_configurable_and_a_file_within_it_is_counted(long_csv):
    assert check_bounds(long_csv, ReadLimits(max_rows=ROWS + 1)).rows == ROWS + 1
    assert check_bounds(long_csv) is None  # no cap (the command line): not even counted
    with pytest.raises(FileTooBig) as refused:
        check_bounds(long_csv, upload_limits({"TSUNAGU_IMPORT_MAX_CELLS": 1000}))
    assert refused.value.kind == "cells" and "1,000 個を超えています" in refused.value.message_ja


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(tmp_path, monkeypatch):
    bomb = write_zip_bomb(tmp_path / "bomb.xlsx", 256)
    assert bomb.stat().st_size < 1024 * 1024

    def opened(*_args, **_kwargs):
        raise AssertionError("openpyxl opened the zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", opened)
    result = read_file(bomb, "kodomo-shokudo")
    assert result.table is None and result.rows == []
    assert "xlsx を展開すると大きすぎます（256 MB、上限 200 MB）" in result.error
    assert "The xlsx expands to too much data" in result.error


def test_too_many_parts_are_refused(tmp_path):
    path = write_workbook(tmp_path / "parts.xlsx", [["名称", "住所"], ["a", "b"]])
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(20):
            archive.writestr(f"xl/media/image{number}.png", b"")
    with pytest.raises(FileTooBig) as refused:
        check_bounds(path, ReadLimits(max_members=10))
    assert refused.value.kind == "zip_members"


def _sheet_xml(tmp_path, body: str, prologue: str = ""):
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr(
            SHEET, f'<?xml version="1.0"?>{prologue}<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'
        )
    return path


def test_rows_and_cells_are_counted_as_openpyxl_would_yield_them(tmp_path):
    # one numbered row far down makes openpyxl yield every empty row above it; one cell in column XFD a full row
    far_down = _sheet_xml(tmp_path, '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="900000"/>')
    with pytest.raises(FileTooBig) as refused:
        check_bounds(far_down, upload_limits())
    assert refused.value.kind == "rows"
    wide = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 200))
    with pytest.raises(FileTooBig) as refused:
        check_bounds(_sheet_xml(tmp_path, wide), upload_limits())
    assert refused.value.kind == "cells"


def test_a_document_type_declaration_is_refused(tmp_path):
    entities = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with pytest.raises(FileTooBig) as refused:
        check_bounds(_sheet_xml(tmp_path, "<row><c><v>&b;</v></c></row>", entities))
    assert refused.value.kind == "doctype"


def test_csv_records_are_counted_as_the_reader_splits_them(tmp_path):
    path = tmp_path / "quoted.csv"
    text = '名称,住所,備考\r\n"子ども食堂\r\nあおぞら",松戸市,"改行、""引用""入り"\r\nソ連,表,能\r\n'
    path.write_bytes(text.encode("cp932"))
    size = check_bounds(path, upload_limits())
    assert size.rows == 1 + len(read_table(path).rows) == 3
    assert size.cells == 9


def test_a_small_workbook_written_for_these_tests_reads_as_usual(tmp_path):
    path = write_workbook(tmp_path / "small.xlsx", [["名称", "住所"], ["あおぞら食堂", "松戸市"]])
    assert check_bounds(path, upload_limits()).rows == 2
    assert read_table(path).rows[0].cells == ("あおぞら食堂", "松戸市")
