"""The reading layer of the 子ども食堂 importer, on the real Tokyo files and on small files made here."""

from __future__ import annotations

import io
import random
import time
from collections.abc import Sequence
from datetime import time as clock

import openpyxl
import pytest

from directory.formats.kodomo_shokudo.layout import (
    FIELDS,
    LayoutError,
    LayoutKind,
    detect_layout,
    is_private_home,
    records,
)
from directory.formats.tabular import MAX_LINE_BYTES, TableError, read_table
from tests.paths import KODOMO_SHOKUDO

DATA = KODOMO_SHOKUDO
STANDARD_HEADER = [japanese for japanese, _aliases in FIELDS.values()]
ADDITION_HEADER = "ID,住所,方書,緯度,経度,開催頻度,開催曜日,開催日,開催開始時間,開催終了時間".split(",")
BOM = b"\xef\xbb\xbf"

# Counted by hand, two ways that do not use this reader: (1) `grep -cE '^"?13[0-9]{4},'` counts the lines
# that start a record with a municipality code (continuation lines of multi-line quoted fields do not);
# (2) for the *_tsuika.csv files, which have no code column and no multi-line fields, `wc -l` minus the
# header (every file ends in a newline). Both agree with `csv.reader` minus blank rows. The encoding column
# is from `xxd` of the first bytes (ef bb bf once or twice; 3f = the stray "?" in 目黒区 and 昭島市).
REAL_FILES = [
    ("tokyo/131059_bunkyo_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 7),
    ("tokyo/131067_taitoku_kodomosyokudo.csv", "utf-8-double-bom", LayoutKind.STANDARD, 7),
    ("tokyo/131083_kotoku_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 24),
    ("tokyo/131091_shinagawaku_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 38),  # 40 lines
    ("tokyo/131105_meguroku_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 11),  # BOM + "?"
    ("tokyo/131113_otaku_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 53),
    ("tokyo/131113_otaku_kodomosyokudo_tsuika.csv", "utf-8-bom", LayoutKind.ADDITION, 1),
    ("tokyo/131130_shibuyaku_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 52),
    ("tokyo/131156_suginamiku_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 42),
    ("tokyo/131164_toshimaku_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 9),  # 12 lines
    ("tokyo/131181_arakawaku_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 6),
    ("tokyo/131199_itabashiku_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 53),
    ("tokyo/131202_nerimaku_kodomosyokudo.csv", "utf-8-double-bom", LayoutKind.STANDARD, 40),  # 53 lines
    ("tokyo/131229_katsushikaku_kodomosyokudo.csv", "utf-8-double-bom", LayoutKind.STANDARD, 12),
    ("tokyo/132012_hachioji_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 49),
    ("tokyo/132039_musashinoshi_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 5),
    ("tokyo/132055_omeshi_kodomosyokudo.csv", "utf-8-double-bom", LayoutKind.STANDARD, 10),
    ("tokyo/132063_fuchushi_kodomosyokudo.csv", "utf-8-double-bom", LayoutKind.STANDARD, 11),
    ("tokyo/132071_akishimashi_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 6),  # BOM + "?"
    ("tokyo/132071_akishimashi_kodomosyokudo_tsuika.csv", "utf-8-double-bom", LayoutKind.ADDITION, 2),
    ("tokyo/132080_chofushi_kodomosyokudo.csv", "utf-8-double-bom", LayoutKind.STANDARD, 25),
    ("tokyo/132098_machidashi_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 19),
    ("tokyo/132101_koganeishi_kodomosyokudo.csv", "utf-8-double-bom", LayoutKind.STANDARD, 2),
    ("tokyo/132128_hinoshi_kodomosyokudo.csv", "utf-8-double-bom", LayoutKind.STANDARD, 7),
    ("tokyo/132128_hinoshi_kodomosyokudo_tsuika.csv", "utf-8-bom", LayoutKind.ADDITION, 3),
    ("tokyo/132136_higashimurayamashi_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 13),  # 18 lines
    ("tokyo/132152_kunitachishi_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 12),
    ("tokyo/132152_kunitachishi_kodomosyokudo_tsuika.csv", "utf-8-bom", LayoutKind.ADDITION, 2),
    ("tokyo/132195_komaeshi_kodomosyokudo.csv", "utf-8-double-bom", LayoutKind.STANDARD, 6),
    ("tokyo/132217_kiyoseshi_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 10),  # 19 lines
    ("tokyo/132233_musashimurayamashi_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 7),
    ("tokyo/132241_tama_kodomosyokudo.csv", "utf-8-double-bom", LayoutKind.STANDARD, 18),
    ("tokyo/132292_nishitokyoshi_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 26),  # 35 lines
    ("tokyo/133051_hinodemachi_kodomosyokudo.csv", "utf-8-bom", LayoutKind.STANDARD, 1),
    ("tokyo-merged-geocoded.csv", "utf-8", LayoutKind.STANDARD, 605),  # no BOM; 581 + 24 中野区 rows
]


def test_the_table_covers_every_real_file() -> None:
    on_disk = {str(path.relative_to(DATA)) for path in DATA.rglob("*.csv")}
    assert on_disk == {name for name, *_ in REAL_FILES}


@pytest.mark.parametrize(("name", "encoding", "kind", "rows"), REAL_FILES)
def test_real_file(name: str, encoding: str, kind: LayoutKind, rows: int) -> None:
    table = read_table(DATA / name)
    layout = detect_layout(table.header)
    assert (table.encoding, table.format, layout.kind) == (encoding, "csv", kind)
    assert layout.unknown_columns == () and layout.ignored_columns == ()
    found = list(records(table))
    assert len(found) == rows
    # No padding rows in the real files: rows follow the header, one spreadsheet row per record.
    assert [record.row for record in found] == list(range(2, rows + 2))


def test_real_quirks_come_out_clean() -> None:
    meguro = read_table(DATA / "tokyo/131105_meguroku_kodomosyokudo.csv")
    assert meguro.header[0] == "全国地方公共団体コード"
    ome = [r.values for r in records(read_table(DATA / "tokyo/132055_omeshi_kodomosyokudo.csv"))]
    assert ome[0]["source_id"] == "132055171501"
    ota = [r.values for r in records(read_table(DATA / "tokyo/131113_otaku_kodomosyokudo.csv"))]
    assert ota[0]["name"] == "こども食堂ヒロ"  # half-width kana ﾋﾛ
    nerima = [r.values for r in records(read_table(DATA / "tokyo/131202_nerimaku_kodomosyokudo.csv"))]
    assert all(v["url"] is None or "\n" not in v["url"] for v in nerima)
    shinagawa = [r.values for r in records(read_table(DATA / "tokyo/131091_shinagawaku_kodomosyokudo.csv"))]
    assert "けめカフェ\n(旧けめとも×うたちか食堂)" in [v["name"] for v in shinagawa]
    toshima = [r.values for r in records(read_table(DATA / "tokyo/131164_toshimaku_kodomosyokudo.csv"))]
    assert [v["building"] for v in toshima if is_private_home(v["building"], v["address"])] == ["山田様方"]


def test_real_wrong_check_digit_is_reported_on_its_row() -> None:
    found = list(records(read_table(DATA / "tokyo/132195_komaeshi_kodomosyokudo.csv")))
    issues = [issue for record in found for issue in record.issues]
    assert [(i.row, i.column) for i in issues] == [(7, "全国地方公共団体コード")]
    assert "132195" in issues[0].message_ja and "check digit" in issues[0].message_en


def csv_bytes(lines: list[str], *, encoding: str = "utf-8", prefix: bytes = b"") -> bytes:
    return prefix + "\r\n".join(lines).encode(encoding) + b"\r\n"


def standard_row(**values: str) -> str:
    cells = dict.fromkeys(STANDARD_HEADER, "")
    cells.update({"全国地方公共団体コード": "131059", "ID": "1", "名称": "食堂", "住所": "文京区1-1"})
    cells.update({FIELDS[field][0]: value for field, value in values.items()})
    return ",".join(cells.values())


HEADER_LINE = ",".join(STANDARD_HEADER)


@pytest.mark.parametrize(
    ("prefix", "encoding"),
    [(b"", "utf-8"), (BOM, "utf-8-bom"), (BOM * 2, "utf-8-double-bom"), (BOM + b"?", "utf-8-bom"), (b"?", "utf-8")],
)
def test_boms_and_stray_question_mark(prefix: bytes, encoding: str) -> None:
    table = read_table(csv_bytes([HEADER_LINE, standard_row()], prefix=prefix), file_name="x.csv")
    assert table.encoding == encoding
    assert table.header[0] == "全国地方公共団体コード"
    assert detect_layout(table.header).kind is LayoutKind.STANDARD


def test_cp932_with_half_width_kana() -> None:
    data = csv_bytes([HEADER_LINE, standard_row(name="ｺﾄﾞﾓ食堂①", building="山田様方")], encoding="cp932")
    table = read_table(data, file_name="sjis.csv")
    assert table.encoding == "cp932"
    [record] = records(table)
    assert record.values["name"] == "コドモ食堂1"
    assert is_private_home(record.values["building"], record.values["address"])


def test_padding_rows_are_dropped_and_row_numbers_kept() -> None:
    lines = [HEADER_LINE, ",,,,", standard_row(source_id="1"), "", "　, ,", standard_row(source_id="2"), "," * 48]
    found = list(records(read_table(csv_bytes(lines), file_name="pad.csv")))
    assert [(r.row, r.values["source_id"]) for r in found] == [(3, "1"), (6, "2")]


def test_999_lines_with_10_data_rows() -> None:
    lines = [HEADER_LINE] + [standard_row(source_id=str(n)) for n in range(10)] + ["," * 48] * 988
    data = csv_bytes(lines)
    assert data.count(b"\n") == 999
    assert len(list(records(read_table(data, file_name="padded.csv")))) == 10


def test_multi_line_quoted_field_is_one_row() -> None:
    lines = [HEADER_LINE, standard_row(name='"けめカフェ\r\n（旧）"'), standard_row(source_id="2")]
    found = list(records(read_table(csv_bytes(lines), file_name="ml.csv")))
    assert [r.values["name"] for r in found] == ["けめカフェ\n(旧)", "食堂"]
    assert [r.row for r in found] == [2, 3]


def test_full_width_digits_and_trailing_spaces() -> None:
    row = standard_row(municipality_code="１３１０５９", source_id="132055171501 ", lat="３５．７０８", lon="139.752 ")
    [record] = records(read_table(csv_bytes([HEADER_LINE, row]), file_name="fw.csv"))
    assert record.values["municipality_code"] == "131059"
    assert record.values["source_id"] == "132055171501"
    assert (record.values["lat"], record.values["lon"]) == ("35.708", "139.752")
    assert record.issues == ()


@pytest.mark.parametrize(
    ("values", "column", "needle"),
    [
        ({"lat": "三十五", "lon": "139.7"}, "緯度", "not a number"),
        ({"lat": "139.7", "lon": "35.7"}, "緯度,経度", "swapped"),
        ({"lat": "35.7"}, "緯度", "Only one"),
        ({"municipality_code": "131058"}, "全国地方公共団体コード", "expected 131059"),
        ({"municipality_code": "99"}, "全国地方公共団体コード", "01–47"),
        ({"municipality_code": "1310"}, "全国地方公共団体コード", "not 6 digits"),
    ],
)
def test_malformed_values_become_row_issues(values: dict[str, str], column: str, needle: str) -> None:
    [record] = records(read_table(csv_bytes([HEADER_LINE, standard_row(**values)]), file_name="bad.csv"))
    assert [issue.column for issue in record.issues] == column.split(",")
    assert needle in record.issues[0].message_en and record.issues[0].message_ja


def test_a_five_digit_code_gets_its_check_digit() -> None:
    [record] = records(read_table(csv_bytes([HEADER_LINE, standard_row(municipality_code="13105")]), file_name="c.csv"))
    assert record.issues == () and record.values["municipality_code"] == "131059"


def test_prefecture_code_is_accepted() -> None:
    [record] = records(read_table(csv_bytes([HEADER_LINE, standard_row(municipality_code="13")]), file_name="p.csv"))
    assert record.issues == ()


def test_header_aliases_and_unknown_layout() -> None:
    aliased = ["ＩＤ", "全国地方公共団体 コード", "名 称", "所在地_連結表記", "実施主体", "予約の要否", "連番"]
    layout = detect_layout(aliased)
    assert layout.kind is LayoutKind.STANDARD
    assert layout.fields[:6] == (
        "source_id",
        "municipality_code",
        "name",
        "address",
        "organization_name",
        "reservation",
    )
    assert layout.ignored_columns == ("連番",)
    assert detect_layout(ADDITION_HEADER).kind is LayoutKind.ADDITION
    unknown = detect_layout(["名称", "電話番号", "好きな色"])
    assert unknown.kind is LayoutKind.UNKNOWN
    assert unknown.missing == ("全国地方公共団体コード", "ID", "住所")
    assert unknown.unknown_columns == ("好きな色",)
    with pytest.raises(LayoutError, match="全国地方公共団体コード、ID、住所"):
        list(records(read_table(csv_bytes(["名称,電話番号", "a,b"]), file_name="u.csv")))


@pytest.mark.parametrize(
    ("building", "address", "private"),
    [
        ("山田様方", "豊島区要町1-39-4", True),
        ("自宅", None, True),
        ("山田宅 1階", None, True),
        ("清瀬中清戸住宅第3集会室", "清瀬市中清戸4-847", False),
        ("グリーンタウン清戸住宅会議室", None, False),
        (None, None, False),
    ],
)
def test_private_home(building: str | None, address: str | None, private: bool) -> None:
    assert is_private_home(building, address) is private


@pytest.mark.parametrize("data", [b"", BOM, BOM * 2 + b"\r\n\r\n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(TableError) as error:
        read_table(data, file_name="empty.csv")
    assert error.value.kind == "empty" and "空" in error.value.message_ja


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        random.Random(7).randbytes(4096),
        b"\x01\x02\x03\x04\x05,\x06\x07\x08\x0b\x0c\x0e\x0f\r\n" * 40,
    ],
)
def test_binary_junk(data: bytes) -> None:
    with pytest.raises(TableError) as error:
        read_table(data, file_name="junk.csv")
    assert error.value.kind == "binary"


def test_enormous_single_line_fails_fast() -> None:
    data = b"a," * (5 * 1024 * 1024)
    assert len(data) >= 10 * MAX_LINE_BYTES
    started = time.perf_counter()
    with pytest.raises(TableError) as error:
        read_table(data, file_name="one-line.csv")
    # A limit check, not a benchmark: parsing the line would take many seconds.
    assert time.perf_counter() - started < 1.0
    assert error.value.kind == "line_too_long"


def test_no_header() -> None:
    with pytest.raises(TableError) as error:
        read_table("子ども食堂一覧\r\n\r\n令和6年\r\n".encode(), file_name="title-only.csv")
    assert error.value.kind == "no_header"


def test_title_lines_before_header_shift_row_numbers() -> None:
    data = csv_bytes(["子ども食堂一覧（令和6年4月）", "", HEADER_LINE, standard_row()])
    table = read_table(data, file_name="title.csv")
    assert table.header_row == 3
    assert [r.row for r in records(table)] == [4]


def xlsx_bytes(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_basic_and_addition_sheets() -> None:
    basic: list[Sequence[object]] = [["子ども食堂一覧"], STANDARD_HEADER, [None] * len(STANDARD_HEADER)]
    row: list[object] = [None] * len(STANDARD_HEADER)
    row[:6] = [131059, "A1 ", "東京都", "文京区", "ｺﾄﾞﾓ食堂", None]
    row[8:12] = ["文京区本郷1-1", None, 35.708, 139.752]
    row[STANDARD_HEADER.index("開催開始時間")] = clock(15, 0)
    basic.append(row)
    addition: list[Sequence[object]] = [ADDITION_HEADER, ["A1", "文京区本郷2-2"]]
    table = read_table(
        xlsx_bytes({"説明": [["この表について"]], "基本情報": basic, "追加情報": addition}), file_name="x.xlsx"
    )
    assert (table.format, table.encoding, table.sheet_name, table.header_row) == ("xlsx", None, "基本情報", 2)
    [record] = records(table)
    assert record.row == 4
    assert record.values["municipality_code"] == "131059" and record.values["source_id"] == "A1"
    assert (record.values["lat"], record.values["start_time"], record.values["name"]) == (
        "35.708",
        "15:00",
        "コドモ食堂",
    )
    assert table.addition is not None and detect_layout(table.addition.header).kind is LayoutKind.ADDITION
    assert [r.values["address"] for r in records(table.addition)] == ["文京区本郷2-2"]


def test_xlsx_first_non_empty_sheet_when_no_basic_sheet() -> None:
    table = read_table(xlsx_bytes({"Sheet1": [], "一覧": [STANDARD_HEADER, [131059, "1"]]}), file_name="y.xlsx")
    assert table.sheet_name == "一覧" and len(table.rows) == 1 and table.addition is None


def test_xlsx_without_data() -> None:
    with pytest.raises(TableError) as error:
        read_table(xlsx_bytes({"基本情報": [], "追加情報": [[None, None]]}), file_name="empty.xlsx")
    assert error.value.kind == "xlsx_no_data"


def test_broken_xlsx() -> None:
    with pytest.raises(TableError) as error:
        read_table(b"PK\x03\x04" + b"\x00" * 100, file_name="broken.xlsx")
    assert error.value.kind == "xlsx_unreadable"
