"""通いの場 (厚生労働省) open data: how each column is read, and importing it on both databases."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import select

from directory.formats import kayoinoba
from directory.formats.costs import CostBand, parse_cost
from directory.formats.tabular import read_table
from directory.imports.run import run_import
from directory.models import AddressVisibility, ImportChange, LadderStage, Service
from tests.paths import IMPORT_FIXTURES

SAMPLE = IMPORT_FIXTURES / "kayoinoba_sample.csv"


def _drafts(path: Path = SAMPLE) -> dict[str, object]:
    table = read_table(path)
    return {entry.name: entry for record in kayoinoba.records(table) for entry in [kayoinoba.draft(record)[0]]}


def test_the_national_layout_is_recognised_by_column_name():
    table = read_table(SAMPLE)
    fields, missing = kayoinoba.detect(table.header)
    assert table.encoding == "cp932" and len(table.header) == 38 and not missing
    assert None not in fields  # every column of the national file feeds a field
    assert len(table.rows) == 5  # the empty padding row is ignored


def test_columns_become_entry_fields():
    entry = _drafts()["常盤平いきいき体操会"]
    assert entry.municipality_code == "122076" and entry.source_id == "1001"
    assert entry.name_kana == "ときわだいらいきいきたいそうかい"
    assert entry.eligibility == "65歳以上の方" and entry.capacity == 20
    assert entry.place.postal_code == "270-2261" and entry.place.building == "常盤平市民センター 2階"
    assert (entry.place.lat, entry.place.lon) == (35.79871, 139.96602)
    assert entry.transport_offered is False
    assert "飲食の提供: なし" in entry.description and "飲食の持ち込み: 可" in entry.description
    assert "総合事業: あり" in entry.description and "対象エリア: 常盤平地区" in entry.description


def test_activity_text_is_classified_and_kept():
    drafts = _drafts()
    exercise = drafts["常盤平いきいき体操会"]
    assert exercise.kinds == ("salon", "older_people")
    assert exercise.description.startswith("いきいき百歳体操・脳トレ・茶話会")
    volunteering = drafts["くぬぎ山げんき倶楽部"]
    assert {"salon", "volunteers_wanted", "men_welcome"} <= set(volunteering.kinds)
    assert volunteering.ladder_stage == LadderStage.VOLUNTEER
    farm = drafts["農作業の通いの場"]
    assert "work_experience" in farm.kinds and "disability_friendly" in farm.kinds
    assert farm.ladder_stage == LadderStage.WORK
    assert drafts["五香サロン"].ladder_stage == LadderStage.HOBBY


def test_five_digit_city_code_gets_its_check_digit():
    assert _drafts()["五香サロン"].municipality_code == "122076"


def test_line_break_marker_becomes_a_line_break():
    assert _drafts()["五香サロン"].description.startswith("おしゃべり\nカラオケ・手芸")


def test_hours_per_day_group_become_weekly_schedules():
    drafts = _drafts()
    salon = drafts["五香サロン"].place.rules  # full-width １３：００ and 定休日 日 (no weekday affected)
    assert [(r.freq, r.byday, r.opens_at, r.closes_at) for r in salon] == [
        ("WEEKLY", "MO,TU,WE,TH,FR", time(13), time(15, 30))
    ]
    club = drafts["くぬぎ山げんき倶楽部"]  # 定休日 水曜日 takes Wednesday out of 平日; 祝日 hours go to the note
    assert [r.byday for r in club.place.rules] == ["MO,TU,TH,FR"]
    assert club.place.schedule_note == "祝日 13:00～15:00／定休日: 水曜日"
    assert [r.byday for r in drafts["山田家のお茶会"].place.rules] == ["SA"]
    assert [r.byday for r in drafts["農作業の通いの場"].place.rules] == ["SU"]


def test_days_named_in_other_replace_the_weekday_group():
    rules = _drafts()["常盤平いきいき体操会"].place.rules  # その他: 毎週火曜日に開催しています
    assert [(r.freq, r.byday, r.opens_at, r.closes_at) for r in rules] == [("WEEKLY", "TU", time(10), time(11, 30))]


@pytest.mark.parametrize(
    ("text", "amount", "free", "band"),
    [
        ("1回100円", 100, False, CostBand.PER_VISIT),
        ("無料", 0, True, CostBand.FREE),
        ("月500円", 500, False, CostBand.PERIODIC),
        ("年会費1,000円", 1000, False, CostBand.PERIODIC),
        ("実費", None, False, CostBand.AT_COST),
        ("お茶代 100円程度", 100, False, CostBand.PER_VISIT),
        ("無料（カンパ制）", 0, True, CostBand.DONATION),
        ("参加費なし", 0, True, CostBand.FREE),
        ("要問合せ", None, False, CostBand.UNKNOWN),
    ],
)
def test_fee_text_becomes_amount_and_band(text, amount, free, band):
    parsed = parse_cost(text)
    assert (parsed.amount_yen, parsed.is_free, parsed.band) == (amount, free, band)
    assert parsed.note == (None if text == "無料" else text)  # the source wording is kept


def test_end_before_start_is_a_row_error_naming_the_column(tmp_path):
    bad = tmp_path / "kayoinoba_bad.csv"
    bad.write_bytes(SAMPLE.read_bytes().replace("１３：００".encode("cp932"), b"16:00"))
    errors = [problem for record in kayoinoba.records(read_table(bad)) for problem in kayoinoba.draft(record)[1]]
    assert [(p.row, p.column) for p in errors] == [(3, "運営日（平日）－開始")]
    assert "終了時刻が開始時刻より前です" in errors[0].message


def test_import_creates_entries_with_kinds_costs_transport_and_private_homes(db_session):
    summary = run_import(db_session, "kayoinoba", [SAMPLE])
    assert (summary.rows, summary.created, summary.errors) == (5, 5, [])
    services = {s.name: s for s in db_session.scalars(select(Service).where(Service.source.like("kayoinoba:%")))}
    salon = services["五香サロン"]
    assert salon.transport_offered is True and salon.ladder_stage == LadderStage.HOBBY
    assert [t.code for t in salon.terms] == ["salon"]
    assert salon.organization.name == "社会福祉法人松戸市社会福祉協議会"
    assert salon.organization.corporate_number == "4040005001234"
    assert [(c.age_band.value, c.is_free) for c in salon.costs] == [("adult", True)]
    monthly = services["くぬぎ山げんき倶楽部"]
    assert [(c.amount_yen, c.note) for c in monthly.costs] == [(500, "月500円")]
    assert monthly.fees_description == "月500円"
    home = services["山田家のお茶会"].at_locations[0].location
    assert home.address_visibility == AddressVisibility.AREA and home.point is None


def test_reimport_changes_nothing_and_a_changed_row_updates_with_history(db_session, tmp_path):
    run_import(db_session, "kayoinoba", [SAMPLE])
    again = run_import(db_session, "kayoinoba", [SAMPLE])
    assert (again.created, again.updated) == (0, 0)
    changed = tmp_path / "kayoinoba_next.csv"
    changed.write_bytes(SAMPLE.read_bytes().replace("1回100円".encode("cp932"), "1回200円".encode("cp932")))
    third = run_import(db_session, "kayoinoba", [changed], user_id=None)
    assert (third.created, third.updated) == (0, 1)
    service = db_session.scalar(select(Service).where(Service.name == "常盤平いきいき体操会"))
    history = db_session.scalars(select(ImportChange).where(ImportChange.service_id == service.id)).all()
    assert len(history) == 1 and history[0].file == "kayoinoba_next.csv" and history[0].row == 2
    assert history[0].changes["fees_description"] == ["1回100円", "1回200円"]
    assert service.source == "kayoinoba:kayoinoba_next.csv"
