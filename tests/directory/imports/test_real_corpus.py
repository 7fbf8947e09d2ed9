"""Real municipal files from eleven prefectures beyond Tokyo (tests/data/real, sources in SOURCES.md).

Each file imports strictly with exact counts (or is refused with exact row errors when it carries an
Excel-mangled 法人番号); a second import changes nothing; a truncated copy changes nothing; the 49-column
round trip and the HSDS round trip keep every field.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from directory.formats.hsds import objects as hsds_objects
from directory.formats.hsds.export import SERVICES_DIR, export_hsds
from directory.formats.kodomo_shokudo.export import export_kodomo_shokudo
from directory.formats.kodomo_shokudo.layout import FIELDS, clean_value, header_key
from directory.formats.tabular import read_table
from directory.imports.run import run_import
from directory.models import Location, LocationAccessibility, Organization, Service
from tests.paths import PROJECT

REAL = PROJECT / "tests" / "data" / "real"


@dataclass(frozen=True)
class Expected:
    fmt: str
    rows: int
    created: int
    errors: int
    bad_rows: int
    ignored: tuple[str, ...] = ()


CORPUS = {
    "11_saitama_kodomoshokudo.csv": Expected("kodomo-shokudo", 20, 20, 0, 0),
    "182109_sakai_fukui_kodomoshokudo.csv": Expected("kodomo-shokudo", 6, 6, 0, 0),
    # the published workbook itself: 基本情報 (116 rows with data, 6-digit prefecture code 140007) and
    # 追加情報 (10 rows carrying only their NO)
    "140007_kanagawa_kodomoshokudo.xlsx": Expected("kodomo-shokudo", 126, 116, 0, 0),
    "472115_okinawa_kodomonoibasyo.csv": Expected("kodomo-shokudo", 10, 10, 0, 0),
    "172120_nonoichi_public_facility.csv": Expected("opendata", 9, 9, 0, 0, ("_id",)),
    # Excel turned most 法人番号 into 5.22001E+12; row 10's seasonal hours in 開始時間 are read as seasons
    "170003_ishikawa_public_facility.csv": Expected("opendata", 11, 0, 9, 9),
    "202142_chino_public_facility.csv": Expected("opendata", 8, 0, 8, 8),
    # イベント, ベース・レジストリ catalog (データ連携モデル names: 名称, 開始時刻, 日時備考, 住所 in four parts)
    "402036_kurume_fukuoka_event.csv": Expected("opendata", 5, 5, 0, 0),
    "412015_saga_event.csv": Expected("opendata", 5, 5, 0, 0),
    "140007_kanagawa_event.csv": Expected("opendata", 3, 3, 0, 0),
    "120006_chiba_event.csv": Expected("opendata", 3, 3, 0, 0),
    # 8 rows without 開始日 (「1月中旬?3月初旬の土日、祝日」, an exhibition with only 終了日) and 3 rows that
    # repeat an earlier row's NO
    "282090_toyooka_hyogo_event.csv": Expected("opendata", 30, 0, 11, 11),
    # one NO for several different events: 7 rows repeat an earlier row's NO
    "352021_ube_yamaguchi_event.csv": Expected("opendata", 11, 0, 7, 7),
}
CLEAN = [name for name, expected in CORPUS.items() if not expected.errors]


def _snapshot(session) -> dict[str, dict]:
    """Every service as its HSDS object (what the API and the export show) plus the columns kept aside."""
    session.expire_all()
    result = {}
    for service in session.scalars(select(Service).order_by(Service.id)):
        body = hsds_objects.service(service)
        body.pop("last_modified", None)
        body["source_fields"] = service.source_fields
        result[service.uuid] = body
    return result


@pytest.mark.parametrize("name", list(CORPUS))
def test_each_real_file_imports_strictly_with_exact_counts(db_session, name):
    expected = CORPUS[name]
    summary = run_import(db_session, expected.fmt, [REAL / name])
    assert (summary.rows, summary.created, summary.updated, len(summary.errors)) == (
        expected.rows,
        expected.created,
        0,
        expected.errors,
    )
    assert [c["column"] for c in summary.ignored_columns] == list(expected.ignored)
    assert all(error["file"] == name and error["row"] and error["column"] for error in summary.errors)
    again = run_import(db_session, expected.fmt, [REAL / name])
    assert (again.created, again.updated, again.skipped, len(again.errors)) == (0, 0, 0, expected.errors)


@pytest.mark.parametrize("name", ["170003_ishikawa_public_facility.csv", "202142_chino_public_facility.csv"])
def test_mangled_corporate_numbers_are_row_errors_that_say_what_to_do(db_session, name):
    summary = run_import(db_session, "opendata", [REAL / name], skip_invalid=True)
    expected = CORPUS[name]
    assert (summary.created, summary.skipped) == (expected.rows - expected.bad_rows, expected.bad_rows)
    mangled = [e for e in summary.errors if e["column"] == "法人番号"]
    assert mangled and all("E+12" in e["message"] and "Excel" in e["message"] for e in mangled)
    assert all("文字列" in e["message"] and "text" in e["message"] for e in mangled)


def test_seasonal_hours_are_a_rule_per_season_valid_in_its_months(db_session, tmp_path):
    """Row 10 (西部緑地公園テニスコート): 「4/1～10/31 6:00 11/1～3/31 8:30」 until 日没まで; with its 法人番号
    typed again as text it imports with one weekly rule per season and 日没まで as the note."""
    data = (REAL / "170003_ishikawa_public_facility.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    column = rows[0].index("法人番号")
    rows[9][column] = "2000020170003"
    copy = tmp_path / "170003_ishikawa_public_facility.csv"
    with copy.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([rows[0], rows[9]])
    summary = run_import(db_session, "opendata", [copy])
    assert (summary.created, summary.errors) == (1, [])
    court = db_session.scalar(select(Service).where(Service.name == "西部緑地公園テニスコート"))
    seasons = sorted((str(s.opens_at), s.closes_at, s.except_months, s.notes) for s in court.schedules)
    assert seasons == [
        ("06:00:00", None, "1,2,3,11,12", "日没まで"),
        ("08:30:00", None, "4,5,6,7,8,9,10", "日没まで"),
    ]
    assert all(s.byday == "MO,TU,WE,TH,FR,SA,SU" for s in court.schedules)


def test_formal_edition_columns_are_stored(db_session):
    run_import(db_session, "opendata", [REAL / "172120_nonoichi_public_facility.csv"])
    park = db_session.scalar(select(Service).where(Service.name == "野々市中央公園"))
    location = park.at_locations[0].location
    assert park.organization.corporate_number == "5000020172120"
    assert (location.town, location.block) == ("下林", "3丁目、堀内2丁目地内")  # NFKC: ､ is 、
    assert {str(a.feature) for a in location.accessibility} == {"accessible_toilet", "parking"}
    assert park.source_fields["バリアフリートイレ"] == "有"
    assert park.source_fields["スロープ、エレベータ、エスカレータ"] == "有"
    assert park.source_fields["POIコード"] == "1003"


def test_older_edition_with_a_two_digit_prefecture_code(db_session):
    run_import(db_session, "kodomo-shokudo", [REAL / "11_saitama_kodomoshokudo.csv"])
    shokudo = db_session.scalar(select(Service).where(Service.name == "多世代ふれあい食堂HAPPYくまここ"))
    assert (shokudo.municipality_code, shokudo.source_id) == ("11", "28")
    assert shokudo.source_fields["メールアドレス2"] == "h-kishimoto@mcp-saitama.or.jp"
    assert shokudo.source_fields["ネットワークの加入"] == "埼玉県子ども食堂ネットワーク"


def test_event_files_of_the_data_model_layout(db_session):
    """名称 is the event, 開始時刻/終了時刻 its hours over 開始日–終了日, 日時備考 the note, the address in parts."""
    run_import(db_session, "opendata", [REAL / "412015_saga_event.csv", REAL / "402036_kurume_fukuoka_event.csv"])
    hina = db_session.scalar(select(Service).where(Service.name == "第22回佐賀城下ひなまつり"))
    (rule,) = hina.schedules
    assert (str(rule.freq), str(rule.valid_from), str(rule.valid_to)) == ("DAILY", "2022-02-11", "2022-03-21")
    assert (str(rule.opens_at), str(rule.closes_at)) == ("10:00:00", "17:00:00")
    assert (hina.municipality_code, hina.source_id) == ("412015", "event:0000000016")
    setsubun = db_session.scalar(select(Service).where(Service.name == "久留米宗社日吉神社節分祭"))
    assert "追儺の儀10:00" in setsubun.schedules[0].notes
    assert setsubun.at_locations[0].location.city == "久留米市"


def test_event_rows_without_a_start_date_or_with_a_repeated_no_say_what_to_do(db_session):
    summary = run_import(db_session, "opendata", [REAL / "282090_toyooka_hyogo_event.csv"])
    by_row = {e["row"]: e for e in summary.errors}
    assert summary.created == 0
    assert by_row[8]["column"] == "開始日" and "1月中旬?3月初旬の土日、祝日" in by_row[8]["message"]
    assert "開始日が空です" in by_row[8]["message"] and "write the first day" in by_row[8]["message"]
    assert "終了日 2022-02-01" in by_row[10]["message"]
    assert (
        by_row[15]["column"] == "NO"
        and "14 行目" in by_row[15]["message"]
        and "repeats row 14" in by_row[15]["message"]
    )
    ube = run_import(db_session, "opendata", [REAL / "352021_ube_yamaguchi_event.csv"], skip_invalid=True)
    assert (ube.created, ube.skipped) == (4, 7)
    names = set(db_session.scalars(select(Service.name).where(Service.municipality_code == "352021")))
    assert "子供服・絵本リユースフェア" not in names  # its NO is the first row's; it is not merged into it


def _xlsx_from_csv(source: Path, target: Path) -> Path:
    """A workbook as Excel would save the real CSV (one sheet 基本情報, every cell text)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "基本情報"
    for row in csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")):
        sheet.append(row)
    workbook.save(target)
    return target


