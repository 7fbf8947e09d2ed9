"""Catalog rows → Open Referral HSDS 3.1 objects (validated against ../shared/hsds in the tests).

HSDS identifiers are the rows' UUIDs; sub-objects without a UUID column (schedules, cost options,
languages, accessibility) get a UUID derived from their table and primary key, stable for the row's life.
Japanese extensions that HSDS has no field for (threshold, space, step level, age-band costs…) are in the
documented `tsunagu_profile` object, which HSDS validators ignore as an additional property.
Private homes: no street address, and the point is replaced by the deterministic ~300 m jitter.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from directory.models import (
    AddressVisibility,
    Frequency,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from i18n.content import choose
from maps.privacy import jitter_point
from tsunagu.spatial import lon_lat

ROW_NAMESPACE = UUID("2d4f6a8c-1b3e-5d7f-9a0c-2e4f6a8b0c1d")
ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"


def row_uuid(table: str, key: object) -> str:
    """Stable UUID for a sub-object that has no UUID column of its own."""
    return str(uuid5(ROW_NAMESPACE, f"{table}/{key}"))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    """HSDS leaves unknown values out rather than sending null."""
    return {k: v for k, v in obj.items() if v is not None}


def taxonomy(tax: Taxonomy) -> dict[str, Any]:
    return _clean(
        {"id": tax.uuid, "name": tax.name, "description": tax.description or tax.name, "version": tax.version}
    )


def taxonomy_term(term: TaxonomyTerm, locale: str = "ja") -> dict[str, Any]:
    labels = {label.locale: label.label for label in term.labels}
    name = choose(term.name, labels, locale)
    return _clean(
        {
            "id": term.uuid,
            "code": term.code,
            "name": name.text,
            "description": term.description or term.name,
            "parent_id": None,
            "taxonomy": term.taxonomy.code if term.taxonomy else None,
            "taxonomy_id": term.taxonomy.uuid if term.taxonomy else None,
            "language": name.locale,
        }
    )


def organization(org: Organization, *, nested: bool = False) -> dict[str, Any]:
    return _clean(
        {
            "id": org.uuid,
            "name": org.name,
            "alternate_name": org.alternate_name,
            "description": org.description or org.name,
            "email": org.email,
            "website": org.website,
            "tax_id": org.corporate_number,
            "organization_identifiers": []
            if nested
            else [
                {
                    "id": row_uuid("organization_identifier", org.id),
                    "organization_id": org.uuid,
                    "identifier_scheme": "JP-CN",
                    "identifier_type": "法人番号",
                    "identifier": org.corporate_number,
                }
            ]
            if org.corporate_number
            else [],
            "phones": [{"id": row_uuid("organization_phone", org.id), "organization_id": org.uuid, "number": org.phone}]
            if org.phone
            else [],
        }
    )


def _schedule_profile(row: Schedule, freq: str | None, byday: str | None) -> dict[str, Any] | None:
    """What an HSDS schedule cannot say, for `tsunagu import hsds` to take back: the Japanese exceptions
    (week_unknown, per_month, skip_holidays, holiday_shift, except_months, except_dates) and the stored
    freq/byday/bymonthday/interval when HSDS has no freq for them (DAILY, IRREGULAR, YEARLY)."""
    profile = _clean(
        {
            "week_unknown": True if row.week_unknown else None,
            "per_month": row.per_month,
            "skip_holidays": True if row.skip_holidays else None,
            "holiday_shift": row.holiday_shift or None,
            "except_months": row.except_months,
            "except_dates": row.except_dates,
        }
    )
    if str(row.freq) != freq:
        extra = {"freq": str(row.freq), "byday": row.byday, "bymonthday": row.bymonthday}
        profile |= _clean(extra | {"interval": row.interval if row.interval != 1 else None})
    return profile or None


def schedule(row: Schedule, service_uuid: str) -> dict[str, Any]:
    """RFC 5545-like row; HSDS knows only WEEKLY/MONTHLY, so DAILY becomes every weekday of the week.
    The Japanese exceptions are in the schedule's own `tsunagu_profile` (see `_schedule_profile`)."""
    # str(): StrEnum members and plain strings (set in this session, not reloaded yet) read the same
    freq, byday = str(row.freq), row.byday
    if row.freq == Frequency.DAILY:
        freq, byday = "WEEKLY", ALL_DAYS
    elif row.freq not in (Frequency.WEEKLY, Frequency.MONTHLY):
        freq, byday = None, None
    return _clean(
        {
            "id": row_uuid("schedule", row.id),
            "service_id": service_uuid,
            "freq": freq,
            "interval": row.interval if freq else None,
            "byday": byday,
            "bymonthday": row.bymonthday,
            "opens_at": row.opens_at.strftime("%H:%M") if row.opens_at else None,
            "closes_at": row.closes_at.strftime("%H:%M") if row.closes_at else None,
            "valid_from": _iso(row.valid_from),
            "valid_to": _iso(row.valid_to),
            "description": row.description,
            "notes": row.notes,
            "tsunagu_profile": _schedule_profile(row, freq, byday),
        }
    )


