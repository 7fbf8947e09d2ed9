"""The 子ども食堂/子どもの居場所 standard layout (49 columns) and its 追加情報 layout (25 columns).

Maps every header spelling seen in municipal files to one canonical field name and yields one cleaned
`RawRecord` per data row. Nothing here touches the database: values stay strings, and only problems that
are certain at this level (unparsable coordinates, a wrong 全国地方公共団体コード) become `RowIssue`s.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator

from directory.catalog.municipality import municipality_code_with_check_digit
from directory.formats.tabular import Table, TableError, TableRow

# Canonical field → (the standard's Japanese column name, other spellings met in the wild).
# Spellings are compared after `header_key` (NFKC, no spaces, "_" and "・" dropped), so full-width and
# spaced variants need no entry of their own.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "municipality_code": (
        "全国地方公共団体コード",
        ("都道府県コード又は市区町村コード", "地方公共団体コード", "団体コード"),
    ),
    "source_id": ("ID", ("NO", "識別番号")),
    "prefecture": ("都道府県", ("都道府県名",)),
    "city": ("市区町村名", ("市区町村", "地方公共団体名")),
    "name": ("名称", ("施設名", "子ども食堂名", "団体名称")),
    "name_kana": ("名称_カナ", ("名称カナ", "名称_かな", "ふりがな")),
    "purpose": ("設置目的", ()),
    "support_category": ("実施支援の主な区分", ("主な区分",)),
    "address": ("住所", ("所在地_連結表記", "所在地", "開催場所住所")),
    "building": ("方書", ("所在地_方書", "建物名", "建物名等(方書)")),
    "lat": ("緯度", ()),
    "lon": ("経度", ()),
    "phone": ("電話番号1", ("電話番号",)),
    "phone_note": ("電話番号1_連絡先備考", ("電話番号_連絡先備考",)),
    "phone2": ("電話番号2", ()),
    "phone2_note": ("電話番号2_連絡先備考", ()),
    "phone_extension": ("内線番号", ()),
    "fax": ("FAX番号", ("ファックス番号",)),
    "url": ("URL", ("ホームページ", "ウェブサイト")),
    "email": ("メールアドレス1", ("メールアドレス",)),
    "email_note": ("メールアドレス1_連絡先備考", ("メールアドレス_連絡先備考",)),
    "email2": ("メールアドレス2", ()),
    "email2_note": ("メールアドレス2_連絡先備考", ()),
    "corporate_number": ("法人番号", ()),
    "organization_name": ("運営団体名", ("実施主体", "運営主体", "運営団体")),
    "frequency": ("開催頻度", ()),
    "weekdays": ("開催曜日", ()),
    "dates": ("開催日", ()),
    "start_time": ("開催開始時間", ("開始時間", "開催時間_開始")),
    "end_time": ("開催終了時間", ("終了時間", "開催時間_終了")),
    "schedule_notes": ("開催日時特記事項", ()),
    "eligibility": ("参加条件", ("対象者", "対象")),
    "fee_preschool": ("参加費_幼児", ("参加費_未就学児",)),
    "fee_elementary": ("参加費_小学生", ()),
    "fee_junior_high": ("参加費_中学生", ()),
    "fee_high_school": ("参加費_高校生", ()),
    "fee_adult": ("参加費_大人", ("参加費_保護者", "参加費_一般")),
    "fee_notes": ("参加費特記事項", ()),
    "reservation": ("予約方法", ("予約の要否", "予約")),
    "reservation_notes": ("予約特記事項", ()),
    "capacity": ("定員", ()),
    "food_pantry": ("フードパントリー実施", ("フードパントリー",)),
    "takeout": ("テイクアウト実施", ("テイクアウト", "お弁当配布")),
    "school_district": ("学区", ("小学校区", "中学校区")),
    "network_membership": ("ネットワークの加入", ("ネットワーク加入",)),
    "addition_no": ("追加情報NO", ("追加情報番号",)),
    "image_url": ("画像", ()),
    "image_license": ("画像_ライセンス", ()),
    "notes": ("備考", ()),
}

_BOOKKEEPING = "ファイル自体の管理情報です（取込日時は別に記録） / the file's own bookkeeping (import time is recorded)"
IGNORED_COLUMNS: dict[str, str] = {
    "連番": "表の行番号で、子ども食堂の識別子ではありません / a spreadsheet row counter, not an identifier",
    "更新日": _BOOKKEEPING,
    "最終更新日": _BOOKKEEPING,
    "_id": "CKAN のダウンロードが付ける行番号です / the row number a CKAN portal adds to its CSV download",
}
"""Columns recognised and deliberately dropped, with the reason. None of the 49 + 25 standard columns
in the real Tokyo files is dropped; these are spellings seen in other municipalities' exports."""

