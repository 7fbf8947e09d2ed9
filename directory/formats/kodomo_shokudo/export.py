"""`tsunagu export kodomo-shokudo FILE.csv`: public 子ども食堂 entries in the 49-column standard layout.

The file is what a municipality publishes and what `directory.imports.run` reads back:
- header: the 49 names of the standard (`kodomo_shokudo_layout.FIELDS`), in the order of the real Tokyo files;
- UTF-8 *with* BOM and CRLF row ends, because that is what the municipalities publish and what Excel needs
  to open a Japanese CSV by double-click (without the BOM it guesses Shift_JIS and shows mojibake).
  Line breaks *inside* a quoted cell stay "\\n", as Excel writes them;
- only `public_filter()` services carrying the `kodomo_shokudo` kind term. A private home
  (`address_visibility = area`) is written as 住所 up to the 町域, no 緯度/経度 and 方書 "個人宅": the
  marker names a category, not the person, and keeps the row a private home when it is imported again —
  with an empty 方書 a re-import into the same database would mark the place public while its exact
  point is still stored, and the map would show it.

Round trip: import → export → import changes nothing. Every row is checked before it is written by
running the importer's own `draft()` on it; when the schedule columns would not read back as the stored
rules, the next way of writing them is tried (the source's own columns, then words generated from the
rules), and rows that no way reproduces are counted in `ExportSummary.approximate`.

Services are read `BATCH_SIZE` at a time; the file is written to a temporary name and renamed at the end,
so a failed export never leaves half a file where the last good one was.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from directory.catalog.queries import public_filter
from directory.formats.kodomo_shokudo.layout import FIELDS, RawRecord, clean_value
from directory.formats.kodomo_shokudo.read import (
    AGE_BAND_FIELDS,
    KEPT_AS_SOURCE_FIELDS,
    WEEKLY_FREQUENCY_CODES,
    code_text,
    draft,
)
from directory.formats.spreadsheet import SafeCsvWriter
from directory.models import (
    AddressVisibility,
    Frequency,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    Threshold,
)
from directory.schedules import JAPANESE_WEEKDAYS, parse_byday
from directory.schedules.frequency import FREQUENCY_CODES
from directory.schedules.text import parse_schedule
from tsunagu.spatial import lon_lat

BATCH_SIZE = 500
KIND_CODE = "kodomo_shokudo"
HEADER: tuple[str, ...] = tuple(japanese for japanese, _aliases in FIELDS.values())
"""The 49 column names, in the standard's (and the real files') order."""
PRIVATE_HOME_MARKER = "個人宅"
"""方書 of a private home: recognised by `is_private_home`, reveals no one's name or building."""
IMPORT_SOURCE_PREFIX = "kodomo-shokudo:"
# 開催日 texts the importer makes up from 開催頻度 when the file left 開催日 empty (kodomo_shokudo._schedule)
_SYNTHESIZED_DATES = tuple(sorted({item.text for item in FREQUENCY_CODES.values()} | {"不定期"}))
_FREQUENCY_CODE_NOTE = re.compile(r"(?:^|／)開催頻度コード (\w+)$")

ScheduleKey = tuple[str, int, str | None, str | None, str | None, str | None]


@dataclass(frozen=True)
class ExportSummary:
    """What one export wrote."""

    rows: int
    approximate: int
    path: Path

    def line(self) -> str:
        """The CLI's one-line report."""
        text = f"Exported {self.rows} 子ども食堂 rows (49-column standard layout, UTF-8 BOM, CRLF) to {self.path}"
        if self.approximate:
            text += f"; {self.approximate} rows' schedules could not be written exactly"
        return text


