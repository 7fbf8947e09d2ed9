"""HSDS 3.x files → entry drafts (plain data), with per-service problems; no session here.

Accepted: one service object, a JSON list of services, an HSDS Page (`{"contents": [...]}`), our own
export folder (index.json + services/<uuid>.json) and a tabular datapackage (a folder with services.csv,
or its datapackage.json), whose tables are joined back into service objects first so one reader serves all.
The app may not read ../shared at run time, so the essentials of the HSDS schema are checked here by hand.

`Problem.row` is the 1-based position of the service in the file (or in index.json), or the CSV line;
`Problem.column` is the JSON path (`service_at_locations[0].location.latitude`) or `file.csv:column`.
Row 0 means the whole file (unreadable, not HSDS).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any
from uuid import UUID

from directory.formats.drafts import Problem
from directory.formats.hsds.files import FileError, file_problem, load_json, read_tables
from directory.models.enums import AddressVisibility, Frequency, LadderStage, Space, StepLevel, Threshold
from directory.models.location import AccessibilityFeature
from directory.models.service import Atmosphere, GroupSize
from directory.schedules.rules import RuleFields, parse_except_dates, parse_except_months

AGE_BANDS = ("infant", "elementary", "junior_high", "high_school", "adult")
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
ACCESSIBILITY_FEATURES = frozenset(str(feature) for feature in AccessibilityFeature)
HSDS_FREQUENCIES = ("WEEKLY", "MONTHLY")
FREQUENCIES = frozenset(str(freq) for freq in Frequency)
PROFILE_TEXT = (
    "threshold",
    "space",
    "step_level",
    "ladder_stage",
    "atmosphere",
    "group_size",
    "atmosphere_notes",
    "how_to_join",
    "address_visibility",
)
PROFILE_ENUMS = {
    key: frozenset(str(v) for v in enum)
    for key, enum in (
        ("threshold", Threshold),
        ("space", Space),
        ("step_level", StepLevel),
        ("ladder_stage", LadderStage),
        ("atmosphere", Atmosphere),
        ("group_size", GroupSize),
        ("address_visibility", AddressVisibility),
    )
}
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?")


@dataclass
class HsdsOrganization:
    uuid: str | None
    name: str | None
    description: str | None = None
    email: str | None = None
    website: str | None = None
    tax_id: str | None = None


@dataclass
class HsdsLocation:
    uuid: str | None
    name: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    state_province: str | None = None
    postal_code: str | None = None
    region: str | None = None
    lat: float | None = None
    lon: float | None = None
    transportation: str | None = None
    accessibility: list[tuple[str, str | None]] = field(default_factory=list)
    """(feature, description) of each accessibility object whose details name one of our features."""


@dataclass(frozen=True, slots=True)
class HsdsSchedule(RuleFields):
    """One schedule; `freq` is WEEKLY/MONTHLY, or IRREGULAR when HSDS gives none (不定期). The exception fields
    (and a freq HSDS has none for) come from the schedule's `tsunagu_profile` (our export); plain HSDS has none."""

    description: str | None = None
    notes: str | None = None


@dataclass
class HsdsCost:
    """A cost option: `age_band` when the option names one of ours, else the option text is in `note`."""

    age_band: str | None
    amount: float | None
    currency: str | None
    note: str | None = None
    free: bool | None = None
    """Only tsunagu_profile says 無料 apart from amount 0."""


@dataclass
class HsdsTerm:
    code: str | None
    name: str | None
    taxonomy: str | None = None


@dataclass
class HsdsEntry:
    """What one HSDS service says that the catalog can store."""

    row: int
    uuid: str
    name: str
    status: str
    organization: HsdsOrganization
    description: str | None = None
    email: str | None = None
    url: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    eligibility_description: str | None = None
    fees_description: str | None = None
    application_process: str | None = None
    phones: list[str] = field(default_factory=list)
    locations: list[HsdsLocation] = field(default_factory=list)
    schedules: list[HsdsSchedule] = field(default_factory=list)
    costs: list[HsdsCost] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    language_notes: dict[str, str] = field(default_factory=dict)
    terms: list[HsdsTerm] = field(default_factory=list)
    profile: dict[str, Any] | None = None
    """tsunagu_profile: threshold, space, step_level, ladder_stage, transport_offered, atmosphere, group_size,
    atmosphere_notes, how_to_join, capacity, openings, costs (list of HsdsCost), kinds, tags."""


