"""デジタル庁 自治体標準オープンデータセット (formerly 推奨データセット): 公共施設一覧 and イベント一覧 → entry drafts.

One alias table (`FIELDS`) holds every column of both lists in both editions: the 正式版 names
(全国地方公共団体コード, ID, 地方公共団体名, 名称_英語/名称_英字 …) first, the older 推奨データセット names
(都道府県コード又は市区町村コード, NO, 都道府県名 + 市区町村名, 名称_通称 …) as aliases, so a file of either
edition — or a municipality's mix of both — reads the same. `detect` tells the list (facility or event)
from the columns: イベント名 or 開始日 make an event list, 名称 + 住所 a facility list.

- a facility becomes an entry at its address; 利用可能曜日 + 開始時間/終了時間 → weekly schedules (the shared
  schedule parser), 利用可能日時特記事項 → the schedule note; バリアフリー情報 (";"-separated) → accessibility
  features, the text kept as access notes; 団体名 → the organisation;
- an event becomes an entry with one DAILY schedule from 開始日 to 終了日 at 開始時間–終了時間; 料金(基本) → the adult
  cost, 料金(詳細) → the fees text; 主催者 → the organisation; 場所名称 → the place's name;
- kinds and tags come from the name and 説明 (directory.formats.classify), no default kind;
- the source ID is the list's ID (or NO) prefixed "facility:" / "event:", since both lists number from 1.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterator

from directory.formats.classify import classify
from directory.formats.costs import cost_draft
from directory.formats.drafts import EntryDraft, PlaceDraft, Problem, time_problems
from directory.formats.kodomo_shokudo.layout import (
    RawRecord,
    build_column_map,
    header_fields,
    header_key,
    is_private_home,
    table_records,
    unmapped_columns,
)
from directory.formats.kodomo_shokudo.read import coordinate, number, source_fields, split_address
from directory.formats.seasons import seasonal_schedule
from directory.formats.tabular import Table
from directory.schedules.events import event_schedule
from directory.schedules.text import ERROR_END_BEFORE_START, RuleSpec, parse_schedule

# canonical field → (正式版 column name, older / variant spellings)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "municipality_code": (
        "全国地方公共団体コード",
        ("都道府県コード又は市区町村コード", "地方公共団体コード", "市区町村コード"),
    ),
    "source_id": ("ID", ("NO", "No", "番号")),
    "local_government": ("地方公共団体名", ()),
    "prefecture": ("都道府県名", ("所在地_都道府県", "住所都道府県")),
    "city": ("市区町村名", ("所在地_市区町村", "住所市区町村")),
    "name": ("名称", ("施設名", "施設名称")),
    "name_kana": ("名称_カナ", ("名称カナ", "施設名_カナ", "名称(カナ)")),
    "name_en": ("名称_英字", ("名称_英語", "名称(英字)")),
    "alternate_name": ("名称_通称", ("通称", "名称(通称)")),
    "subtitle": ("サブタイトル", ()),
    "event_name": ("イベント名", ()),
    "event_name_kana": ("イベント名_カナ", ()),
    "event_name_en": ("イベント名_英字", ("イベント名_英語",)),
    "poi_code": ("POIコード", ()),
    "external_id_kind": ("外部識別子", ()),
    "external_id": ("外部識別子の値", ()),
    "start_date": ("開始日", ()),
    "end_date": ("終了日", ()),
    "start_time": ("開始時間", ("開始時刻",)),
    "end_time": ("終了時間", ("終了時刻",)),
    "weekdays": ("利用可能曜日", ()),
    "schedule_notes": (
        "利用可能日時特記事項",
        ("利用可能時間特記事項", "開始日時特記事項", "開催日時特記事項", "日時備考"),
    ),
    "summary": ("概要", ()),
    "description": ("説明", ()),
    "sub_event": ("サブイベント", ()),
    "event_type": ("イベント種類", ()),
    "event_status": ("状態", ()),
    "target_industries": ("対象となる産業", ()),
    "stage": ("ステージ", ()),
    "description_en": ("説明_英語", ("説明_英字",)),
    "fee_basic": ("料金(基本)", ("料金",)),
    "fee_detail": ("料金(詳細)", ()),
    "contact_name": ("連絡先名称", ()),
    "phone": ("電話番号", ("連絡先電話番号",)),
    "extension": ("内線番号", ("連絡先内線番号",)),
    "email": ("連絡先メールアドレス", ("メールアドレス",)),
    "contact_form": ("連絡先FormURL", ("連絡先フォームURL",)),
    "contact_notes": ("連絡先備考(その他、SNSなど)", ("連絡先備考",)),
    "postal_code": ("郵便番号", ()),
    "corporate_number": ("法人番号", ()),
    "organization_name": ("団体名", ("主催者", "管理者名", "主催団体")),
    "cosponsor": ("共催団体", ()),
    "related_organizations": ("その他関係団体", ()),
    "venue": ("場所名称", ("会場名",)),
    "meeting_point": ("集合場所", ()),
    "address": ("住所", ("所在地_連結表記", "所在地")),
    "location_code": ("所在地_全国地方公共団体コード", ()),
    "town_id": ("町字ID", ()),
    "town_part": ("所在地_町字", ("住所町名",)),
    "block_part": ("所在地_番地以下", ("住所丁目以下",)),
    "building": ("方書", ("建物名等(方書)", "所在地_方書", "建物名等")),
    "lat": ("緯度", ()),
    "lon": ("経度", ()),
    "altitude_kind": ("高度の種別", ()),
    "altitude": ("高度の値", ()),
    "access": ("アクセス方法", ()),
    "parking": ("駐車場情報", ()),
    "bicycle_parking": ("駐輪場情報", ()),
    "accessibility": ("バリアフリー情報", ()),
    "capacity": ("定員", ()),
    "audience": ("対象者", ()),
    "foreign_language": ("外国語対応", ()),
    "apply_end_date": ("参加申込終了日", ("申込期限日",)),
    "apply_end_time": ("参加申込終了時間", ("申込期限時刻",)),
    "apply_method": ("参加申込方法", ("申込方法",)),
    "apply_url": ("参加申込URL", ()),
    "url": ("URL", ("ホームページ",)),
    "image": ("画像", ("画像URL",)),
    "image_license": ("画像_ライセンス", ()),
    "notes": ("備考", ()),
    # 正式版 公共施設一覧: one yes/no column per kind of support (有/無, 可/否)
    "wheelchair_ok": ("車椅子可", ()),
    "wheelchair_loan": ("車椅子貸出", ()),
    "cane_loan": ("ツエ貸出", ()),
    "accessible_toilet": ("バリアフリートイレ", ()),
    "slope_elevator": ("スロープ、エレベータ、エスカレータ", ()),
    "tactile_paving": ("点字ブロック等の移動支援", ()),
    "braille_audio": ("点字や読上による支援", ()),
    "assistance_dogs": ("盲導犬・介助犬、聴導犬同伴", ()),
    "captions": ("字幕", ()),
    "written_communication": ("筆談対応", ()),
    "priority_parking": ("優先駐車場", ()),
    "ostomate_toilet": ("オストメイト対応トイレ", ()),
    "nursing_room": ("授乳室", ()),
    "diaper_corner": ("おむつ替えコーナー", ()),
    "food_allowed": ("飲食可否", ()),
    "stroller_loan": ("ベビーカー貸出", ()),
    "stroller_ok": ("ベビーカー利用", ()),
}
COLUMN_MAP = build_column_map(FIELDS)
FORMAL_ONLY = frozenset(
    {
        "全国地方公共団体コード",
        "ID",
        "地方公共団体名",
        "名称_英字",
        "イベント名_英字",
        "所在地_連結表記",
        "建物名等(方書)",
    }
)
OLDER_ONLY = frozenset(
    {"都道府県コード又は市区町村コード", "NO", "都道府県名", "名称_通称", "名称_英語", "イベント名_英語"}
)
MODEL_ONLY = frozenset({"名称(カナ)", "開始時刻", "終了時刻", "日時備考", "主催団体", "住所市区町村", "申込期限日"})
"""Names of the event CSVs on デジタル庁's ベース・レジストリ データカタログサイト (group g1-000304), whose
items are those of the 行政基本情報データ連携モデル event vocabulary: 名称 is the event's name, 開始時刻/終了時刻
its times, 日時備考 the note, the address in four parts (住所都道府県, 住所市区町村, 住所町名, 住所丁目以下)."""
MODEL_EDITION = "データ連携モデル"
KEPT_AS_SOURCE_FIELDS = (
    "name_en",
    "event_name_en",
    "subtitle",
    "sub_event",
    "event_type",
    "event_status",
    "target_industries",
    "stage",
    "cosponsor",
    "related_organizations",
    "meeting_point",
    "bicycle_parking",
    "foreign_language",
    "poi_code",
    "external_id_kind",
    "external_id",
    "description_en",
    "contact_form",
    "contact_notes",
    "location_code",
    "town_id",
    "altitude_kind",
    "altitude",
    "audience",
    "apply_url",
    "image",
    "image_license",
    "wheelchair_ok",
    "wheelchair_loan",
    "cane_loan",
    "accessible_toilet",
    "slope_elevator",
    "tactile_paving",
    "braille_audio",
    "assistance_dogs",
    "captions",
    "written_communication",
    "priority_parking",
    "ostomate_toilet",
    "nursing_room",
    "diaper_corner",
    "food_allowed",
    "stroller_loan",
    "stroller_ok",
)
"""Columns without a field of their own: kept on the service under their 正式版 name (nothing is dropped)."""
IGNORED_COLUMNS: dict[str, str] = {
    "_id": "CKAN のダウンロードが付ける行番号です / the row number a CKAN portal adds to its CSV download",
}
"""Columns recognised and deliberately not stored, with the reason shown in the summary."""
YES_NO_FEATURES = {
    "wheelchair_ok": "wheelchair",
    "accessible_toilet": "accessible_toilet",
    "ostomate_toilet": "accessible_toilet",
    "priority_parking": "parking",
}
"""Yes/no columns whose "有/可" is one of our accessibility features (the value is kept as well)."""
_YES = re.compile(r"^(有|可|あり|有り|○|◯|〇|可能|はい|対応|yes|true|1)", re.IGNORECASE)
ACCESSIBILITY_WORDS = {
    "wheelchair": ("車椅子", "車いす", "スロープ", "段差なし", "段差解消"),
    "accessible_toilet": (
        "多目的トイレ",
        "多機能トイレ",
        "だれでもトイレ",
        "誰でもトイレ",
        "対応トイレ",
        "オストメイト",
    ),
    "elevator": ("エレベーター", "エレベータ"),
    "hearing_loop": ("ヒアリングループ", "磁気ループ"),
    "sign_language": ("手話",),
    "parking": ("障害者用駐車場", "身障者用駐車", "車椅子用駐車", "駐車場"),
}


class ListKind(enum.StrEnum):
    """Which list of the dataset a file is."""

    FACILITY = "facility"
    """公共施設一覧"""
    EVENT = "event"
    """イベント一覧"""
    UNKNOWN = "unknown"


@dataclasses.dataclass(frozen=True)
class OpendataLayout:
    """The list a header is, which edition its names are from, the field of each column, what is missing."""

    kind: ListKind
    edition: str
    """"正式版", "推奨データセット" (older names) or "混在" (both)."""
    fields: tuple[str | None, ...]
    missing: tuple[str, ...] = ()
    unmapped: tuple[tuple[str, str], ...] = ()
    """(column, reason) of every column that feeds no field."""


def detect(header: tuple[str, ...] | list[str]) -> OpendataLayout:
    """公共施設一覧 or イベント一覧, and its edition, from the column names alone."""
    fields = header_fields(header, COLUMN_MAP)
    present = set(fields)
    keys = {header_key(name) for name in header}
    formal = any(header_key(n) in keys for n in FORMAL_ONLY)
    older = any(header_key(n) in keys for n in OLDER_ONLY)
    model = any(header_key(n) in keys for n in MODEL_ONLY)
    edition = MODEL_EDITION if model else "混在" if formal and older else "推奨データセット" if older else "正式版"
    ignored = unmapped_columns(header, COLUMN_MAP, IGNORED_COLUMNS, "自治体標準オープンデータセット")
    if "event_name" in present or "start_date" in present:
        kind = ListKind.EVENT
        # the データ連携モデル names the event 名称 and gives its address in parts
        named = "event_name" if "event_name" in present or "name" not in present else "name"
        placed = "address" if "address" in present or not {"city", "town_part"} & present else "city"
        wanted: tuple[str, ...] = (named, "start_date", placed)
    elif "name" in present and "address" in present:
        kind, wanted = ListKind.FACILITY, ()
    else:
        kind, wanted = ListKind.UNKNOWN, ("name", "address")
    labels = {"name": FIELDS["event_name"][0]} if kind is ListKind.EVENT else {}
    missing = tuple(labels.get(f, FIELDS[f][0]) for f in wanted if f not in present)
    return OpendataLayout(ListKind.UNKNOWN if missing else kind, edition, tuple(fields), missing, ignored)


def records(table: Table, layout: OpendataLayout) -> Iterator[RawRecord]:
    """Cleaned records of an opendata table whose layout `detect` recognised."""
    yield from table_records(table, layout.fields, FIELDS)


_DATE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?")


def parse_date(value: str | None) -> dt.date | None:
    """2024-04-01, 2024/4/1, 2024年4月1日 (the standard says YYYY-MM-DD; files write all three)."""
    match = _DATE.fullmatch(unicodedata.normalize("NFKC", value or "").strip())
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _split_government(values: dict[str, str | None]) -> tuple[str | None, str | None]:
    """(都道府県, 市区町村) from 都道府県名 + 市区町村名, or from 地方公共団体名 ("北海道札幌市")."""
    prefecture, city = values.get("prefecture"), values.get("city")
    name = values.get("local_government")
    if name and not prefecture:
        match = re.match(r"(東京都|北海道|(?:京都|大阪)府|.{2,3}県)(.*)", name)
        prefecture, rest = (match.group(1), match.group(2)) if match else (None, name)
        city = city or rest or None
    return prefecture, city


def _accessibility(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(feature for feature, words in ACCESSIBILITY_WORDS.items() if any(w in text for w in words))


_NO_SET_TIME = {"0:00", "00:00", "0:0"}


def _event_rules(values: dict[str, str | None], row: int) -> tuple[list[RuleSpec], str | None, list[Problem]]:
    """The DAILY rules from 開始日 to 終了日 with their times, the note, the problems.

    「0:00～0:00」 is how some cities say "no set time"; a multi-day event whose 終了時間 is earlier than its
    開始時間 (an exhibition 9/16 13:00 to 9/20 12:00) opens at the first time on its first day and closes at the
    second on its last (`directory.schedules.events.event_schedule`: every day of it, with the right hours).
    """
    start_text, end_text = values.get("start_date"), values.get("end_date")
    start, end = parse_date(start_text), parse_date(end_text) or parse_date(start_text)
    start_time, end_time = values.get("start_time"), values.get("end_time")
    problems = []
    if start is None and not start_text:
        problems.append(Problem(row, "開始日", _no_start_date(end_text, values.get("schedule_notes"))))
    elif start is None:
        problems.append(Problem(row, "開始日", _not_a_date("開始日", start_text)))
    elif end_text and parse_date(end_text) is None:
        message = (
            f"終了日「{end_text}」が日付（YYYY-MM-DD）として読めません / 終了日 {end_text!r} is not a date (YYYY-MM-DD)"
        )
        problems.append(Problem(row, "終了日", message))
    elif end is not None and end < start:
        message = (
            f"終了日 {end_text} が開始日 {start_text} より前です / 終了日 {end_text} is before 開始日 {start_text}"
        )
        problems.append(Problem(row, "終了日", message))
    note = values.get("schedule_notes") or None
    if problems or start is None:
        return [], note, problems
    if start_time in _NO_SET_TIME and end_time in _NO_SET_TIME:
        start_time = end_time = None
    parsed = parse_schedule(None, start=start_time, end=end_time)
    if end is not None and end > start and any(e.startswith(ERROR_END_BEFORE_START) for e in parsed.errors):
        # one stretch (9/16 13:00 to 9/20 12:00), not daily hours: the times belong to its first and last day
        parsed = event_schedule(start, end, start_time, end_time)
    else:
        first = parsed.rules[0] if parsed.rules else RuleSpec("DAILY")
        parsed = dataclasses.replace(
            parsed, rules=(dataclasses.replace(first, freq="DAILY", valid_from=start, valid_to=end),)
        )
    problems = time_problems(row, parsed.errors, "開始時間", "終了時間")
    note = "／".join(n for n in (parsed.unparsed, note) if n) or None
    if problems:
        return [], note, problems
    return [dataclasses.replace(rule, description=start_text) for rule in parsed.rules], note, []


def _no_start_date(end_text: str | None, note: str | None) -> str:
    """An event row without 開始日: what it has instead, and what to write."""
    has = f"（終了日 {end_text} だけでは始まりが分かりません）" if end_text else ""
    has_en = f" (終了日 {end_text} alone does not say when it starts)" if end_text else ""
    if note:
        has += f"（日時備考・特記事項「{note}」は日付として読みません）"
        has_en += f" (the note {note!r} is not read as a date)"
    return (
        f"開始日が空です{has}。最初の開催日を YYYY-MM-DD で入れてください / 開始日 is empty{has_en}: "
        "write the first day of the event as YYYY-MM-DD"
    )


def _not_a_date(column: str, value: str | None) -> str:
    return (
        f"{column}「{value or ''}」が日付（YYYY-MM-DD）として読めません / {column} {value!r} is not a date (YYYY-MM-DD)"
    )


def _yes(value: str | None) -> bool:
    return bool(value) and _YES.match(value or "") is not None


def _features(values: dict[str, str | None]) -> tuple[str, ...]:
    """Accessibility features from バリアフリー情報 (推奨) and the yes/no columns (正式版)."""
    found = list(_accessibility(values.get("accessibility")))
    found += [feature for column, feature in YES_NO_FEATURES.items() if _yes(values.get(column))]
    slope = values.get("slope_elevator") or ""
    if "エレベ" in slope and "エレベータ無" not in slope.replace("ー", ""):
        found.append("elevator")
    return tuple(dict.fromkeys(found))


def _address(values: dict[str, str | None]) -> str | None:
    """所在地_連結表記 / 住所, else the 正式版 parts joined (都道府県 + 市区町村 + 町字 + 番地以下)."""
    if values.get("address"):
        return values["address"]
    parts = [values.get(f) for f in ("prefecture", "city", "town_part", "block_part")]
    return "".join(p for p in parts if p) if values.get("town_part") or values.get("block_part") else None


def _source_id(values: dict[str, str | None], event: bool) -> str | None:
    """The list's ID, prefixed by the list: both lists of a town number from 1, and are different things."""
    source_id = values.get("source_id")
    return f"{'event' if event else 'facility'}:{source_id}" if source_id else None


