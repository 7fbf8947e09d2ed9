"""子ども食堂 standard layout rows → entry drafts (plain data), with per-row problems.

Reading (encodings, headers, cleaning) is `tabular` + `kodomo_shokudo_layout`; schedule wording is
`schedule_text`. This module decides what each column *means* for an entry. 開催頻度 codes follow the
こども食堂 data format (`directory.schedules.frequency`, source there): 1–2 weekly on the 開催曜日, 3–6 about
monthly with the weekday known and the week to confirm (月1回・日曜), 7–8 不定期; the code is kept in the note.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from directory.formats.costs import cost_draft
from directory.formats.drafts import EntryDraft, PlaceDraft, Problem, time_problems
from directory.formats.kodomo_shokudo.layout import FIELDS, RawRecord, is_private_home
from directory.schedules import IRREGULAR, parse_byday
from directory.schedules.frequency import WEEKLY_CODES, FrequencyCode, frequency_code
from directory.schedules.text import ParsedSchedule, RuleSpec, parse_schedule

AGE_BAND_FIELDS = (
    ("infant", "fee_preschool"),
    ("elementary", "fee_elementary"),
    ("junior_high", "fee_junior_high"),
    ("high_school", "fee_high_school"),
    ("adult", "fee_adult"),
)
WEEKLY_FREQUENCY_CODES = set(WEEKLY_CODES)
_DIGITS = re.compile(r"\d+")
_NUMBER_DASH = re.compile(r"(?<=\d)[ー－―‐−](?=\d)")
KEPT_AS_SOURCE_FIELDS = (
    "frequency",  # 開催頻度: 1 and 2 both read as 毎週, so only the kept code can be written back
    "purpose",
    "support_category",
    "phone_note",
    "phone2",
    "phone2_note",
    "phone_extension",
    "fax",
    "email_note",
    "email2",
    "email2_note",
    "food_pantry",
    "takeout",
    "network_membership",
    "addition_no",
    "image_url",
    "image_license",
)
"""Standard columns with no field of their own: kept on the service under their standard name (設置目的 is
also the start of the description; kept apart so the export can write 設置目的 and 備考 back as they were)."""


def municipality_from_file(file_name: str) -> str | None:
    """The 6-digit code a file is named after (131059_bunkyo_… → 131059), for addition files without one."""
    match = re.match(r"(\d{6})_", Path(file_name).name)
    return match.group(1) if match else None


def split_address(address: str | None, prefecture: str | None, city: str | None) -> tuple[str | None, str | None]:
    """(町域, 番地): the address after the prefecture and city, split before the first digit."""
    if not address:
        return None, None
    # 1ー2ー3 is 1-2-3, but the ー of a katakana word (ルーム) stays
    rest = _NUMBER_DASH.sub("-", unicodedata.normalize("NFKC", address)).strip()
    for prefix in (prefecture, city):
        if prefix and rest.startswith(prefix):
            rest = rest[len(prefix) :]
    match = re.search(r"\d", rest)
    if not match:
        return rest or None, None
    return rest[: match.start()].strip() or None, rest[match.start() :].strip() or None


def number(value: str | None) -> int | None:
    """The first number in a cell ("20名程度" → 20), full-width digits included."""
    found = _DIGITS.findall(unicodedata.normalize("NFKC", value or ""))
    return int(found[0]) if found else None


def coordinate(value: str | None) -> float | None:
    """A 緯度/経度 cell as a float (the layout already reported one that is not a number)."""
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def code_text(frequency: str | None, weekdays: str | None) -> str | None:
    """The 開催日 text read for a row whose 開催日 is empty: the 開催頻度 code's own text (月1回 for 5), 不定期
    for an unknown code or weekdays without a code, None when there is neither (the export writes it back)."""
    code = frequency_code(frequency)
    return code.text if code else ("不定期" if frequency or weekdays else None)


def _schedule(values: dict[str, str | None]) -> tuple[list[RuleSpec], str | None, tuple[str, ...]]:
    """Rules, note and errors of the schedule columns: 開催日 text first, the 開催頻度 code where it says more.

    - no 開催日: the code's own text (frequency.FREQUENCY_CODES: 月1回 for 5) with the 開催曜日 and times, so a
      code-5 row with 日曜 becomes a week-unknown monthly Sunday rule; no code and no weekday: no rule;
    - a 開催日 that names no frequency (非公開, a time alone): read again after the code's text.
    """
    raw_code = values.get("frequency")
    code = frequency_code(raw_code)
    text = values.get("dates")
    columns = {"weekdays": values.get("weekdays"), "start": values.get("start_time"), "end": values.get("end_time")}
    if not text:
        # the code's text (月1回) stays the note's first part, as the export expects
        parsed = parse_schedule(code_text(raw_code, values.get("weekdays")), **columns)
    else:
        parsed = parse_schedule(text, **columns)
        if code is not None and all(rule.freq == "IRREGULAR" for rule in parsed.rules):
            again = parse_schedule(f"{code.text} {text}", **columns)
            rules = tuple(replace(rule, description=text) for rule in again.rules)
            parsed = ParsedSchedule(rules, parsed.unparsed, again.errors)
    dated = _refined(list(parsed.rules), values, code) or list(parsed.rules)
    notes = [n for n in (parsed.unparsed, values.get("schedule_notes")) if n]
    if raw_code and raw_code not in WEEKLY_FREQUENCY_CODES and not text:
        notes.append(f"開催頻度コード {raw_code}")
    return dated, "／".join(dict.fromkeys(notes)) or None, parsed.errors


def _refined(rules: list[RuleSpec], values: dict[str, str | None], code: FrequencyCode | None) -> list[RuleSpec]:
    """The dated rules a note gives (開催日時特記事項, else 備考: 「開催日は第4火」) for a row whose 開催日 and
    開催頻度 leave the week unknown (a code-5 row: 月1回・火曜日, or 月1回 without a weekday); [] when the note
    does not fit. The note must name the days (ordinals, a weekday every week, days of the month) on the
    weekdays the row already has, if any, at least as often as the code says (月2回: two days a month).
    不定期 (codes 7–8, or said in 開催日) and every-other-month rules (the phase is unknown) are left alone.
    The note stays the schedule's note; the rules keep the 開催日 reading as their description, so the
    export can still write the code back.
    """
    undated = all(rule.week_unknown or (rule.freq == IRREGULAR and not rule.byday) for rule in rules)
    if not rules or not undated or any(rule.interval != 1 for rule in rules):
        return []
    if (code is not None and code.text == "不定期") or "不定期" in (values.get("dates") or ""):
        return []
    known_days = {day for rule in rules for _ordinal, day in parse_byday(rule.byday)}
    times = {"start": values.get("start_time"), "end": values.get("end_time")}
    for note in (values.get("schedule_notes"), values.get("notes")):
        found = parse_schedule(note, **times).rules if note else ()
        dated = [rule for rule in found if rule.freq != IRREGULAR and not rule.week_unknown]
        days = {day for rule in dated for _ordinal, day in parse_byday(rule.byday)}
        if not dated or len(dated) != len(found) or any(rule.interval != 1 for rule in dated):
            continue
        if known_days and not days <= known_days:
            continue
        if _per_month(dated) < max(rule.per_month or 0 for rule in rules):  # 月2回 but 「第3水曜日+2回」
            continue
        return [replace(rule, description=rules[0].description) for rule in dated]
    return []


def draft(record: RawRecord, *, file_name: str, addition: bool = False) -> tuple[EntryDraft | None, list[Problem]]:
    """One row as an EntryDraft, or None with the problems that make it unusable."""
    values = record.values
    problems = [Problem(record.row, i.column, f"{i.message_ja} / {i.message_en}") for i in record.issues]
    name = values.get("name") or ""
    if not addition and not name:
        problems.append(Problem(record.row, "名称", "名称がありません / the name is missing"))
    rules, note, schedule_errors = _schedule(values)
    problems += time_problems(record.row, schedule_errors, "開催開始時間", "開催終了時間")
    if problems:
        return None, problems
    prefecture, city = values.get("prefecture"), values.get("city")
    town, block = split_address(values.get("address"), prefecture, city)
    costs = [c for band, column in AGE_BAND_FIELDS if (c := cost_draft(band, values.get(column))) is not None]
    reservation = values.get("reservation")
    place = PlaceDraft(
        prefecture=prefecture,
        city=city,
        town=town,
        block=block,
        building=values.get("building"),
        lat=coordinate(values.get("lat")),
        lon=coordinate(values.get("lon")),
        private_home=is_private_home(values.get("building"), values.get("address")),
        elementary_district=values.get("school_district"),
        rules=rules,
        schedule_note=note,
    )
    entry = EntryDraft(
        row=record.row,
        municipality_code=values.get("municipality_code") or municipality_from_file(file_name),
        source_id=values.get("source_id"),
        name=name,
        name_kana=values.get("name_kana"),
        organization_name=values.get("organization_name") or name,
        corporate_number=values.get("corporate_number"),
        phone=values.get("phone"),
        email=values.get("email"),
        url=values.get("url"),
        description="\n".join(v for v in (values.get("purpose"), values.get("notes")) if v) or None,
        eligibility=values.get("eligibility"),
        fees_note=values.get("fee_notes"),
        how_to_join="／".join(v for v in (reservation, values.get("reservation_notes")) if v) or None,
        reservation_required=bool(reservation) and "不要" not in (reservation or ""),
        capacity=number(values.get("capacity")),
        costs=costs,
        place=place,
        is_addition=addition,
        source_fields=source_fields(values, KEPT_AS_SOURCE_FIELDS, FIELDS),
        unterminated=record.unterminated,
    )
    return entry, []


def source_fields(
    values: dict[str, str | None], kept: tuple[str, ...], fields: dict[str, tuple[str, tuple[str, ...]]]
) -> dict[str, str]:
    """{standard column name: value} of the kept fields that have a value."""
    return {fields[name][0]: value for name in kept if (value := values.get(name))}


def _per_month(rules: list[RuleSpec]) -> int:
    """Days a month the rules name at least (a weekday every week counts 4)."""
    days = {(ordinal, day) for rule in rules for ordinal, day in parse_byday(rule.byday)}
    monthdays = {day for rule in rules for day in (rule.bymonthday or "").split(",") if day}
    daily = 28 if any(rule.freq == "DAILY" for rule in rules) else 0
    return sum(4 if ordinal == 0 else 1 for ordinal, _day in days) + len(monthdays) + daily