def read_hsds(path: Path) -> tuple[list[HsdsEntry], list[Problem]]:
    """Every service of an HSDS file or folder as an entry; services with problems are left out."""
    try:
        if path.is_dir():
            if (path / "index.json").is_file():
                return _read_export(path)
            for folder in (path, path / "datapackage"):
                if (folder / "services.csv").is_file():
                    return _convert(read_tables(folder))
            return [], [file_problem(path, "HSDS のファイルが見つかりません / no HSDS files in this folder")]
        if path.name == "datapackage.json":  # its resources are the standard tables beside it
            return _convert(read_tables(path.parent))
        data = load_json(path)
    except FileError as exc:
        return [], [exc.problem]
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return _convert([(i, "", obj) for i, obj in enumerate(data["contents"], 1)])
    if isinstance(data, list):
        return _convert([(i, "", obj) for i, obj in enumerate(data, 1)])
    if isinstance(data, dict) and isinstance(data.get("resources"), list):
        return _convert(read_tables(path.parent))
    if isinstance(data, dict) and isinstance(data.get("services"), list) and "hsds_version" in data:
        return _read_export(path.parent)
    if isinstance(data, dict) and ("id" in data or "name" in data):
        return _convert([(1, "", data)])
    return [], [file_problem(path, "HSDS のサービスではありません / not an HSDS service, list or page")]


def _read_export(folder: Path) -> tuple[list[HsdsEntry], list[Problem]]:
    """Our export: the services listed in index.json, in that order."""
    index = load_json(folder / "index.json")
    if not isinstance(index, dict) or not isinstance(index.get("services"), list):
        return [], [file_problem(folder / "index.json", "index.json に services がありません / no services list")]
    items, problems = [], []
    for i, uuid in enumerate(index["services"], 1):
        name = f"services/{uuid}.json"
        try:
            items.append((i, f"{name}:", load_json(folder / name)))
        except FileError as exc:
            problems.append(Problem(i, name, exc.problem.message))
    entries, more = _convert(items)
    return entries, problems + more


# ---- service objects → entries ----------------------------------------------------------------------


