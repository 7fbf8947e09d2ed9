"""Importing the real 子ども食堂 open data: all-or-nothing, row errors, idempotent, private homes, additions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.imports.run import run_import
from directory.models import AddressVisibility, ImportRun, Location, Service
from directory.search.params import SearchParams
from directory.search.query import search_services
from tests.paths import IMPORT_FIXTURES, KODOMO_SHOKUDO

TOKYO = KODOMO_SHOKUDO / "tokyo"
ALL_FILES = sorted(TOKYO.glob("*.csv"))
# verified by hand (see the reader's tests): 581 rows in the 30 standard files, 8 in the 4 addition files;
# two real rows are invalid: 小金井市 row 2 ends before it starts, 狛江市 row 7 has a wrong check digit
INVALID = {("132101_koganeishi_kodomosyokudo.csv", 2), ("132195_komaeshi_kodomosyokudo.csv", 7)}


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_default_is_all_or_nothing_with_row_errors(db_session):
    before = count(db_session, Service)
    summary = run_import(db_session, "kodomo-shokudo", ALL_FILES)
    assert {(e["file"], e["row"]) for e in summary.errors} == INVALID
    assert all(e["column"] and e["message"] for e in summary.errors)
    assert summary.rows == 589 and summary.created == 0
    assert count(db_session, Service) == before  # nothing written


def test_skip_invalid_imports_the_rest_and_reimport_creates_nothing(db_session):
    first = run_import(db_session, "kodomo-shokudo", ALL_FILES, skip_invalid=True)
    assert (first.rows, first.created, first.skipped) == (589, 579, 2)
    services = count(db_session, Service)
    again = run_import(db_session, "kodomo-shokudo", ALL_FILES, skip_invalid=True)
    assert (again.created, again.updated) == (0, 0)  # nothing changed, so nothing counts as updated
    assert count(db_session, Service) == services
    assert count(db_session, ImportRun) >= 2


def test_dry_run_counts_but_writes_nothing(db_session):
    before = count(db_session, Service)
    summary = run_import(db_session, "kodomo-shokudo", ALL_FILES, skip_invalid=True, dry_run=True)
    assert summary.created == 579
    assert count(db_session, Service) == before


def test_imported_entries_are_searchable_with_provenance_and_schedules(db_session):
    run_import(db_session, "kodomo-shokudo", [TOKYO / "131059_bunkyo_kodomosyokudo.csv"])
    result = search_services(db_session, SearchParams(q="おもてなし食堂"))
    assert [h.service.name for h in result.hits] == ["おもてなし食堂"]
    service = result.hits[0].service
    assert (service.municipality_code, service.source_id) == ("131059", "1")
    assert service.source == "kodomo-shokudo:131059_bunkyo_kodomosyokudo.csv"
    assert service.schedules and service.schedules[0].byday == "TH"  # 開催曜日 木, 17:00–18:00
    assert {c.age_band.value: c.is_free for c in service.costs}["elementary"] is True


def test_private_home_gets_area_visibility(db_session):
    run_import(db_session, "kodomo-shokudo", [TOKYO / "131164_toshimaku_kodomosyokudo.csv"])
    homes = db_session.scalars(select(Location).where(Location.building.like("%様方%"))).all()
    assert homes and all(h.address_visibility == AddressVisibility.AREA for h in homes)


def test_addition_rows_add_a_place_to_their_entry(db_session):
    files = [TOKYO / "132152_kunitachishi_kodomosyokudo.csv", TOKYO / "132152_kunitachishi_kodomosyokudo_tsuika.csv"]
    summary = run_import(db_session, "kodomo-shokudo", files)
    assert not summary.errors
    service = db_session.scalar(select(Service).where(Service.municipality_code == "132152", Service.source_id == "7"))
    assert len(service.at_locations) == 2


def test_an_addition_sheet_in_the_workbook_adds_places_like_an_addition_file(db_session, tmp_path):
    import csv

    import openpyxl

    workbook = openpyxl.Workbook()
    for sheet, name in ((workbook.active, "基本情報"), (workbook.create_sheet(), "追加情報")):
        sheet.title = name
        source = TOKYO / ("132152_kunitachishi_kodomosyokudo" + ("_tsuika" if name == "追加情報" else "") + ".csv")
        for row in csv.reader(source.read_text(encoding="utf-8-sig").splitlines()):
            sheet.append(row)
    path = tmp_path / "国立市子ども食堂.xlsx"
    workbook.save(path)
    summary = run_import(db_session, "kodomo-shokudo", [path])
    assert not summary.errors
    service = db_session.scalar(select(Service).where(Service.municipality_code == "132152", Service.source_id == "7"))
    assert len(service.at_locations) == 2  # as with the two CSV files


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", "名前,住所\nA,B\n".encode()])
def test_malformed_files_change_nothing(db_session, tmp_path, content):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    before = count(db_session, Service)
    summary = run_import(db_session, "kodomo-shokudo", [bad])
    assert summary.errors and summary.errors[0]["file"] == "bad.csv"
    assert count(db_session, Service) == before


def test_cli_json_summary_and_exit_codes(tmp_path):
    tsunagu = str(Path(sys.executable).with_name("tsunagu"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSUNAGU_")} | {
        "TSUNAGU_INSTANCE_PATH": str(tmp_path)
    }
    subprocess.run([tsunagu, "init-db"], env=env, check=True, capture_output=True, timeout=120)  # noqa: S603
    files = [str(p) for p in ALL_FILES]
    failed = subprocess.run(
        [tsunagu, "import", "kodomo-shokudo", *files, "--json"],
        env=env,  # noqa: S603
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert failed.returncode == 1
    body = json.loads(failed.stdout)
    assert set(body) == {
        "files",
        "rows",
        "created",
        "updated",
        "skipped",
        "geocoded",
        "errors",
        "warnings",
        "ignored_columns",
    }
    assert body["files"] == 34 and len(body["errors"]) == 2
    ok = subprocess.run(
        [tsunagu, "import", "kodomo-shokudo", *files, "--skip-invalid", "--json"],
        env=env,  # noqa: S603
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["created"] == 579
    data = IMPORT_FIXTURES
    for fmt, paths, created in (
        ("kayoinoba", [data / "kayoinoba_sample.csv"], 5),
        ("opendata", sorted(data.glob("opendata_*.csv")), 7),
    ):
        other = subprocess.run(
            [tsunagu, "import", fmt, *map(str, paths), "--json"],
            env=env,  # noqa: S603
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert other.returncode == 0, other.stderr
        assert (json.loads(other.stdout)["created"], json.loads(other.stdout)["errors"]) == (created, [])


def test_progress_is_reported_per_entry(db_session):
    calls: list[tuple[int, int]] = []
    run_import(
        db_session,
        "kodomo-shokudo",
        [TOKYO / "131059_bunkyo_kodomosyokudo.csv"],
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls[0] == (1, 7) and calls[-1] == (7, 7)


class _FixedGeocoder:
    """Stands in for GSI (tests never touch the network): every address is at one point."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def geocode(self, address: str):  # noqa: ANN201
        from directory.imports.geocoding import GeocodeResult

        self.asked.append(address)
        return GeocodeResult(35.7, 139.7, "test", address)