def draft(record: RawRecord, layout: OpendataLayout) -> tuple[EntryDraft | None, list[Problem]]:
    """One facility or event row as an EntryDraft, or None with the problems that make it unusable."""
    values = record.values
    event = layout.kind is ListKind.EVENT
    problems = [Problem(record.row, i.column, i.message) for i in record.issues]
    name = (values.get("event_name") or values.get("name")) if event else values.get("name")
    if not name:
        label = "イベント名" if event else "名称"
        problems.append(Problem(record.row, label, f"{label}がありません / the name is missing"))
    if event:
        rules, note, more = _event_rules(values, record.row)
    else:
        hours = {"weekdays": values.get("weekdays"), "start": values.get("start_time"), "end": values.get("end_time")}
        parsed = seasonal_schedule(**hours) or parse_schedule(None, **hours)
        rules = list(parsed.rules)
        more = time_problems(record.row, parsed.errors, "開始時間", "終了時間")
        note = "／".join(n for n in (parsed.unparsed, values.get("schedule_notes")) if n) or None
    problems += more
    if problems or not name:
        return None, problems
    prefecture, city = _split_government(values)
    address = _address(values)
    town, block = split_address(address, prefecture, city)
    description = "\n".join(v for v in (values.get("summary"), values.get("description"), values.get("notes")) if v)
    text = " ".join(v for v in (name, values.get("event_type"), values.get("summary"), values.get("description")) if v)
    found = classify(text)
    access = "\n".join(v for v in (values.get("access"), values.get("parking"), values.get("accessibility")) if v)
    place = PlaceDraft(
        prefecture=prefecture,
        city=city,
        town=town,
        block=block,
        building=values.get("building"),
        lat=coordinate(values.get("lat")),
        lon=coordinate(values.get("lon")),
        private_home=is_private_home(values.get("building"), address),
        rules=rules,
        schedule_note=note,
        name=values.get("venue") or (None if event else name),
        postal_code=values.get("postal_code"),
        access_notes=access or None,
        accessibility=_features(values),
    )
    cost = cost_draft("adult", values.get("fee_basic"))
    how = [values.get("apply_method")]
    if values.get("apply_end_date"):
        how.append(f"申込締切: {values['apply_end_date']} {values.get('apply_end_time') or ''}".strip())
    phone = values.get("phone")
    if phone and values.get("extension"):
        phone = f"{phone} 内線{values['extension']}"
    entry = EntryDraft(
        row=record.row,
        municipality_code=values.get("municipality_code"),
        source_id=_source_id(values, event),
        name=name,
        name_kana=(values.get("event_name_kana") if event else None) or values.get("name_kana"),
        organization_name=values.get("organization_name")
        or values.get("contact_name")
        or values.get("local_government")
        or city
        or name,
        corporate_number=values.get("corporate_number"),
        phone=(phone or "")[:30] or None,
        email=values.get("email"),
        url=values.get("url"),
        description=description or None,
        eligibility=None,
        fees_note=values.get("fee_detail") or values.get("fee_basic"),
        how_to_join="／".join(v for v in how if v) or None,
        reservation_required=bool(values.get("apply_method")),
        capacity=number(values.get("capacity")),
        costs=[cost] if cost else [],
        place=place,
        kinds=found.codes,
        ladder_stage=str(found.ladder_stage),
        alternate_name=values.get("alternate_name"),
        source_fields=source_fields(values, KEPT_AS_SOURCE_FIELDS, FIELDS),
        unterminated=record.unterminated,
    )
    return entry, []