def export_kodomo_shokudo(session: Session, path: Path) -> ExportSummary:
    """Write the public 子ども食堂 entries to `path` (see the module docstring); replaces an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = approximate = 0
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # utf-8-sig writes the BOM; newline="" leaves line ends to the csv writer
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as fh:
            writer = SafeCsvWriter(fh, lineterminator="\r\n")
            writer.writerow(HEADER)
            for service in _public_entries(session):
                values, exact = row_values(service)
                writer.writerow([values.get(field_name) or "" for field_name in FIELDS])
                rows += 1
                approximate += not exact
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return ExportSummary(rows, approximate, path)


def _public_entries(session: Session) -> Iterator[Service]:
    """Public services of the 子ども食堂 kind, by municipality then id, loaded `BATCH_SIZE` at a time."""
    ids = list(
        session.scalars(
            select(Service.id)
            .where(public_filter(), Service.terms.any(TaxonomyTerm.code == KIND_CODE))  # type: ignore[no-untyped-call]
            .order_by(Service.municipality_code, Service.id)
        )
    )
    options = [
        selectinload(Service.schedules),
        selectinload(Service.costs),
        selectinload(Service.organization),
        selectinload(Service.at_locations).selectinload(ServiceAtLocation.location),
    ]
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        loaded = {s.id: s for s in session.scalars(select(Service).where(Service.id.in_(chunk)).options(*options))}
        # the session's identity map holds objects weakly: once a batch is written it can be collected
        yield from (loaded.pop(i) for i in chunk if i in loaded)


def row_values(service: Service) -> tuple[dict[str, str | None], bool]:
    """One row as canonical field → cell text, and whether it reads back as exactly the stored schedules."""
    values: dict[str, str | None] = dict.fromkeys(FIELDS)
    location = main_location(service)
    values |= {
        "municipality_code": service.municipality_code,
        "source_id": entry_id(service),
        "name": service.name,
        "name_kana": service.name_kana,
        "phone": service.phone,
        "url": service.url,
        "email": service.email,
        "corporate_number": service.organization.corporate_number,
        # an entry without 運営団体名 is its own organisation: the column stays empty as it was
        "organization_name": None if service.organization.name == service.name else service.organization.name,
        "eligibility": service.eligibility_description,
        "fee_notes": service.fees_description,
        "capacity": None if service.capacity is None else str(service.capacity),
        # 設置目的 and 備考 were joined into one description on import: split again below when 設置目的 is kept
        "notes": service.description,
    }
    kept = service.source_fields or {}
    private = location is not None and location.address_visibility == AddressVisibility.AREA
    # a private home's contact notes may name the family (「山田様宅の番号」): only its flags go out
    names = [n for n in KEPT_AS_SOURCE_FIELDS if not (private and n.endswith("_note"))]
    values |= {name: kept.get(FIELDS[name][0]) for name in names}
    purpose, description = values["purpose"], service.description or ""
    if purpose and description.startswith(purpose):
        values["notes"] = description[len(purpose) :].lstrip("\n") or None
    else:
        values["purpose"] = None  # edited since: the description says it all
    if service.how_to_join:
        # the importer joined 予約方法／予約特記事項 and took "予約方法 given, without 不要" as 予約制; a
        # drop-in entry whose text would read as 予約制 gets it all as 予約特記事項 ("先着順")
        reservation, _sep, reservation_notes = service.how_to_join.partition("／")
        if service.threshold != Threshold.RESERVATION and "不要" not in reservation:
            reservation, reservation_notes = "", service.how_to_join
        values["reservation"], values["reservation_notes"] = reservation or None, reservation_notes or None
    costs = {cost.age_band.value: cost for cost in service.costs}
    for band, field_name in AGE_BAND_FIELDS:
        cost = costs.get(band)
        if cost is not None:
            # the note is the cell as the source wrote it ("無料（カンパ制）"): it parses back to the same cost
            values[field_name] = cost.note or ("0" if cost.is_free else _text(cost.amount_yen))
    if location is not None:
        values |= _place_values(location)
    candidates = list(schedule_candidates(service.schedules, values.get("frequency")))
    # rules and note exactly; else the rules alone (one row gives all its rules one note, so the rules of an
    # 追加情報 place with a note of its own cannot keep it); else the most faithful writing
    for with_notes in (True, False):
        for schedule_values in candidates:
            if _reads_back(values | schedule_values, service.schedules, with_notes=with_notes):
                return values | schedule_values, with_notes
    return values | candidates[0], False


def entry_id(service: Service) -> str | None:
    """The ID column: the source's ID, else ours — except for an entry imported from a file without IDs.

    Such an entry (豊島区 publishes none) is found again by its name; writing our id would give it a source
    ID on re-import and a second location, which breaks the round trip.
    """
    if service.source_id:
        return service.source_id
    if (service.source or "").startswith(IMPORT_SOURCE_PREFIX):
        return None
    return str(service.id)


def main_location(service: Service) -> Location | None:
    """The place of the standard row: the one imported with the entry's own ID, else the oldest."""
    locations = sorted((link.location for link in service.at_locations), key=lambda loc: loc.id)
    own = [loc for loc in locations if loc.source_id == service.source_id]
    return (own or locations)[0] if locations else None