@pytest.mark.parametrize(
    "name", ["11_saitama_kodomoshokudo.csv", "182109_sakai_fukui_kodomoshokudo.csv", "412015_saga_event.csv"]
)
def test_the_same_file_as_xlsx_gives_the_same_entries(db_session, tmp_path, name):
    workbook = _xlsx_from_csv(REAL / name, tmp_path / name.replace(".csv", ".xlsx"))
    fmt = CORPUS[name].fmt
    summary = run_import(db_session, fmt, [workbook])
    assert (summary.created, summary.errors) == (CORPUS[name].created, [])
    again = run_import(db_session, fmt, [REAL / name])
    assert (again.created, again.updated, again.warnings) == (0, 0, [])


def _cut_points(data: bytes) -> list[int]:
    """40 offsets spread over the data rows, and every 11th byte of the last data line (a cut there leaves a
    whole-looking row whose last cell is short)."""
    first_row = data.find(b"\n") + 1
    last_line = data.rstrip(b"\r\n,").rfind(b"\n") + 1
    spread = range(first_row + 1, len(data) - 1, max(1, (len(data) - first_row) // 40))
    return sorted({*spread, *range(last_line + 1, len(data) - 2, 11)})


@pytest.mark.parametrize("name", list(CORPUS))
def test_a_truncated_copy_changes_nothing(db_session, tmp_path, name):
    expected = CORPUS[name]
    run_import(db_session, expected.fmt, [REAL / name], skip_invalid=True)
    before = _snapshot(db_session)
    data = (REAL / name).read_bytes()
    for cut in _cut_points(data):
        copy = tmp_path / name
        copy.write_bytes(data[:cut])
        summary = run_import(db_session, expected.fmt, [copy])
        assert summary.created == summary.updated == 0, f"a copy cut at byte {cut} of {len(data)} changed entries"
        assert _snapshot(db_session) == before, cut


def test_a_copy_cut_in_half_a_character_is_not_read_as_shift_jis(db_session, tmp_path):
    data = (REAL / "182109_sakai_fukui_kodomoshokudo.csv").read_bytes()
    cut = data.rfind("西瓜屋".encode()) + 1  # inside the first character's three bytes
    copy = tmp_path / "cut.csv"
    copy.write_bytes(data[:cut])
    summary = run_import(db_session, "kodomo-shokudo", [copy])
    assert summary.created == 0
    assert any(e["row"] == 7 and "切れて" in e["message"] for e in summary.errors)
    assert all("\ufffd" not in str(e) and "隕" not in str(e) for e in summary.errors)  # no mojibake


def _normalized(fields: dict[str, str]) -> dict[str, str | None]:
    by_key = {header_key(spelling): name for name, (ja, aliases) in FIELDS.items() for spelling in (ja, *aliases)}
    return {by_key[header_key(k)]: clean_value(by_key[header_key(k)], v) if v else None for k, v in fields.items()}


ROUND_TRIP_FIELDS = (
    "name",
    "name_kana",
    "purpose",
    "support_category",
    "building",
    "phone",
    "phone_extension",
    "fax",
    "email",
    "email2",
    "corporate_number",
    "organization_name",
    "fee_preschool",
    "fee_elementary",
    "fee_junior_high",
    "fee_high_school",
    "fee_adult",
    "fee_notes",
    "food_pantry",
    "takeout",
    "network_membership",
    "notes",
)


@pytest.mark.parametrize("name", [n for n in CLEAN if CORPUS[n].fmt == "kodomo-shokudo"])
def test_49_column_round_trip_keeps_every_field(db_session, tmp_path, name):
    run_import(db_session, "kodomo-shokudo", [REAL / name])
    exported = tmp_path / "export.csv"
    export_kodomo_shokudo(db_session, exported)
    table = read_table(REAL / name)  # CSV or the published workbook's 基本情報 sheet
    rows = [_normalized(dict(zip(table.header, row.cells, strict=True))) for row in table.rows]
    original = {row["name"]: row for row in rows if row["name"]}
    written = {
        row["name"]: row for row in map(_normalized, csv.DictReader(io.StringIO(exported.read_text("utf-8-sig"))))
    }
    assert set(written) == set(original)
    for entry, fields in written.items():
        # an entry without 運営団体名 is its own organisation, written back as an empty column
        for row in (fields, original[entry]):
            row["organization_name"] = None if row["organization_name"] == entry else row["organization_name"]
        for field_name in ROUND_TRIP_FIELDS:
            assert fields[field_name] == original[entry][field_name], (entry, field_name)
        # written more fully, meaning the same: 住所 with its 都道府県, 緯度/経度 to 6 decimals (0.1 m)
        # (and a minus sign 1−21−11 in 番地 written as the hyphen it stands for)
        assert fields["address"].endswith(re.sub("[\u2010-\u2015\u2212\uff0d]", "-", original[entry]["address"])), entry
        for axis in ("lat", "lon"):
            if original[entry][axis]:
                assert abs(float(fields[axis]) - float(original[entry][axis])) < 1e-6, (entry, axis)
    again = run_import(db_session, "kodomo-shokudo", [exported])
    assert (again.created, again.updated, again.errors, again.warnings) == (0, 0, [], [])


def _services(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((folder / SERVICES_DIR).glob("*.json"))]


@pytest.mark.parametrize("shape", ["json", "tabular"])
def test_hsds_round_trip_restores_accessibility_corporate_number_building_and_email(db_session, tmp_path, shape):
    """tsunagu → HSDS → tsunagu → HSDS: what the first export says comes back after the catalog lost it, from
    the JSON files or from the tabular datapackage (accessibility.csv, the tsunagu_profile columns)."""
    for name, expected in CORPUS.items():
        run_import(db_session, expected.fmt, [REAL / name], skip_invalid=True)
    for service in db_session.scalars(select(Service)):
        service.status = "published"
    db_session.flush()
    export_hsds(db_session, tmp_path / "first")
    first = _services(tmp_path / "first")
    assert any(loc["location"].get("accessibility") for s in first for loc in s["service_at_locations"])
    assert any(s["organization"].get("tax_id") for s in first) and any(s.get("email") for s in first)
    assert any("車椅子貸出" in s["tsunagu_profile"].get("source_fields", {}) for s in first)
    # lose what the issue says was lost, then take it back from the HSDS files
    for org in db_session.scalars(select(Organization)):
        org.corporate_number = None
    for location in db_session.scalars(select(Location)):
        location.building, location.accessibility = None, []
    for service in db_session.scalars(select(Service)):
        service.email = service.source_fields = None
    db_session.flush()
    assert db_session.scalar(select(LocationAccessibility.feature)) is None
    summary = run_import(db_session, "hsds", [tmp_path / "first" / ("datapackage" if shape == "tabular" else "")])
    assert (summary.created, summary.errors) == (0, [])
    export_hsds(db_session, tmp_path / "second")
    second = _services(tmp_path / "second")
    by_id = {service["id"]: service for service in second}
    for service in first:
        again = by_id[service["id"]]
        for key in ("name", "description", "email", "url", "tsunagu_profile"):
            assert again.get(key) == service.get(key), (service["name"], key)
        assert again["organization"].get("tax_id") == service["organization"].get("tax_id")
        for link, link_again in zip(service["service_at_locations"], again["service_at_locations"], strict=True):
            location, location_again = link["location"], link_again["location"]
            assert location_again.get("accessibility") == location.get("accessibility"), service["name"]
            assert location_again["addresses"] == location["addresses"], service["name"]
    if shape == "tabular":  # and the second datapackage is the first, table by table
        for table, dropped in (
            ("services.csv", {"last_modified"}),
            ("schedules.csv", {"id"}),  # a re-imported rule is a new row
            ("organizations.csv", set()),
            ("organization_identifiers.csv", set()),
            ("locations.csv", set()),
            ("addresses.csv", set()),
            ("accessibility.csv", set()),
            ("cost_options.csv", {"id"}),
        ):
            tables = [_table_rows(tmp_path / run / "datapackage" / table, dropped) for run in ("first", "second")]
            assert tables[0] == tables[1], table
            assert tables[0], table


def _table_rows(path: Path, dropped: set[str]) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [{k: v for k, v in row.items() if k not in dropped} for row in csv.DictReader(fh)]
    return sorted(json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows)
