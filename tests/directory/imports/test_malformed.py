"""Files that are not tables: each gives one clear error naming the file, and nothing is written (both DBs)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from directory.imports.run import run_import
from directory.models import ImportRun, Location, Organization, Service


def _counts(session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(m)) for m in (Service, Organization, Location, ImportRun)
    )


def _empty_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = "基本情報"
    workbook.create_sheet("追加情報")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header_only_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["全国地方公共団体コード", "ID", "名称", "住所"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


MALFORMED = {
    "excel_without_data.xlsx": (_empty_workbook, "xlsx ファイルにデータがありません"),
    "ten_megabytes_one_line.csv": (lambda: b"a," * (5 * 1024 * 1024), "1行が長すぎます"),
    "binary_junk.csv": (lambda: bytes(range(256)) * 64, "テキスト（CSV）でも xlsx でもない"),
    "empty.csv": (lambda: b"\xef\xbb\xbf\r\n", "ファイルが空です"),
    "wrong_columns.csv": (lambda: "氏名,電話\n山田,03\n".encode(), "の項目ではありません"),
    "old_excel.xls": (lambda: b"\xd0\xcf\x11\xe0" + b"\0" * 600, "Excel 97-2003"),
}


@pytest.mark.parametrize("fmt", ["kodomo-shokudo", "kayoinoba", "opendata"])
@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_file_gives_a_clear_error_and_changes_nothing(db_session, tmp_path, name, fmt):
    make, expected = MALFORMED[name]
    path = tmp_path / name
    path.write_bytes(make())
    before = _counts(db_session)
    summary = run_import(db_session, fmt, [path])
    assert len(summary.errors) == 1
    error = summary.errors[0]
    assert error["file"] == name and expected in error["message"]
    assert " / " in error["message"]  # Japanese and English
    assert (summary.created, summary.updated) == (0, 0)
    assert _counts(db_session) == before


def test_header_without_rows_imports_nothing_and_is_no_error(db_session, tmp_path):
    path = tmp_path / "header_only.xlsx"
    path.write_bytes(_header_only_workbook())
    before = _counts(db_session)[:3]
    summary = run_import(db_session, "kodomo-shokudo", [path])
    assert (summary.rows, summary.created, summary.errors) == (0, 0, [])
    assert _counts(db_session)[:3] == before


def test_a_bad_file_among_good_ones_stops_all_of_them(db_session, tmp_path, shared_dir):
    good = shared_dir / "data" / "kodomo-shokudo" / "tokyo" / "131059_bunkyo_kodomosyokudo.csv"
    bad = tmp_path / "binary_junk.csv"
    bad.write_bytes(bytes(range(256)) * 64)
    before = _counts(db_session)
    summary = run_import(db_session, "kodomo-shokudo", [good, bad])
    assert [e["file"] for e in summary.errors] == ["binary_junk.csv"] and summary.created == 0
    assert _counts(db_session) == before