def test_rows_without_coordinates_are_geocoded_and_private_homes_send_only_the_town(db_session):
    geocoder = _FixedGeocoder()
    summary = run_import(
        db_session, "kodomo-shokudo", [TOKYO / "131164_toshimaku_kodomosyokudo.csv"], geocoder=geocoder
    )
    assert summary.geocoded == len(geocoder.asked) > 0
    located = db_session.scalars(select(Location).where(Location.geocode_source == "test")).all()
    assert len(located) == summary.geocoded
    home = db_session.scalar(select(Location).where(Location.building.like("%様方%")))
    assert not any(home.block and home.block in address for address in geocoder.asked if home.town in address)


def test_every_shared_file_at_once_then_again_changes_nothing(db_session):
    """The 34 Tokyo files plus tokyo-merged-geocoded.csv (the same 子ども食堂 again, 23 more, coordinates filled)."""
    files = [*ALL_FILES, TOKYO.parent / "tokyo-merged-geocoded.csv"]
    first = run_import(db_session, "kodomo-shokudo", files, skip_invalid=True)
    # skipped: 4 bad rows, and the merged file's second row with ID N29600000021 (中野区: こども食堂さくら and
    # こども食堂 share it), which used to overwrite the first silently
    assert (first.rows, first.created, first.updated, first.skipped) == (1194, 602, 0, 5)
    [repeat] = [e for e in first.errors if e["column"] == "ID"]
    assert (repeat["file"], repeat["row"]) == ("tokyo-merged-geocoded.csv", 603) and "602 行目" in repeat["message"]
    again = run_import(db_session, "kodomo-shokudo", files, skip_invalid=True)
    assert (again.created, again.updated) == (0, 0)