def _place_values(location: Location) -> dict[str, str | None]:
    values: dict[str, str | None] = {
        "prefecture": location.prefecture,
        "city": location.city,
        "school_district": location.elementary_district,
    }
    address_parts = (location.prefecture, location.city, location.town)
    if location.address_visibility == AddressVisibility.AREA:
        values["address"] = "".join(p for p in address_parts if p) or None
        values["building"] = PRIVATE_HOME_MARKER
        return values
    values["address"] = "".join(p for p in (*address_parts, location.block) if p) or None
    values["building"] = location.building
    point = lon_lat(location.point)
    if point is not None:
        values["lon"], values["lat"] = f"{point[0]:.6f}", f"{point[1]:.6f}"
    return values


def schedule_candidates(schedules: list[Schedule], code: str | None = None) -> Iterator[dict[str, str | None]]:
    """Ways of writing the schedule columns, most faithful to the source first; `code` is the source's
    開催頻度 kept on the service (the note's 開催頻度コード says it too for the codes that are not weekly).

    1. the source's own columns: 開催日 as the original description (empty when the importer made it up from
       開催頻度, whose code is then written back), 開催曜日 and times when all rules share them;
    2. the same with the description kept even where it was made up;
    3. 開催日 in words generated from the rules (with the times in the words when they differ);
    4. the words with every time in them and no other column.
    """
    if not schedules:
        yield {}
        return
    descriptions = {s.description for s in schedules}
    description = descriptions.pop() if len(descriptions) == 1 else None
    notes = schedules[0].notes if len({s.notes for s in schedules}) == 1 else None
    times = {(s.opens_at, s.closes_at) for s in schedules}
    opens, closes = times.pop() if len(times) == 1 else (None, None)
    days = sorted({day for s in schedules for _ordinal, day in parse_byday(s.byday)})
    columns: dict[str, str | None] = {
        "weekdays": "".join(JAPANESE_WEEKDAYS[d] for d in days) or None,
        "start_time": _clock(opens),
        "end_time": _clock(closes),
    }
    code_match = _FREQUENCY_CODE_NOTE.search(notes or "")
    code = code_match.group(1) if code_match else code
    # no 開催日 in the source (the importer read the code's own text): the code goes back, not words
    code_only = code is not None and (description is None or description in _SYNTHESIZED_DATES)
    generated = "、".join(describe_ja(s, with_times=opens is None) for s in schedules)
    candidates: list[dict[str, str | None]] = []
    for start, end in _time_columns(_unparsed_time_text(notes, description), columns):
        # times the parser could not read ("非公開", "午後4時30分（夏季は午後5時）") go back to their columns
        timed = columns | {"dates": description, "start_time": start, "end_time": end}
        if code_only:
            candidates.append(timed | {"frequency": code, "dates": None})
        candidates.append(timed)
    if code_only:
        candidates.append(columns | {"frequency": code, "dates": None})
    candidates.append(columns | {"dates": description})
    candidates.append(columns | {"dates": generated})
    # the 開催曜日 column fills every clause without days, so rules with and without days need words alone
    candidates.append({"dates": "、".join(describe_ja(s, with_times=True) for s in schedules)})
    for candidate in candidates:
        yield candidate | {"schedule_notes": _notes_column(notes, candidate)}


def _unparsed_time_text(notes: str | None, description: str | None) -> str | None:
    """The part of the note's first segment that came from the 開催時間 column, when the importer put it there."""
    first = (notes or "").split("／", 1)[0]
    if not first or first == description:
        return None
    if description and first.startswith(f"{description} "):
        return first[len(description) + 1 :] or None
    return first