def location(loc: Location) -> dict[str, Any]:
    """A location as the public may see it: private homes as an area (町域, jittered point)."""
    private = loc.address_visibility == AddressVisibility.AREA
    lat = lon = None
    exact = lon_lat(loc.point)
    if exact is not None:
        lat, lon = (exact[1], exact[0]) if not private else jitter_point(exact[1], exact[0], loc.uuid)
    street = loc.town if private else "".join(p for p in (loc.town, loc.block) if p)
    address = {
        "id": row_uuid("address", loc.id),
        "location_id": loc.uuid,
        "address_1": street or (loc.city or ""),
        "address_2": None if private else loc.building,
        "city": loc.city or "",
        "region": loc.district,
        "state_province": loc.prefecture or "",
        "postal_code": "" if private else (loc.postal_code or ""),
        "country": "JP",
        "address_type": "physical",
    }
    return _clean(
        {
            "id": loc.uuid,
            "location_type": "physical",
            "organization_id": loc.organization.uuid if loc.organization else None,
            "name": loc.name,
            "transportation": loc.access_notes,
            "latitude": round(lat, 6) if lat is not None else None,
            "longitude": round(lon, 6) if lon is not None else None,
            "addresses": [_clean(address)],
            "accessibility": [
                _clean(
                    {
                        "id": row_uuid("accessibility", f"{loc.id}/{str(a.feature)}"),
                        "location_id": loc.uuid,
                        "description": a.description or str(a.feature),
                        "details": str(a.feature),
                    }
                )
                for a in loc.accessibility
            ],
        }
    )


def service_at_location(link: ServiceAtLocation) -> dict[str, Any]:
    return {
        "id": link.uuid,
        "service_id": link.service.uuid,
        "location_id": link.location.uuid,
        "location": location(link.location),
    }


def _profile(svc: Service) -> dict[str, Any]:
    """tsunagu's Japanese profile of a service (documented in the OpenAPI description)."""
    return _clean(
        {
            "threshold": str(svc.threshold),
            "space": str(svc.space),
            "step_level": str(svc.step_level),
            "ladder_stage": str(svc.ladder_stage),
            "transport_offered": svc.transport_offered,
            "atmosphere": str(svc.atmosphere) if svc.atmosphere else None,
            "group_size": str(svc.group_size) if svc.group_size else None,
            "atmosphere_notes": svc.atmosphere_notes,
            "how_to_join": svc.how_to_join,
            "capacity": svc.capacity,
            "openings": svc.openings,
            "verified_at": _iso(svc.verified_at),
            "costs": [
                _clean({"age_band": str(c.age_band), "amount_yen": c.amount_yen, "free": c.is_free, "note": c.note})
                for c in svc.costs
            ],
            "tags": [t.code for t in svc.terms if t.taxonomy and t.taxonomy.code == "suitable_for"],
            "kinds": [t.code for t in svc.terms if t.taxonomy and t.taxonomy.code == "kind"],
            "source_fields": public_source_fields(svc) or None,
        }
    )


def public_source_fields(svc: Service) -> dict[str, str]:
    """The source file's columns kept on the service (FAX番号, 車椅子貸出 …), as the public may see them: a
    private home's contact notes may name the family (「山田様宅の番号」) and are left out."""
    private = any(link.location.address_visibility == AddressVisibility.AREA for link in svc.at_locations)
    return {k: v for k, v in (svc.source_fields or {}).items() if not (private and k.endswith("連絡先備考"))}


def service(svc: Service, locale: str = "ja") -> dict[str, Any]:
    """A full HSDS service object (relations must be loaded; see directory.catalog.queries.get_service)."""
    translations: dict[str, dict[str, str]] = {}
    for t in svc.translations:
        translations.setdefault(t.field, {})[t.locale] = t.value
    name = choose(svc.name, translations.get("name", {}), locale)
    description = choose(svc.description, translations.get("description", {}), locale)
    return _clean(
        {
            "id": svc.uuid,
            "organization_id": svc.organization.uuid,
            "name": name.text,
            "alternate_name": svc.alternate_name,
            "description": description.text,
            "url": svc.url,
            "email": svc.email,
            "status": str(svc.hsds_status),
            "application_process": svc.how_to_join,
            "fees_description": svc.fees_description,
            "eligibility_description": svc.eligibility_description,
            "minimum_age": svc.minimum_age,
            "maximum_age": svc.maximum_age,
            "assured_date": svc.verified_at.date().isoformat() if svc.verified_at else None,
            "last_modified": svc.updated_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "phones": [{"id": row_uuid("service_phone", svc.id), "service_id": svc.uuid, "number": svc.phone}]
            if svc.phone
            else [],
            "schedules": [schedule(s, svc.uuid) for s in svc.schedules],
            "service_at_locations": [service_at_location(link) for link in svc.at_locations],
            "languages": [
                _clean(
                    {
                        "id": row_uuid("language", f"{svc.id}/{lang.language}"),
                        "service_id": svc.uuid,
                        "code": lang.language,
                        "note": lang.note,
                    }
                )
                for lang in svc.languages
            ],
            "organization": organization(svc.organization, nested=True),
            "cost_options": [
                _clean(
                    {
                        "id": row_uuid("cost_option", c.id),
                        "service_id": svc.uuid,
                        "option": str(c.age_band),
                        "currency": "JPY",
                        "amount": 0 if c.is_free else c.amount_yen,
                        "amount_description": c.note,
                    }
                )
                for c in svc.costs
            ],
            "attributes": [
                {
                    "id": row_uuid("attribute", f"{svc.id}/{t.id}"),
                    "link_id": svc.uuid,
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": t.uuid,
                    "taxonomy_term": taxonomy_term(t, locale),
                }
                for t in svc.terms
            ],
            "tsunagu_profile": _profile(svc),
            "tsunagu_locale": {"name": name.locale, "description": description.locale},
        }
    )
