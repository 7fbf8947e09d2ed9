"""自治体標準データセット 公共施設一覧 / イベント一覧, in the 正式版 and the older 推奨データセット column names."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from directory.formats import opendata
from directory.formats.opendata import ListKind
from directory.formats.tabular import read_table
from directory.imports.run import run_import
from directory.models import Frequency, Service
from tests.paths import IMPORT_FIXTURES

DATA = IMPORT_FIXTURES
FILES = {
    "facilities_seishiki": (ListKind.FACILITY, "正式版", "utf-8-bom"),
    "facilities_suisho": (ListKind.FACILITY, "推奨データセット", "cp932"),
    "events_seishiki": (ListKind.EVENT, "正式版", "utf-8-bom"),
    "events_suisho": (ListKind.EVENT, "推奨データセット", "cp932"),
}


def _drafts(name: str) -> list:
    table = read_table(DATA / f"opendata_{name}.csv")
    layout = opendata.detect(table.header)
    return [opendata.draft(record, layout) for record in opendata.records(table, layout)]


@pytest.mark.parametrize("name", FILES)
def test_list_and_edition_are_detected_from_the_columns(name):
    table = read_table(DATA / f"opendata_{name}.csv")
    layout = opendata.detect(table.header)
    assert (layout.kind, layout.edition, table.encoding) == FILES[name]
    assert not layout.missing


def test_one_alias_table_reads_both_editions_alike():
    new = [entry for entry, _problems in _drafts("facilities_seishiki")]
    old = [entry for entry, _problems in _drafts("facilities_suisho")]
    # 地方公共団体名 "千葉県松戸市" is split like 都道府県名 + 市区町村名
    assert (new[0].place.prefecture, new[0].place.city) == ("千葉県", "松戸市")
    assert (old[0].place.prefecture, old[0].place.city) == ("千葉県", "鎌ケ谷市")
    assert (new[0].municipality_code, new[0].source_id) == ("122076", "facility:F001")
    assert (old[0].municipality_code, old[0].source_id) == ("122246", "facility:1")  # NO → source ID


def test_a_mixed_header_is_read_and_called_mixed():
    layout = opendata.detect(["全国地方公共団体コード", "NO", "都道府県名", "市区町村名", "名称", "住所"])
    assert (layout.kind, layout.edition) == (ListKind.FACILITY, "混在")


def test_unknown_columns_are_not_a_list():
    layout = opendata.detect(["氏名", "電話"])
    assert layout.kind is ListKind.UNKNOWN and layout.missing == ("名称", "住所")


def test_facility_hours_accessibility_and_notes():
    centre = _drafts("facilities_seishiki")[0][0]
    assert [(r.freq, r.byday, r.opens_at, r.closes_at) for r in centre.place.rules] == [
        ("WEEKLY", "MO,TU,WE,TH,FR,SA", time(9), time(21))
    ]
    assert centre.place.schedule_note == "祝日・年末年始は休館"
    assert set(centre.place.accessibility) == {"wheelchair", "accessible_toilet", "elevator"}
    assert "スロープ" in centre.place.access_notes
    library = _drafts("facilities_seishiki")[1][0]
    assert library.place.rules[0].byday == "TU,WE,TH,FR,SA,SU"  # 火～日 is a range


def test_event_dates_in_three_spellings_become_daily_schedules():
    cafe, harvest = (entry for entry, _problems in _drafts("events_seishiki"))
    assert [(r.freq, r.valid_from, r.valid_to) for r in cafe.place.rules] == [
        ("DAILY", date(2024, 11, 16), date(2024, 11, 16))
    ]
    assert (harvest.place.rules[0].valid_from, harvest.place.rules[0].valid_to) == (
        date(2024, 11, 23),
        date(2024, 11, 24),
    )
    assert harvest.place.schedule_note == "雨天中止"
    assert harvest.how_to_join == "電話で申込／申込締切: 2024-11-15 17:00"
    cooking = _drafts("events_suisho")[0][0]
    assert cooking.place.rules[0].valid_from == date(2024, 12, 7)  # 2024年12月7日
    assert {"men_welcome", "visit_ok"} <= set(cooking.kinds)
    assert [(c.amount_yen, c.is_free) for c in cooking.costs] == [(500, False)]
    assert cooking.fees_note == "材料費500円"


def test_event_end_before_start_is_a_row_error(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes((DATA / "opendata_events_seishiki.csv").read_bytes().replace(b"2024/11/24", b"2024/11/20"))
    table = read_table(path)
    layout = opendata.detect(table.header)
    problems = [p for record in opendata.records(table, layout) for p in opendata.draft(record, layout)[1]]
    assert [(p.row, p.column) for p in problems] == [(3, "終了日")]


def test_import_of_all_four_files_then_reimport_is_idempotent(db_session):
    paths = [DATA / f"opendata_{name}.csv" for name in FILES]
    first = run_import(db_session, "opendata", paths)
    assert (first.rows, first.created, first.errors) == (7, 7, [])
    cafe = db_session.scalar(select(Service).where(Service.name == "多世代交流カフェ"))
    assert cafe.schedules[0].freq == Frequency.DAILY and cafe.schedules[0].valid_from == date(2024, 11, 16)
    assert cafe.organization.name == "松戸市社会福祉協議会"
    centre = db_session.scalar(select(Service).where(Service.name == "常盤平地域交流センター"))
    location = centre.at_locations[0].location
    assert {str(a.feature) for a in location.accessibility} == {"wheelchair", "accessible_toilet", "elevator"}
    assert location.name == "常盤平地域交流センター"
    again = run_import(db_session, "opendata", paths)
    assert (again.created, again.updated, again.errors) == (0, 0, [])