def _time_columns(text: str | None, columns: dict[str, str | None]) -> list[tuple[str | None, str | None]]:
    """開催開始時間/開催終了時間 pairs that may have produced the unread time `text` (tried in this order)."""
    if not text:
        return []
    pairs: list[tuple[str | None, str | None]] = [(text, None)]
    if columns.get("start_time"):
        pairs.insert(0, (columns["start_time"], text))
    if " " in text:
        start, _space, end = text.partition(" ")
        pairs.append((start, end))
    return pairs


def _notes_column(notes: str | None, columns: dict[str, str | None]) -> str | None:
    """開催日時特記事項 such that the importer's note (unparsed text／特記事項／code note) comes out as `notes`.

    The importer puts what it did not understand of the schedule columns, and the 開催頻度 code, into the
    note itself; writing them into 特記事項 as well would double them on every round trip.
    """
    if notes is None:
        return None
    frequency = columns.get("frequency")
    if frequency and not columns.get("dates") and frequency not in WEEKLY_FREQUENCY_CODES:
        suffix = f"開催頻度コード {frequency}"
        notes = None if notes == suffix else notes.removesuffix(f"／{suffix}")
    cleaned = {name: clean_value(name, value) if value else None for name, value in columns.items()}
    dates = cleaned.get("dates")
    if not dates:  # what kodomo_shokudo._schedule reads when 開催日 is empty
        dates = code_text(frequency, cleaned.get("weekdays"))
    unparsed = parse_schedule(
        dates, weekdays=cleaned.get("weekdays"), start=cleaned.get("start_time"), end=cleaned.get("end_time")
    ).unparsed
    if unparsed and notes is not None:
        notes = None if notes == unparsed else notes.removeprefix(f"{unparsed}／")
    return notes


def describe_ja(schedule: Schedule, *, with_times: bool = False) -> str:
    """A rule in the Japanese the 開催日 column uses ("毎月第2・第4水曜日 15:00～19:00"), for the parser to read."""
    days = parse_byday(schedule.byday)
    names = "・".join(f"{JAPANESE_WEEKDAYS[day]}曜日" for day in dict.fromkeys(day for _o, day in days))
    freq = schedule.freq
    if freq == Frequency.DAILY:
        words = "毎日"
    elif freq == Frequency.WEEKLY:
        words = ("隔週" if schedule.interval == 2 else "毎週") + names
    elif freq == Frequency.MONTHLY and days:
        by_day: dict[int, list[int]] = {}
        for ordinal, day in days:
            by_day.setdefault(day, []).append(ordinal)
        parts = [
            "・".join(_ordinal(n) for n in ordinals) + f"{JAPANESE_WEEKDAYS[day]}曜日"
            for day, ordinals in by_day.items()
        ]
        words = "毎月" + "・".join(parts)
    elif freq == Frequency.MONTHLY and schedule.bymonthday:
        words = "毎月" + "・".join(f"{day}日" for day in schedule.bymonthday.split(","))
    else:
        words = "不定期" + names
    if with_times and schedule.opens_at is not None:
        words += f" {_clock(schedule.opens_at)}～{_clock(schedule.closes_at) or ''}"
    return words


def _ordinal(n: int) -> str:
    return "最終" if n == -1 else f"第{n}"


def _reads_back(values: dict[str, str | None], schedules: list[Schedule], *, with_notes: bool) -> bool:
    """Whether the importer, given this row, would store exactly these schedules (rules and note)."""
    cleaned = {name: clean_value(name, value) if value else None for name, value in values.items()}
    entry, problems = draft(RawRecord(0, cleaned), file_name="export.csv")
    if entry is None or problems:
        return False
    place = entry.place
    produced: set[ScheduleKey] = {
        (r.freq, r.interval, r.byday, r.bymonthday, _clock(r.opens_at), _clock(r.closes_at)) for r in place.rules
    }
    if not place.rules and place.schedule_note:
        produced.add((Frequency.IRREGULAR.value, 1, None, None, None, None))
    stored: set[ScheduleKey] = {
        (str(s.freq), s.interval or 1, s.byday, s.bymonthday, _clock(s.opens_at), _clock(s.closes_at))
        for s in schedules
    }
    return produced == stored and (not with_notes or all(s.notes == place.schedule_note for s in schedules))


def _clock(value: object) -> str | None:
    return None if value is None else f"{value:%H:%M}"


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)