STANDARD_REQUIRED = ("municipality_code", "source_id", "name", "address")
"""Without these a row cannot be identified (upsert key: code + ID, else name + address)."""

ADDITION_REQUIRED = ("source_id", "address")
"""An 追加情報 row adds a further place/time to the entry whose ID it names."""

ADDITION_FIELDS = frozenset(
    ["source_id", "address", "building", "lat", "lon", "frequency", "weekdays", "dates", "start_time"]
    + ["end_time", "schedule_notes", "eligibility", "fee_preschool", "fee_elementary", "fee_junior_high"]
    + ["fee_high_school", "fee_adult", "fee_notes", "reservation", "reservation_notes", "capacity"]
    + ["school_district", "image_url", "image_license", "notes"]
)

# Fields whose values never contain meaningful inner whitespace: files wrap long URLs over two lines.
_COMPACT_FIELDS = frozenset(
    ["municipality_code", "lat", "lon", "phone", "phone2", "fax", "url", "email", "email2", "corporate_number"]
)

# Bounding box of Japan including 沖ノ鳥島, 南鳥島, 与那国島 and 択捉島, with a small margin.
JAPAN_LAT = (20.0, 46.0)
JAPAN_LON = (122.0, 154.0)

_PRIVATE_HOME = re.compile(r"様方|様宅|自宅|個人宅|私宅|(?<![住社帰邸])宅(?=$|[\s(（、,・0-9０-９])")
_WHITESPACE = re.compile(r"\s+")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")  # 運営日（平日）－開始 is written with every dash there is


def header_key(name: str) -> str:
    """Comparison key of a header: NFKC, upper-case ASCII, without spaces, "_", "・" or BOM."""
    normalized = unicodedata.normalize("NFKC", name.replace("\ufeff", "")).strip().upper()
    # a leading "_" marks a tool's own column (CKAN's "_id"), never one of the standard's names
    lead = "_" if normalized.startswith("_") else ""
    return lead + re.sub(r"[\s_・]", "", _DASHES.sub("-", normalized))