class _Checker:
    """Converts one service object, collecting problems located by JSON path or CSV file and line."""

    def __init__(self, row: int, prefix: str) -> None:
        self.row, self.prefix, self.problems = row, prefix, list[Problem]()

    def problem(self, obj: dict[str, Any], path: str, key: str, ja: str, en: str) -> None:
        if "_file" in obj:
            self.problems.append(Problem(obj["_line"], f"{obj['_file']}:{key}", f"{ja} / {en}"))
        else:
            self.problems.append(Problem(self.row, f"{self.prefix}{path}{key}", f"{ja} / {en}"))

    def text(self, obj: dict[str, Any], key: str) -> str | None:
        value = obj.get(key)
        if value is None or isinstance(value, dict | list):
            return None
        return str(value).strip() or None

    def number(self, obj: dict[str, Any], path: str, key: str, low: float, high: float) -> float | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        try:
            number = float(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            number = None
        if number is None or not low <= number <= high:
            self.problem(
                obj,
                path,
                key,
                f"{low}〜{high} の数値ではありません: {value}",
                f"not a number between {low} and {high}: {value}",
            )
            return None
        return number

    def time(self, obj: dict[str, Any], path: str, key: str) -> time | None:
        value = self.text(obj, key)
        if value is None:
            return None
        match = _TIME.fullmatch(value)
        if not match:
            self.problem(obj, path, key, f"時刻が HH:MM ではありません: {value}", f"time is not HH:MM[:SS]: {value}")
            return None
        return time(int(match[1]), int(match[2]), int(match[3] or 0))

    def date(self, obj: dict[str, Any], path: str, key: str) -> date | None:
        value = self.text(obj, key)
        try:
            return date.fromisoformat(value[:10]) if value else None
        except ValueError:
            self.problem(obj, path, key, f"日付が YYYY-MM-DD ではありません: {value}", f"not a date: {value}")
            return None


def _convert(items: list[tuple[int, str, Any]]) -> tuple[list[HsdsEntry], list[Problem]]:
    entries, problems, seen = [], [], set()
    for row, prefix, obj in items:
        check = _Checker(row, prefix)
        if not isinstance(obj, dict):
            check.problems.append(Problem(row, prefix or "$", "サービスがオブジェクトではありません / not an object"))
            entry = None
        else:
            entry = _entry(check, obj)
        if entry is not None and entry.uuid in seen:
            check.problem(obj, "", "id", "同じ id のサービスが2回あります", "duplicate service id")
        problems += check.problems
        if entry is not None and not check.problems:
            seen.add(entry.uuid)
            entries.append(entry)
    return entries, problems


def _uuid(check: _Checker, obj: dict[str, Any], path: str, key: str, *, required: bool = True) -> str | None:
    value = check.text(obj, key)
    if value is None and not required:
        return None
    try:
        return str(UUID(value or ""))
    except ValueError:
        check.problem(obj, path, key, f"UUID ではありません: {value}", f"not a UUID: {value}")
        return None


NOT_A_SERVICE = {
    "organizations": ("organization", "組織（organization）"),
    "locations": ("location", "場所（location）"),
    "taxonomy_terms": ("taxonomy term", "分類語（taxonomy_term）"),
    "services_at_location": ("service_at_location", "サービス提供場所（service_at_location）"),
}
"""Keys that only other HSDS objects have: a file of those is told what it holds instead of "status None"."""


def _not_a_service(obj: dict[str, Any]) -> tuple[str, str] | None:
    """(English, Japanese) name of the HSDS object `obj` is when it is clearly not a service."""
    if "status" in obj or "service_at_locations" in obj:
        return None
    if any(key in obj for key in ("tax_id", "legal_status", "year_incorporated", "website", "services")):
        return NOT_A_SERVICE["organizations"]
    if any(key in obj for key in ("latitude", "longitude", "addresses", "location_type")):
        return NOT_A_SERVICE["locations"]
    if "term" in obj or "taxonomy" in obj or "vocabulary" in obj:
        return NOT_A_SERVICE["taxonomy_terms"]
    if "service_id" in obj and "location_id" in obj:
        return NOT_A_SERVICE["services_at_location"]
    return None


def _entry(check: _Checker, obj: dict[str, Any]) -> HsdsEntry | None:
    other = _not_a_service(obj)
    if other is not None:
        english, japanese = other
        check.problem(
            obj,
            "",
            "$",
            f"これは{japanese}で、サービス（service）ではありません。サービスのファイルを指定してください",
            f"this is an HSDS {english}, not a service; give a file of services (the /services output)",
        )
        return None
    uuid = _uuid(check, obj, "", "id")
    name, status = check.text(obj, "name"), check.text(obj, "status")
    if name is None:
        check.problem(obj, "", "name", "名称がありません", "the name is missing")
    if status not in STATUSES:
        given = "ありません" if status is None else f"「{status}」です"
        check.problem(
            obj,
            "",
            "status",
            f"status は {'/'.join(STATUSES)} のいずれかです（{given}）",
            f"status must be one of {', '.join(STATUSES)} (it is {'missing' if status is None else repr(status)})",
        )
    minimum = check.number(obj, "", "minimum_age", 0, 150)
    maximum = check.number(obj, "", "maximum_age", 0, 150)
    if minimum is not None and maximum is not None and maximum < minimum:
        check.problem(obj, "", "maximum_age", "最高年齢が最低年齢より小さい", "maximum_age below minimum_age")
    org = obj.get("organization") if isinstance(obj.get("organization"), dict) else {}
    organization = HsdsOrganization(
        uuid=_uuid(check, org, "organization.", "id", required=False)
        if org.get("id")
        else _uuid(check, obj, "", "organization_id", required=False),
        name=check.text(org, "name"),
        description=check.text(org, "description"),
        email=check.text(org, "email"),
        website=check.text(org, "website"),
        tax_id=check.text(org, "tax_id"),
    )
    entry = HsdsEntry(
        row=check.row,
        uuid=uuid or "",
        name=name or "",
        status=status or "",
        organization=organization,
        description=check.text(obj, "description"),
        email=check.text(obj, "email"),
        url=check.text(obj, "url"),
        minimum_age=int(minimum) if minimum is not None else None,
        maximum_age=int(maximum) if maximum is not None else None,
        eligibility_description=check.text(obj, "eligibility_description"),
        fees_description=check.text(obj, "fees_description"),
        application_process=check.text(obj, "application_process"),
        phones=[n for p in _objects(obj, "phones") if (n := check.text(p, "number"))],
        languages=[c for lang in _objects(obj, "languages") if (c := check.text(lang, "code"))],
        language_notes={
            c: n
            for lang in _objects(obj, "languages")
            if (c := check.text(lang, "code")) and (n := check.text(lang, "note"))
        },
    )
    for i, link in enumerate(_objects(obj, "service_at_locations")):
        location = link.get("location") if isinstance(link.get("location"), dict) else {"id": link.get("location_id")}
        entry.locations.append(_location(check, location, f"service_at_locations[{i}].location."))
    entry.schedules = [_schedule(check, s, f"schedules[{i}].") for i, s in enumerate(_objects(obj, "schedules"))]
    entry.costs = [_cost(check, c, f"cost_options[{i}].") for i, c in enumerate(_objects(obj, "cost_options"))]
    for a in _objects(obj, "attributes"):
        term = a.get("taxonomy_term") if isinstance(a.get("taxonomy_term"), dict) else {}
        entry.terms.append(HsdsTerm(check.text(term, "code"), check.text(term, "name"), check.text(term, "taxonomy")))
    profile = obj.get("tsunagu_profile")
    if isinstance(profile, str):  # services.csv of the tabular export: the object as JSON in one cell
        profile = _json_cell(check, obj, "", "tsunagu_profile")
    if isinstance(profile, dict):
        entry.profile = _profile(check, profile)
    return entry if uuid and name and status in STATUSES else None


def _objects(obj: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = obj.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _location(check: _Checker, obj: dict[str, Any], path: str) -> HsdsLocation:
    addresses = _objects(obj, "addresses")
    physical = next((a for a in addresses if a.get("address_type") == "physical"), addresses[0] if addresses else {})
    lat = check.number(obj, path, "latitude", -90, 90)
    lon = check.number(obj, path, "longitude", -180, 180)
    return HsdsLocation(
        uuid=_uuid(check, obj, path, "id", required=False),
        name=check.text(obj, "name"),
        address_1=check.text(physical, "address_1"),
        address_2=check.text(physical, "address_2"),
        city=check.text(physical, "city"),
        state_province=check.text(physical, "state_province"),
        postal_code=check.text(physical, "postal_code"),
        region=check.text(physical, "region"),
        lat=lat,
        lon=lon,
        transportation=check.text(obj, "transportation"),
        accessibility=[
            (feature, check.text(item, "description"))
            for item in _objects(obj, "accessibility")
            if (feature := check.text(item, "details") or "") in ACCESSIBILITY_FEATURES
        ],
    )


def _schedule(check: _Checker, obj: dict[str, Any], path: str) -> HsdsSchedule:
    freq = (check.text(obj, "freq") or "").upper() or None
    if freq is not None and freq not in HSDS_FREQUENCIES:
        check.problem(obj, path, "freq", f"freq は WEEKLY/MONTHLY です: {freq}", f"freq is not WEEKLY/MONTHLY: {freq}")
    interval = check.number(obj, path, "interval", 1, 1000)
    opens, closes = check.time(obj, path, "opens_at"), check.time(obj, path, "closes_at")
    if opens and closes and closes <= opens:
        check.problem(obj, path, "closes_at", "終了時刻が開始時刻より前です", "closes_at is not after opens_at")
    fields: dict[str, Any] = {
        "freq": freq if freq in HSDS_FREQUENCIES else "IRREGULAR",
        "interval": int(interval or 1),
        "byday": check.text(obj, "byday") if freq else None,
        "bymonthday": check.text(obj, "bymonthday") if freq else None,
        "opens_at": opens,
        "closes_at": closes,
        "valid_from": check.date(obj, path, "valid_from"),
        "valid_to": check.date(obj, path, "valid_to"),
        "description": check.text(obj, "description"),
        "notes": check.text(obj, "notes"),
    }
    profile = obj.get("tsunagu_profile")
    if isinstance(profile, str):  # the tabular export's extension column: a JSON object in one cell
        profile = _json_cell(check, obj, path, "tsunagu_profile")
    if isinstance(profile, dict):
        fields |= _schedule_profile(check, profile, f"{path}tsunagu_profile.")
    return HsdsSchedule(**fields)


def _json_cell(check: _Checker, obj: dict[str, Any], path: str, key: str) -> dict[str, Any] | None:
    """A CSV cell holding a JSON object, with its row's file and line for the problems inside it."""
    try:
        value = json.loads(obj[key])
    except json.JSONDecodeError as exc:
        value = exc
    if not isinstance(value, dict):
        check.problem(obj, path, key, f"{key} が JSON のオブジェクトではありません", f"{key} is not a JSON object")
        return None
    return {**value, **{k: obj[k] for k in ("_file", "_line") if k in obj}}


def _schedule_profile(check: _Checker, obj: dict[str, Any], path: str) -> dict[str, Any]:
    """A schedule's tsunagu_profile (objects._schedule_profile) as schedule fields, each value checked."""
    fields: dict[str, Any] = {}
    for key in ("week_unknown", "skip_holidays"):
        if key in obj and not isinstance(obj[key], bool):
            check.problem(obj, path, key, f"{key} は true/false です", f"{key} is not true/false")
        elif key in obj:
            fields[key] = obj[key]
    per_month = check.number(obj, path, "per_month", 1, 31)
    fields["per_month"] = int(per_month) if per_month is not None else None
    fields["holiday_shift"] = int(check.number(obj, path, "holiday_shift", -1, 1) or 0)
    for key, parse in (("except_months", parse_except_months), ("except_dates", parse_except_dates)):
        value = check.text(obj, key)
        try:
            parse(value)
        except ValueError as exc:
            check.problem(obj, path, key, f"{key} が読めません: {value}", str(exc))
        else:
            fields[key] = value
    freq = check.text(obj, "freq")
    if freq and freq.upper() in FREQUENCIES:  # a rule HSDS has no freq for: its own byday etc.
        fields |= {"freq": freq.upper(), "byday": check.text(obj, "byday")}
        fields["bymonthday"] = check.text(obj, "bymonthday")
        fields["interval"] = int(check.number(obj, path, "interval", 1, 1000) or 1)
    elif freq:
        check.problem(obj, path, "freq", f"freq が不明です: {freq}", f"unknown freq: {freq}")
    return fields


def _cost(check: _Checker, obj: dict[str, Any], path: str) -> HsdsCost:
    option = check.text(obj, "option") or check.text(obj, "age_band")
    band = option if option in AGE_BANDS else None
    amount = check.number(obj, path, "amount", 0, 1e9)
    if amount is None:
        amount = check.number(obj, path, "amount_yen", 0, 1e9)
    description = check.text(obj, "amount_description") or check.text(obj, "note")
    note = description if band else "／".join(p for p in (option, description) if p) or None
    free = obj.get("free") if isinstance(obj.get("free"), bool) else None
    return HsdsCost(band, amount, (check.text(obj, "currency") or "").upper() or None, note, free)


def _profile(check: _Checker, obj: dict[str, Any]) -> dict[str, Any]:
    """tsunagu_profile as plain values, the enumerated ones checked against our vocabularies."""
    path = "tsunagu_profile."
    profile: dict[str, Any] = {key: check.text(obj, key) for key in PROFILE_TEXT if check.text(obj, key)}
    for key, values in PROFILE_ENUMS.items():
        if key in profile and profile[key] not in values:
            check.problem(obj, path, key, f"{key} の値が不明です: {profile.pop(key)}", f"unknown {key} value")
    if isinstance(obj.get("transport_offered"), bool):
        profile["transport_offered"] = obj["transport_offered"]
    for key in ("capacity", "openings"):
        number = check.number(obj, path, key, 0, 1e6)
        if number is not None:
            profile[key] = int(number)
    if isinstance(obj.get("costs"), list):
        profile["costs"] = [_cost(check, c, f"{path}costs[{i}].") for i, c in enumerate(_objects(obj, "costs"))]
    for key in ("kinds", "tags"):
        if isinstance(obj.get(key), list):
            profile[key] = [str(code) for code in obj[key] if isinstance(code, str | int)]
    if isinstance(obj.get("source_fields"), dict):
        profile["source_fields"] = {str(k): str(v) for k, v in obj["source_fields"].items() if v not in (None, "")}
    return profile
