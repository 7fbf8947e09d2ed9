"""通いの場 (厚生労働省, national open data, published for 6月末 and 12月末) rows → entry drafts.

Layout: the CSV on https://www.mhlw.go.jp/stf/kayoinoba_opendata_00002.html, 38 columns (No, 都道府県コード …
緯度, 経度); the column names here are those of that file, as an open-source reader of the same file spells
them (github: a map viewer's `FIELD_NAMES`, see tests/directory/data/README.md). Columns are found by name,
never by position. What each column becomes:

- 名称 / 名称（ふりがな） → name / name_kana; 法人名称 (+ふりがな, 法人番号) → the organisation, else the name itself;
- 市区町村コード → 全国地方公共団体コード (a 5-digit code gets its check digit), else the 2-digit 都道府県コード;
  No → source ID;
- 対象者 → eligibility text and suitable-for tags; 活動内容 → description, kinds and ladder stage
  (directory.formats.classify; default kind サロン), the text kept as written;
- 運営日（平日/土曜/日曜）－開始/終了 → weekly schedules (平日 = 月〜金 minus the weekdays of 定休日); when その他 or
  備考 names the days (毎月第2火曜日, 毎週水曜日) those days replace 平日 and the 平日 hours are used; 祝日 hours
  and 定休日 are kept in the schedule note (a schedule row cannot say "holidays");
- 料金体系 → the adult cost option (amount and band by directory.formats.costs) and the fees text, verbatim;
- 飲食の提供の有無 / 飲食持ち込みの可否 / 総合事業実施の有無 / 対象エリア → lines of the description;
  送迎の有無 → transport_offered; flags are 1/0, 有/無, あり/なし, ○/×, 可/不可;
- "（改行）" in any text cell is a line break (the national file cannot hold one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from directory.catalog.municipality import municipality_code_with_check_digit
from directory.formats.classify import classify
from directory.formats.costs import cost_draft
from directory.formats.drafts import EntryDraft, PlaceDraft, Problem
from directory.formats.kodomo_shokudo.layout import (
    RawRecord,
    build_column_map,
    header_fields,
    is_private_home,
    municipality_code_problem,
    table_records,
)
from directory.formats.kodomo_shokudo.read import coordinate, number, split_address
from directory.formats.tabular import Table
from directory.schedules.text import RuleSpec, parse_schedule
from directory.schedules.tokens import normalize as normalize_schedule
from directory.schedules.tokens import weekdays_in

FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "source_id": ("No", ("NO", "番号")),
    "prefecture_code": ("都道府県コード", ()),
    "prefecture": ("都道府県名", ("都道府県",)),
    "city_code": ("市区町村コード", ("全国地方公共団体コード", "市町村コード")),
    "city": ("市区町村名", ("市町村名",)),
    "notes": ("備考", ()),
    "name_kana": ("名称（ふりがな）", ("名称(フリガナ)", "名称_カナ", "ふりがな")),
    "name": ("名称", ("通いの場名称", "通いの場の名称")),
    "postal_code": ("郵便番号", ()),
    "address": ("所在地（都道府県から番地まで）", ("所在地", "住所")),
    "building": ("所在地（建物名・部屋番号等）", ("建物名", "方書")),
    "phone": ("電話番号", ()),
    "eligibility": ("対象者", ()),
    "activity": ("活動内容", ()),
    "weekday_start": ("運営日（平日）－開始", ("運営日（平日）-開始",)),
    "weekday_end": ("運営日（平日）－終了", ("運営日（平日）-終了",)),
    "saturday_start": ("運営日（土曜）－開始", ()),
    "saturday_end": ("運営日（土曜）－終了", ()),
    "sunday_start": ("運営日（日曜）－開始", ()),
    "sunday_end": ("運営日（日曜）－終了", ()),
    "holiday_start": ("運営日（祝日）－開始", ()),
    "holiday_end": ("運営日（祝日）－終了", ()),
    "closed_days": ("定休日", ()),
    "capacity": ("定員", ()),
    "fee": ("料金体系", ("料金",)),
    "meal_provided": ("飲食の提供の有無", ("食事の提供",)),
    "meal_bring": ("飲食持ち込みの可否", ()),
    "transport": ("送迎の有無", ("送迎",)),
    "target_area": ("対象エリア", ()),
    "comprehensive_project": ("総合事業実施の有無", ()),
    "other": ("その他", ()),
    "has_corporate_number": ("法人番号の有無", ()),
    "corporate_number": ("法人番号", ()),
    "organization_kana": ("法人名称（ふりがな）", ()),
    "organization_name": ("法人名称", ("運営主体",)),
    "status": ("ステータス", ()),
    "lat": ("緯度", ()),
    "lon": ("経度", ()),
}
COLUMN_MAP = build_column_map(FIELDS)
REQUIRED = ("name", "address")
DAY_GROUPS = (("weekday", "月火水木金"), ("saturday", "土"), ("sunday", "日"))
_TEXT_FIELDS = ("notes", "eligibility", "activity", "closed_days", "fee", "target_area", "other", "address", "name")
_NAMES_DAYS = re.compile(r"毎週|毎月|第\d|隔週|月\d回|週\d回|曜")
_YES = {"1", "有", "あり", "有り", "○", "〇", "可", "実施", "する", "はい"}
_NO = {"0", "無", "なし", "無し", "×", "不可", "未実施", "しない", "いいえ"}


def detect(header: tuple[str, ...] | list[str]) -> tuple[tuple[str | None, ...], tuple[str, ...]]:
    """The field of each column and the required columns missing (named as the national file names them)."""
    fields = header_fields(header, COLUMN_MAP)
    missing = tuple(FIELDS[f][0] for f in REQUIRED if f not in fields)
    return fields, missing


def records(table: Table) -> Iterator[RawRecord]:
    """Cleaned records of a 通いの場 table (the header must have passed `detect`)."""
    fields, _missing = detect(table.header)
    yield from table_records(table, fields, FIELDS)


def flag(value: str | None) -> bool | None:
    """1/0, 有/無, あり/なし, ○/×, 可/不可 → True/False; anything else (blank, 要相談) → None."""
    if value is None:
        return None
    text = value.strip()
    return True if text in _YES else False if text in _NO else None


def _municipality(values: dict[str, str | None], row: int) -> tuple[str | None, list[Problem]]:
    code = values.get("city_code") or values.get("prefecture_code")
    if code and len(code) == 1 and code.isdigit():
        code = f"0{code}"  # 都道府県コード written as a number (北海道 = 1)
    if code and len(code) == 5 and code.isascii() and code.isdigit():
        code = municipality_code_with_check_digit(code)  # the national file uses the 5-digit form
    problem = municipality_code_problem(code) if code else None
    if problem is None:
        return code, []
    return None, [Problem(row, FIELDS["city_code"][0], f"{problem[0]} / {problem[1]}")]


def _schedules(values: dict[str, str | None], row: int) -> tuple[list[RuleSpec], str | None, list[Problem]]:
    """Weekly rules from the per-day-group hours; days named in その他/備考 replace 平日."""
    closed = set(weekdays_in(normalize_schedule(values.get("closed_days") or "")))
    rules: list[RuleSpec] = []
    notes: list[str] = []
    problems: list[Problem] = []
    day_text = next(
        (values[f] for f in ("other", "notes") if values.get(f) and _NAMES_DAYS.search(values[f] or "")), None
    )
    for group, days in DAY_GROUPS:
        start, end = values.get(f"{group}_start"), values.get(f"{group}_end")
        if not start and not end:
            continue
        open_days = "".join(d for d in days if weekdays_in(d)[0] not in closed)
        if group == "weekday" and day_text:
            parsed = parse_schedule(day_text, start=start, end=end)
        elif open_days:
            parsed = parse_schedule(None, weekdays=open_days, start=start, end=end)
        else:
            continue
        rules += parsed.rules
        problems += [Problem(row, FIELDS[f"{group}_start"][0], message) for message in parsed.errors]
    holiday = "～".join(v for v in (values.get("holiday_start"), values.get("holiday_end")) if v)
    if holiday:
        notes.append(f"祝日 {holiday}")
    if values.get("closed_days"):
        notes.append(f"定休日: {values['closed_days']}")
    return rules, "／".join(notes) or None, problems


def _description(values: dict[str, str | None]) -> str | None:
    lines = [values.get("activity"), values.get("other")]
    for field_name, label in (
        ("meal_provided", "飲食の提供"),
        ("meal_bring", "飲食の持ち込み"),
        ("comprehensive_project", "総合事業"),
    ):
        answer = flag(values.get(field_name))
        if answer is not None:
            lines.append(
                f"{label}: {'あり' if answer else 'なし'}"
                if field_name != "meal_bring"
                else f"{label}: {'可' if answer else '不可'}"
            )
    if values.get("target_area"):
        lines.append(f"対象エリア: {values['target_area']}")
    if values.get("notes"):
        lines.append(values["notes"])
    return "\n".join(dict.fromkeys(line for line in lines if line)) or None


def draft(record: RawRecord) -> tuple[EntryDraft | None, list[Problem]]:
    """One 通いの場 row as an EntryDraft, or None with the problems that make it unusable."""
    values = {
        k: (v.replace("（改行）", "\n").replace("(改行)", "\n") if v and k in _TEXT_FIELDS else v)
        for k, v in record.values.items()
    }
    problems = [Problem(record.row, i.column, i.message) for i in record.issues]
    for field_name in REQUIRED:
        if not values.get(field_name):
            label = FIELDS[field_name][0]
            problems.append(Problem(record.row, label, f"{label}がありません / {label} is missing"))
    code, code_problems = _municipality(values, record.row)
    rules, schedule_note, schedule_problems = _schedules(values, record.row)
    problems += code_problems + schedule_problems
    if problems:
        return None, problems
    prefecture, city = values.get("prefecture"), values.get("city")
    town, block = split_address(values.get("address"), prefecture, city)
    found = classify(values.get("activity"), values.get("eligibility"), default_kind="salon")
    fee = values.get("fee")
    cost = cost_draft("adult", fee)
    name = values["name"] or ""
    place = PlaceDraft(
        prefecture=prefecture,
        city=city,
        town=town,
        block=block,
        building=values.get("building"),
        lat=coordinate(values.get("lat")),
        lon=coordinate(values.get("lon")),
        private_home=is_private_home(values.get("building"), values.get("address")),
        rules=rules,
        schedule_note=schedule_note,
        postal_code=values.get("postal_code"),
    )
    entry = EntryDraft(
        row=record.row,
        municipality_code=code,
        source_id=values.get("source_id"),
        name=name,
        name_kana=values.get("name_kana"),
        organization_name=values.get("organization_name") or name,
        organization_kana=values.get("organization_kana"),
        corporate_number=values.get("corporate_number")
        if flag(values.get("has_corporate_number")) is not False
        else None,
        phone=values.get("phone"),
        email=None,
        url=None,
        description=_description(values),
        eligibility=values.get("eligibility"),
        fees_note=fee,
        how_to_join=None,
        reservation_required=False,
        capacity=number(values.get("capacity")),
        costs=[cost] if cost else [],
        place=place,
        kinds=found.codes,
        transport_offered=flag(values.get("transport")),
        ladder_stage=str(found.ladder_stage),
    )
    return entry, []
