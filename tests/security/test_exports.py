"""Every CSV a person may open in a spreadsheet, from the web or the command line, neutralises formulas."""

from __future__ import annotations

import csv

from directory.formats.hsds.export import export_hsds
from directory.formats.hsds.files import read_csv
from directory.formats.spreadsheet import SafeCsvWriter, neutralise
from directory.translations.files import write_rows
from directory.translations.services import untranslated
from tests.factories import make_service

EVIL = '=HYPERLINK("http://evil.example","開く")'


def _cells(path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def test_the_hsds_export_csvs_neutralise_formulas_and_read_back_unchanged(db_session, tmp_path):
    make_service(db_session, name=EVIL, description="@SUM(1+1)")
    export_hsds(db_session, tmp_path / "out")
    services = tmp_path / "out" / "datapackage" / "services.csv"
    cells = _cells(services)
    assert "'" + EVIL in cells and EVIL not in cells
    assert "'@SUM(1+1)" in cells
    names = [row.get("name") for row in read_csv(services.parent, "services.csv")]
    assert EVIL in names


def test_the_translators_csv_neutralises_formulas(db_session, tmp_path):
    make_service(db_session, name=EVIL)
    target = tmp_path / "pt.csv"
    write_rows(untranslated(db_session, "pt-BR"), target)
    cells = _cells(target)
    assert "'" + EVIL in cells and EVIL not in cells


def test_the_shared_writer_leaves_numbers_and_phones_alone(tmp_path):
    with (tmp_path / "x.csv").open("w", encoding="utf-8", newline="") as fh:
        SafeCsvWriter(fh).writerows([["-5", "+81 3-1234-5678", "=1+2", None, 3]])
    assert _cells(tmp_path / "x.csv") == ["-5", "+81 3-1234-5678", "'=1+2", "", "3"]
    assert neutralise("-") == "-"
