"""What a group can say about an activity or its organisation, as one flat dict ("entry data").

The same dict is the guided form's data, a change request's before/after snapshot and what a review applies,
so a diff is a plain comparison of two dicts and nothing a group typed is lost on the way to the catalog.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.catalog import labels
from directory.catalog.indexing import refresh_search_text
from directory.models import (
    AccessibilityFeature,
    AddressVisibility,
    AgeBand,
    CostOption,
    Location,
    LocationAccessibility,
    Organization,
    OrganizationKind,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Space,
    TaxonomyTerm,
    Threshold,
)
from directory.schedules.text import parse_schedule
from tsunagu.spatial import lon_lat

ADDRESS_FIELDS = ("postal_code", "prefecture", "city", "town", "block", "building")
SERVICE_LABELS = {
    "name": _l("活動の名前"),
    "kind": _l("活動の種類"),
    "description": _l("どんな活動ですか"),
    "eligibility_description": _l("どんな人向けですか"),
    "minimum_age": _l("対象年齢（下限）"),
    "maximum_age": _l("対象年齢（上限）"),
    "schedule_text": _l("開催日時"),
    "costs": _l("参加費"),
    "capacity": _l("定員"),
    "how_to_join": _l("参加のしかた"),
    "threshold": _l("予約"),
    "languages": _l("話せる言語"),
    "accessibility": _l("バリアフリー"),
    "space": _l("場の雰囲気"),
    "private_home": _l("個人のお宅で開いている"),
    "do_not_list": _l("掲載しない"),
    "phone": _l("電話"),
    "email": _l("メール"),
    "postal_code": _l("郵便番号"),
    "prefecture": _l("都道府県"),
    "city": _l("市区町村"),
    "town": _l("町域"),
    "block": _l("番地"),
    "building": _l("建物名・方書"),
    "latitude": _l("緯度"),
    "longitude": _l("経度"),
    "photo": _l("写真"),
}
ORGANIZATION_LABELS = {
    "name": _l("団体の名前"),
    "kind": _l("団体の種類"),
    "description": _l("団体の紹介"),
    "phone": _l("電話"),
    "email": _l("メール"),
    "website": _l("ウェブサイト"),
    "do_not_list": _l("掲載しない"),
}
ORGANIZATION_KIND = {
    OrganizationKind.NPO: _l("NPO・市民活動団体"),
    OrganizationKind.SHAKYO: _l("社会福祉協議会"),
    OrganizationKind.NEIGHBOURHOOD: _l("町内会・自治会"),
    OrganizationKind.COMPANY: _l("企業・商店"),
    OrganizationKind.INDIVIDUAL: _l("個人"),
    OrganizationKind.MUNICIPALITY: _l("市区町村"),
    OrganizationKind.WELFARE: _l("社会福祉法人・介護事業所"),
    OrganizationKind.RELIGIOUS: _l("寺社・教会"),
    OrganizationKind.OTHER: _l("その他"),
}
_ORGANIZATION_FIELDS = ("name", "kind", "description", "phone", "email", "website", "do_not_list")


def schedule_text_of(service: Service) -> str:
    """The schedule as the group wrote it (the original texts of its rows, each once)."""
    texts = [s.description or s.notes for s in service.schedules]
    return "、".join(dict.fromkeys(t for t in texts if t))


def _location(service: Service) -> Location | None:
    return service.at_locations[0].location if service.at_locations else None


def service_snapshot(service: Service) -> dict[str, Any]:
    """The entry data of a service (JSON-ready): what the form shows and a change request stores."""
    location = _location(service)
    point = lon_lat(location.point) if location is not None else None
    kind = next((t.code for t in service.terms if t.taxonomy.code == "kind"), None)
    return {
        "name": service.name,
        "kind": kind,
        "description": service.description or "",
        "eligibility_description": service.eligibility_description or "",
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "schedule_text": schedule_text_of(service),
        "costs": {str(c.age_band): {"free": c.is_free, "yen": c.amount_yen} for c in service.costs},
        "capacity": service.capacity,
        "how_to_join": service.how_to_join or "",
        "threshold": str(service.threshold or Threshold.DROP_IN),
        "languages": sorted(lang.language for lang in service.languages),
        "accessibility": sorted(str(a.feature) for a in location.accessibility) if location else [],
        "space": str(service.space or Space.OPEN),
        "private_home": bool(location and location.address_visibility == AddressVisibility.AREA),
        "do_not_list": bool(service.do_not_list),
        "phone": service.phone or "",
        "email": service.email or "",
        **{name: (getattr(location, name) or "") if location else "" for name in ADDRESS_FIELDS},
        "latitude": round(point[1], 6) if point else None,
        "longitude": round(point[0], 6) if point else None,
    }


def apply_service(session: Session, service: Service, data: dict[str, Any]) -> None:
    """Write entry data onto a service (new or existing) and refresh what search finds it by.

    Schedules are rebuilt only when the text changed, so rules a curator or an import wrote without a text
    survive an edit of other fields. Lists are cleared and flushed before refilling: their unique keys would
    otherwise collide inside one flush.
    """
    session.add(service)
    before = service_snapshot(service) if service.id else {}
    for name in ("name", "minimum_age", "maximum_age", "capacity", "do_not_list"):
        setattr(service, name, data.get(name))
    for name in ("description", "eligibility_description", "how_to_join", "phone", "email"):
        setattr(service, name, data.get(name) or None)
    service.threshold = Threshold(data.get("threshold") or Threshold.DROP_IN)
    service.space = Space(data.get("space") or Space.OPEN)
    kind = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == data.get("kind")))
    service.terms = [t for t in service.terms if t.taxonomy.code != "kind"] + ([kind] if kind else [])
    if service.id:
        service.costs.clear()
        service.languages.clear()
        session.flush()
    service.costs = [
        CostOption(age_band=AgeBand(band), is_free=bool(cost.get("free")), amount_yen=cost.get("yen"))
        for band, cost in (data.get("costs") or {}).items()
    ]
    service.languages = [ServiceLanguage(language=code) for code in data.get("languages") or []]
    if data.get("schedule_text", "") != before.get("schedule_text", ""):
        service.schedules = schedules_from_text(data.get("schedule_text") or "")
    _apply_location(session, service, data)
    session.flush()
    refresh_search_text(session, [service.id])


def schedules_from_text(text: str) -> list[Schedule]:
    """Schedule rows read from free Japanese text; what the parser did not understand becomes the note."""
    text = text.strip()
    if not text:
        return []
    parsed = parse_schedule(text)
    rows = [Schedule.from_rule(rule, description=text, notes=parsed.unparsed) for rule in parsed.rules]
    return rows or [Schedule(freq="IRREGULAR", description=text, notes=parsed.unparsed or text)]


def _apply_location(session: Session, service: Service, data: dict[str, Any]) -> None:
    location = _location(service)
    if location is None:
        location = Location(organization=service.organization)
        service.at_locations = [ServiceAtLocation(location=location)]
    for name in ADDRESS_FIELDS:
        setattr(location, name, data.get(name) or None)
    location.address_visibility = AddressVisibility.AREA if data.get("private_home") else AddressVisibility.PUBLIC
    lat, lon = data.get("latitude"), data.get("longitude")
    if lat is not None and lon is not None:
        location.point = f"SRID=4326;POINT({float(lon)} {float(lat)})"
        location.geocode_source = "contributor"
    else:
        location.point = None
    if location.id:
        location.accessibility.clear()
        session.flush()
    location.accessibility = [
        LocationAccessibility(feature=AccessibilityFeature(code)) for code in data.get("accessibility") or []
    ]


def organization_snapshot(organization: Organization) -> dict[str, Any]:
    """The entry data of an organisation."""
    data = {name: getattr(organization, name) or "" for name in _ORGANIZATION_FIELDS}
    data["kind"] = str(organization.kind or OrganizationKind.OTHER)
    data["do_not_list"] = bool(organization.do_not_list)
    return data


def apply_organization(session: Session, organization: Organization, data: dict[str, Any]) -> None:
    """Write entry data onto an organisation and re-index its services (their search text holds its name)."""
    for name in _ORGANIZATION_FIELDS:
        value = data.get(name)
        setattr(organization, name, value if isinstance(value, bool) else (value or None))
    organization.name = data["name"]
    organization.kind = OrganizationKind(data.get("kind") or OrganizationKind.OTHER)
    session.flush()
    refresh_search_text(session, [s.id for s in organization.services])


@dataclass(frozen=True)
class FieldChange:
    """One changed field of a change request: the label and both values, in words."""

    field: str
    label: str
    before: str
    after: str


def diff(
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    organization: bool = False,
    kinds: Mapping[str, Any] | None = None,
) -> list[FieldChange]:
    """The fields whose values differ, in form order, each shown as a person reads it.

    `kinds` names the activity kinds by code (from the taxonomy); organisations use ORGANIZATION_KIND.
    """
    before, after = before or {}, after or {}
    names = ORGANIZATION_LABELS if organization else SERVICE_LABELS
    kind_words = ORGANIZATION_KIND if organization else (kinds or {})
    return [
        FieldChange(
            name,
            str(label),
            display_value(name, before.get(name), kind_words),
            display_value(name, after.get(name), kind_words),
        )
        for name, label in names.items()
        if _normalised(before.get(name)) != _normalised(after.get(name))
    ]


def _normalised(value: Any) -> Any:
    """Empty string, None and empty collections all mean "not given"."""
    return value if value not in ("", None, [], {}) else None


def display_value(name: str, value: Any, kinds: Mapping[str, Any] | None = None) -> str:
    """A value of entry data in words ("はい", "大人 300円・小学生 無料", "車いすで入れます、駐車場" …)."""
    if _normalised(value) is None:
        return "—" if not isinstance(value, bool) else str(_l("いいえ"))
    if isinstance(value, bool):
        return str(_l("はい") if value else _l("いいえ"))
    if name == "photo":  # a stored file name means nothing to a reader; its first letters tell two apart
        return str(_l("写真（%(ref)s）", ref=str(value)[:6]))
    if name == "costs":
        order = list(AgeBand)
        parts = []
        for band in sorted(value, key=lambda b: order.index(AgeBand(b))):
            cost = value[band]
            amount = _l("無料") if cost.get("free") else _l("%(yen)s円", yen=cost.get("yen") or 0)
            parts.append(str(_l("%(band)s %(amount)s", band=labels.AGE_BAND[AgeBand(band)], amount=amount)))
        return "・".join(parts)
    words: dict[str, Any] = {
        "threshold": labels.THRESHOLD_SHORT,
        "space": labels.SPACE_SHORT,
        "accessibility": labels.ACCESSIBILITY,
        "languages": labels.LANGUAGE,
        "kind": kinds or {},
    }.get(name, {})
    if isinstance(value, list):
        return "、".join(str(words.get(v, v)) for v in value)
    return str(words.get(value, value))