def build_column_map(fields: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """header_key(spelling) → canonical field for every spelling of an alias table; a spelling may name one field."""
    mapping: dict[str, str] = {}
    for field_name, (japanese, aliases) in fields.items():
        for spelling in (japanese, *aliases):
            key = header_key(spelling)
            if key in mapping and mapping[key] != field_name:
                raise AssertionError(f"header spelling {spelling!r} maps to two fields")
            mapping[key] = field_name
    return mapping


COLUMN_MAP = build_column_map(FIELDS)
"""header_key(spelling) → canonical field, for every spelling in FIELDS."""


def header_fields(header: tuple[str, ...] | list[str], column_map: dict[str, str]) -> tuple[str | None, ...]:
    """The field each column feeds under an alias table; a repeated field feeds nothing the second time."""
    fields: list[str | None] = []
    for name in header:
        field_name = column_map.get(header_key(name))
        fields.append(field_name if field_name not in fields else None)
    return tuple(fields)


def unmapped_columns(
    header: tuple[str, ...] | list[str], column_map: dict[str, str], ignored: dict[str, str], layout_name: str
) -> tuple[tuple[str, str], ...]:
    """(column, reason in Japanese and English) of every header column that feeds no field.

    For the summary's "ignored_columns": a column is read into a field, or it is listed here — never
    dropped without a word.
    """
    reasons = {header_key(name): reason for name, reason in ignored.items()}
    fed: set[str] = set()
    listed: list[tuple[str, str]] = []
    for name in header:
        key = header_key(name)
        field_name = column_map.get(key)
        if field_name is not None and field_name not in fed:
            fed.add(field_name)
            continue
        if not key:
            continue
        if field_name is not None:
            reason = "同じ項目の列が前にあります（最初の列を読みます） / repeats an earlier column (the first is read)"
        elif key in reasons:
            reason = reasons[key]
        else:
            reason = f"{layout_name}の項目ではないため保存しません / not a column of this layout: not stored"
        listed.append((name, reason))
    return tuple(listed)


class LayoutKind(enum.Enum):
    """Which of the two layouts a header is."""

    STANDARD = "standard"
    ADDITION = "addition"
    UNKNOWN = "unknown"


@dataclasses.dataclass(frozen=True)
class Layout:
    """The layout of one header: per column the field it feeds (None = ignored or unknown)."""

    kind: LayoutKind
    fields: tuple[str | None, ...]
    missing: tuple[str, ...] = ()
    unknown_columns: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    unmapped: tuple[tuple[str, str], ...] = ()
    """(column, reason) of every column that feeds no field, for the summary's "ignored_columns"."""


@dataclasses.dataclass(frozen=True)
class RowIssue:
    """A value that is certainly wrong, named by the column as the file spells it."""

    row: int
    column: str
    message_ja: str
    message_en: str

    @property
    def message(self) -> str:
        """Both languages, for the CLI's `--json` errors and logs."""
        return f"{self.message_ja} / {self.message_en}"


@dataclasses.dataclass(frozen=True)
class RawRecord:
    """One data row: canonical field → cleaned string or None, its spreadsheet row number, its issues."""

    row: int
    values: dict[str, str | None]
    issues: tuple[RowIssue, ...] = ()
    unterminated: bool = False
    """The file's last line, without a line break after it: a copy cut off there looks whole, so an update
    from it must not shorten a stored value (see directory.imports.apply)."""


class LayoutError(TableError):
    """The header is neither the standard nor the 追加情報 layout."""


def detect_layout(header: tuple[str, ...] | list[str]) -> Layout:
    """Standard, addition or unknown, with the required columns that are missing named in Japanese.

    A header with 名称 is judged as the standard layout even if other required columns are missing, so the
    message names what the person must add rather than calling their file an 追加情報 file.
    """
    fields: list[str | None] = []
    unknown: list[str] = []
    ignored: list[str] = []
    for name in header:
        key = header_key(name)
        field_name = COLUMN_MAP.get(key)
        if field_name is None and key:
            if any(header_key(ignored_name) == key for ignored_name in IGNORED_COLUMNS):
                ignored.append(name)
            else:
                unknown.append(name)
        # A repeated column feeds nothing the second time; the first occurrence wins.
        fields.append(field_name if field_name not in fields else None)
    present = set(fields)
    missing_standard = [FIELDS[f][0] for f in STANDARD_REQUIRED if f not in present]
    missing_addition = [FIELDS[f][0] for f in ADDITION_REQUIRED if f not in present]
    missing: tuple[str, ...] = ()
    if not missing_standard:
        kind = LayoutKind.STANDARD
    elif not missing_addition and "name" not in present and present - {None} <= ADDITION_FIELDS:
        kind = LayoutKind.ADDITION
    else:
        kind, missing = LayoutKind.UNKNOWN, tuple(missing_standard)
    return Layout(
        kind,
        tuple(fields),
        missing,
        tuple(unknown),
        tuple(ignored),
        unmapped=unmapped_columns(header, COLUMN_MAP, IGNORED_COLUMNS, "子ども食堂の標準レイアウト"),
    )


def records(table: Table, layout: Layout | None = None) -> Iterator[RawRecord]:
    """Yield one cleaned `RawRecord` per data row; raise `LayoutError` if the header is not a known layout.

    Every known field is present in `values` (None when the file lacks the column or the cell is empty),
    so callers never need to know which variant of the layout the file used.
    """
    layout = layout or detect_layout(table.header)
    if layout.kind is LayoutKind.UNKNOWN:
        missing = "、".join(layout.missing)
        raise LayoutError(
            "unknown_layout",
            f"子ども食堂の標準レイアウトではありません。必須の列がありません: {missing}",
            f"Not the 子ども食堂 standard layout; required columns missing: {missing}",
            file_name=table.file_name,
        )
    wanted = FIELDS if layout.kind is LayoutKind.STANDARD else {f: FIELDS[f] for f in ADDITION_FIELDS}
    yield from table_records(table, layout.fields, wanted)


def table_records(table: Table, fields: tuple[str | None, ...], wanted: Iterable[str]) -> Iterator[RawRecord]:
    """One cleaned `RawRecord` per data row, given the field each column feeds (any alias-table layout).

    Every wanted field is present in `values` (None when the file lacks the column or the cell is empty).
    """
    last = table.rows[-1].number if table.rows else None
    for row in table.rows:
        values: dict[str, str | None] = dict.fromkeys(wanted)
        columns: dict[str, str] = {}
        for header_name, field_name, cell in zip(table.header, fields, row.cells, strict=False):
            if field_name is not None:
                values[field_name] = clean_value(field_name, cell) if cell else None
                columns[field_name] = header_name
        issues = list(check_values(row.number, values, columns))
        if len(row.cells) > len(table.header):
            issues.append(
                RowIssue(
                    row.number,
                    "",
                    f"見出しより多い列に値があります（{len(row.cells)} 列、見出しは {len(table.header)} 列）。",
                    f"Values beyond the header ({len(row.cells)} cells for {len(table.header)} columns).",
                )
            )
        issues += structure_issues(table, row, last)
        unterminated = table.ends_without_line_break and row.number == last
        yield RawRecord(row.number, values, tuple(issues), unterminated)


def structure_issues(table: Table, row: TableRow, last: int | None) -> list[RowIssue]:
    """A row shorter than the header, or the last row of a file that is cut off: never read as data.

    A copy cut in the middle of a row would otherwise update an entry with half its values.
    """
    issues = []
    header = table.header
    if row.width is not None and 0 < row.width < len(header):
        column = header[row.width]
        issues.append(
            RowIssue(
                row.number,
                column,
                f"この行は {row.width} 列しかありません（見出しは {len(header)} 列）。「{column}」から後がありません。"
                "行が途中で切れているか、区切りのカンマが足りません。",
                f"This row has {row.width} cells but the header has {len(header)}: {column} and later are missing "
                "(the row is cut off or a comma is missing).",
            )
        )
    if table.cut_off and row.number == last:
        why_ja, _sep, why_en = table.cut_off.partition(" / ")
        column = header[min(max(row.width or len(header), 1), len(header)) - 1]
        issues.append(
            RowIssue(
                row.number,
                column,
                f"ファイルが途中で切れています（{why_ja}）。元のファイル全体を取り込み直してください。",
                f"The file is cut off ({why_en}); import the whole original file.",
            )
        )
    return issues


def clean_value(field_name: str, cell: str) -> str | None:
    """NFKC (full-width digits, half-width kana), trimmed, "" → None; URLs, codes and numbers lose inner spaces.

    A 5-digit 全国地方公共団体コード (the code without its check digit) gets its check digit, a 1-digit
    都道府県コード its leading zero; a 法人番号 written as "-" (none) is empty.
    """
    text = unicodedata.normalize("NFKC", cell.replace("\ufeff", "")).replace("\r\n", "\n").strip()
    if field_name in _COMPACT_FIELDS:
        text = _WHITESPACE.sub("", text)
    if field_name == "municipality_code" and text.isascii() and text.isdigit():
        if len(text) == 5:
            text = municipality_code_with_check_digit(text)
        elif len(text) == 1:
            text = f"0{text}"
    if field_name == "corporate_number" and text in _NONE_MARKS:
        return None
    return text or None


_NONE_MARKS = frozenset({"-", "ー", "―", "なし", "無", "無し", "該当なし"})
_EXCEL_EXPONENT = re.compile(r"\d(\.\d+)?E\+?\d+", re.IGNORECASE)


def corporate_number_problem(value: str, column: str) -> tuple[str, str] | None:
    """None for a 13-digit 法人番号 whose check digit is right, else (ja, en) saying what to do.

    Excel shows a long number as 4.00E+12 and saves it so: the digits are gone and only the source
    spreadsheet (column formatted as text) can bring them back.
    """
    if _EXCEL_EXPONENT.fullmatch(value):
        return (
            f"{column}「{value}」は Excel で指数表記に変わり、13桁の番号が失われています。"
            "元の表で列を文字列にして保存し直してください。",
            f"{column} {value!r} was turned into an exponent by Excel and its 13 digits are lost; "
            "format the column as text in the source sheet and save again.",
        )
    if not (value.isascii() and value.isdigit() and len(value) == 13):
        return (
            f"{column}「{value}」は13桁の数字ではありません。",
            f"{column} {value!r} is not 13 digits.",
        )
    body = value[1:]
    total = sum(int(digit) * (1 if index % 2 == 0 else 2) for index, digit in enumerate(reversed(body)))
    expected = 9 - total % 9
    if int(value[0]) != expected:
        return (
            f"{column}「{value}」の検査用数字（先頭の1桁）が誤っています（正しくは {expected}）。",
            f"{column} {value!r} has a wrong check digit (expected {expected} first).",
        )
    return None


def check_values(row: int, values: dict[str, str | None], columns: dict[str, str]) -> Iterator[RowIssue]:
    """Issues certain at the reading level: a wrong 全国地方公共団体コード, coordinates outside Japan or alone."""
    code = values.get("municipality_code")
    if code is not None:
        problem = municipality_code_problem(code)
        if problem is not None:
            yield RowIssue(row, columns["municipality_code"], *problem)
    corporate_number = values.get("corporate_number")
    if corporate_number is not None:
        problem = corporate_number_problem(corporate_number, columns["corporate_number"])
        if problem is not None:
            yield RowIssue(row, columns["corporate_number"], *problem)
    for field_name, label, (low, high) in (("lat", "緯度", JAPAN_LAT), ("lon", "経度", JAPAN_LON)):
        value = values.get(field_name)
        if value is None:
            continue
        column = columns[field_name]
        try:
            number = float(value)
        except ValueError:
            yield RowIssue(row, column, f"{label}が数値ではありません: {value}", f"{column} is not a number: {value}")
            continue
        if not low <= number <= high:
            yield RowIssue(
                row,
                column,
                f"{label} {value} は日本の範囲（{low}〜{high}）外です。緯度と経度が逆かもしれません。",
                f"{column} {value} is outside Japan ({low}–{high}); latitude and longitude may be swapped.",
            )
    if (values.get("lat") is None) != (values.get("lon") is None):
        column = columns["lat"] if values.get("lat") is not None else columns["lon"]
        yield RowIssue(row, column, "緯度と経度の片方だけがあります。", "Only one of latitude and longitude is given.")


def municipality_code_problem(code: str) -> tuple[str, str] | None:
    """None for a valid 6-digit 全国地方公共団体コード (check digit right) or a 2-digit 都道府県コード, else (ja, en).

    A 5-digit code (the same number without its check digit) was completed by `clean_value` already.
    """
    if not code.isascii() or not code.isdigit():
        return (f"全国地方公共団体コードが数字ではありません: {code}", f"municipality code is not digits: {code}")
    if len(code) == 2:
        if 1 <= int(code) <= 47:
            return None
        return (f"都道府県コード {code} は 01〜47 ではありません。", f"prefecture code {code} is not 01–47.")
    if len(code) == 6:
        expected = municipality_code_with_check_digit(code[:5])
        if expected == code:
            return None
        return (
            f"全国地方公共団体コード {code} の検査数字が誤っています（正しくは {expected}）。",
            f"municipality code {code} has a wrong check digit (expected {expected}).",
        )
    return (
        f"全国地方公共団体コード {code} は6桁（検査数字なしなら5桁、都道府県なら2桁）ではありません。",
        f"municipality code {code} is not 6 digits (5 without the check digit, 2 for a prefecture).",
    )


def is_private_home(building: str | None, address: str | None) -> bool:
    """True when the place is someone's home, so only the 町域 may be shown publicly.

    Rule: 方書 or 住所 contains 様方 / 様宅 / 自宅 / 個人宅 / 私宅, or a name followed by 宅 ending a word
    ("山田宅", "山田宅 1階"). 住宅, 社宅 and 帰宅 do not count: "清瀬中清戸住宅第3集会室" is a meeting room
    of a housing estate, a public place.
    """
    text = unicodedata.normalize("NFKC", f"{building or ''} {address or ''}")
    return _PRIVATE_HOME.search(text) is not None
