"""What a municipal clerk is told: the right column and value, files refused whole, blanking, real conventions."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from directory.imports.run import run_import
from directory.models import ImportRun, Service
from tests.paths import PROJECT
from tsunagu.cli import main

REAL = PROJECT / "tests" / "data" / "real"
FUKUI = REAL / "182109_sakai_fukui_kodomoshokudo.csv"
FACILITY_HEADER = "全国地方公共団体コード,ID,地方公共団体名,名称,住所,開始時間,終了時間,利用可能曜日"
EVENT_HEADER = "全国地方公共団体コード,ID,地方公共団体名,イベント名,開始日,終了日,開始時間,終了時間,住所"


def _csv(tmp_path, name: str, *lines: str) -> object:
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_a_bad_end_time_is_reported_on_the_end_time_column(db_session, tmp_path):
    path = _csv(
        tmp_path, "f.csv", FACILITY_HEADER, "172120,1,石川県野々市市,公民館,石川県野々市市三納1-1,9:00,25:00,月"
    )
    [error] = run_import(db_session, "opendata", [path]).errors
    assert (error["row"], error["column"]) == (2, "終了時間")
    assert "25:00" in error["message"]


def test_a_file_missing_only_the_name_is_told_so(db_session, tmp_path):
    path = _csv(tmp_path, "f.csv", "全国地方公共団体コード,ID,住所", "172120,1,石川県野々市市三納1-1")
    [error] = run_import(db_session, "opendata", [path]).errors
    assert "不足: 名称）" in error["message"] and "住所" not in error["message"].split("不足")[1]


def test_multi_day_events_and_no_set_time_are_not_errors(db_session, tmp_path):
    path = _csv(
        tmp_path,
        "e.csv",
        EVENT_HEADER,
        "202142,1,長野県茅野市,縄文展,2024-09-16,2024-09-20,13:00,12:00,長野県茅野市豊平4734-132",
        "202142,2,長野県茅野市,フリーマーケット,2024-10-05,2024-10-05,0:00,0:00,長野県茅野市塚原1-1-1",
    )
    summary = run_import(db_session, "opendata", [path])
    assert (summary.created, summary.errors) == (2, [])
    exhibition = db_session.scalar(select(Service).where(Service.name == "縄文展"))
    days = sorted(
        (
            str(r.valid_from),
            str(r.valid_to),
            str(r.opens_at) if r.opens_at else None,
            str(r.closes_at) if r.closes_at else None,
        )
        for r in exhibition.schedules
    )
    # every day of the exhibition, the opening time on the first day and the closing time on the last
    assert days == [
        ("2024-09-16", "2024-09-16", "13:00:00", None),
        ("2024-09-17", "2024-09-19", None, None),
        ("2024-09-20", "2024-09-20", None, "12:00:00"),
    ]
    market = db_session.scalar(select(Service).where(Service.name == "フリーマーケット"))
    assert (market.schedules[0].opens_at, market.schedules[0].closes_at) == (None, None)


def test_an_unclosed_quote_at_the_end_is_a_cut_off_file(db_session, tmp_path):
    data = FUKUI.read_bytes()
    cut = data.rfind(b"KUKULU")
    copy = tmp_path / "cut.csv"
    copy.write_bytes(data[: data.rfind(b"\n", 0, cut) + 1] + b'7,182109,,,"cut')
    summary = run_import(db_session, "kodomo-shokudo", [copy])
    assert summary.created == 0
    assert any(e["row"] == 7 and "引用符" in e["message"] for e in summary.errors)


def test_skip_invalid_fails_when_a_file_is_refused_whole_and_records_no_run(app, db_session, tmp_path):
    foreign = _csv(tmp_path, "foreign.csv", "氏名,電話", "山田,03-0000-0000")
    runs = db_session.scalar(select(func.count()).select_from(ImportRun))
    result = app.test_cli_runner().invoke(
        main, ["import", "kodomo-shokudo", str(FUKUI), str(foreign), "--skip-invalid", "--json"]
    )
    assert result.exit_code == 1
    body = json.loads(result.output)
    assert body["created"] == 0 and body["errors"][0]["file"] == "foreign.csv"
    assert db_session.scalar(select(func.count()).select_from(ImportRun)) == runs


def test_text_output_never_says_none(app, db_session, tmp_path):
    foreign = _csv(tmp_path, "foreign.csv", "氏名,電話", "山田,03-0000-0000")
    result = app.test_cli_runner().invoke(main, ["import", "opendata", str(foreign)])
    assert result.exit_code == 1
    assert "None" not in result.output and "foreign.csv:1: " in result.output


def test_blanking_a_stored_value_is_a_warning_until_allowed(db_session, tmp_path):
    run_import(db_session, "kodomo-shokudo", [FUKUI])
    lines = FUKUI.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("mikunisibushakyo@tuba.ocn.ne.jp", "")
    changed = _csv(tmp_path, FUKUI.name, *lines)
    summary = run_import(db_session, "kodomo-shokudo", [changed])
    assert summary.updated == 0
    [warning] = summary.warnings
    assert (warning["row"], warning["column"]) == (2, "email")
    assert "mikunisibushakyo@tuba.ocn.ne.jp" in warning["message"] and "--allow-blanking" in warning["message"]
    smile = db_session.scalar(select(Service).where(Service.name == "子ども食堂スマイル"))
    assert smile.email == "mikunisibushakyo@tuba.ocn.ne.jp"
    allowed = run_import(db_session, "kodomo-shokudo", [changed], allow_blanking=True)
    assert (allowed.updated, allowed.warnings) == (1, [])
    db_session.refresh(smile)
    assert smile.email is None


def test_an_hsds_organization_is_told_what_it_is(db_session, shared_dir):
    summary = run_import(db_session, "hsds", [shared_dir / "hsds" / "examples" / "organization_full.json"])
    assert summary.created == 0
    assert any("organization" in e["message"] and "not a service" in e["message"] for e in summary.errors)
    assert not any("None" in e["message"] for e in summary.errors)


def test_a_copy_cut_in_its_last_cell_does_not_shorten_the_stored_text(db_session, tmp_path):
    okinawa = REAL / "472115_okinawa_kodomonoibasyo.csv"
    run_import(db_session, "kodomo-shokudo", [okinawa])
    data = okinawa.read_bytes()
    cut = data.find("必要に応じて夕食対応".encode()) + len("必要に応じて".encode())
    copy = tmp_path / okinawa.name
    copy.write_bytes(data[:cut])  # row 3 looks whole: 49 cells, its 備考 cut to 「軽食※必要に応じて」
    summary = run_import(db_session, "kodomo-shokudo", [copy])
    assert (summary.created, summary.updated, summary.errors) == (0, 0, [])
    [warning] = summary.warnings
    assert warning["row"] == 3 and "改行がなく" in warning["message"] and "cut off" in warning["message"]
    tanpopo = db_session.scalar(select(Service).where(Service.name == "夢空間たんぽぽ"))
    assert tanpopo.description.endswith("必要に応じて夕食対応")
