"""The OpenAPI 3.1 description of /api/v1, built from the same parameter list the code parses."""

from __future__ import annotations

from typing import Any

from directory.search.params import ACCESSIBILITY, MAX_PER_PAGE, MAX_RADIUS_KM, SORTS, SPACES, THRESHOLDS, WEEKDAYS


def _param(name: str, schema: dict[str, Any], description: str, *, explode: bool = False) -> dict[str, Any]:
    out = {"name": name, "in": "query", "required": False, "schema": schema, "description": description}
    if explode:
        out.update(style="form", explode=True)
    return out


PAGING = [
    _param("page", {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1}, "Page number (1-based)."),
    _param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20}, "Items per page."),
]
LANG = _param(
    "lang",
    {"type": "string", "example": "pt-BR"},
    "Response language for translated fields (fallback: やさしい日本語, then the Japanese original).",
)
SEARCH = [
    _param("search", {"type": "string", "maxLength": 200}, "Free text; Japanese spelling variants are folded."),
    _param("q", {"type": "string", "maxLength": 200}, "Alias of `search`."),
    _param("taxonomy_term_id", {"type": "string", "format": "uuid"}, "HSDS taxonomy term UUID."),
    _param("organization_id", {"type": "string", "format": "uuid"}, "HSDS organization UUID."),
    _param("kind", {"type": "array", "items": {"type": "string"}}, "Kind codes (any of).", explode=True),
    _param("tag", {"type": "array", "items": {"type": "string"}}, "Suitable-for codes (all of).", explode=True),
    _param("district", {"type": "string"}, "地区 name."),
    _param("junior_high_district", {"type": "string"}, "中学校区 name."),
    _param("elementary_district", {"type": "string"}, "小学校区 name."),
    _param("lat", {"type": "number", "minimum": -90, "maximum": 90}, "Latitude (WGS 84); with `lon`."),
    _param("lon", {"type": "number", "minimum": -180, "maximum": 180}, "Longitude (WGS 84); with `lat`."),
    _param("radius_km", {"type": "number", "minimum": 0.01, "maximum": MAX_RADIUS_KM}, "Radius around lat/lon."),
    _param("day", {"type": "string", "enum": [*WEEKDAYS, "today"]}, "Open on this weekday."),
    _param("time", {"type": "string", "pattern": r"^\d{1,2}(:\d{2})?$"}, "Open at this time (HH:MM, Japan time)."),
    _param("age", {"type": "integer", "minimum": 0, "maximum": 120}, "Age of the participant."),
    _param("free", {"type": "string", "enum": ["1", "true"]}, "Free of charge (for the age band when `age` given)."),
    _param("max_cost", {"type": "integer", "minimum": 0, "maximum": 1_000_000}, "Cost ceiling in yen."),
    _param("language", {"type": "string", "example": "pt-BR"}, "A language spoken there (BCP 47)."),
    _param(
        "accessibility",
        {"type": "array", "items": {"type": "string", "enum": list(ACCESSIBILITY)}},
        "Required features.",
        explode=True,
    ),
    _param("threshold", {"type": "string", "enum": list(THRESHOLDS)}, "How to get in."),
    _param("space", {"type": "string", "enum": list(SPACES)}, "守られた空間 (protected) or オープンな空間 (open)."),
    _param("sort", {"type": "string", "enum": list(SORTS)}, "`distance` needs lat/lon."),
]
FORMAT = _param(
    "format",
    {"type": "string", "enum": ["json", "ndjson"], "default": "json"},
    "`json`: an HSDS Page. `ndjson`: every result, one JSON object a line, without pagination (HSDS API).",
)
FULL = _param(
    "full",
    {"type": "boolean"},
    "Fully nested objects (HSDS API): services nest by default (`full=false` leaves nested objects out); "
    "organizations and service_at_locations nest their services only with `full=true`.",
)
MINIMAL = _param(
    "minimal",
    {"type": "boolean"},
    "Every matching service as just `id`, `name` and `modified_date`, all in one call (HSDS API).",
)
OBJECT = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "format": "uuid"}}}
SCHEDULE_PROFILE = {
    "type": "object",
    "description": "tsunagu extension: what an HSDS schedule cannot say (absent when the rule has none of it). "
    "`tsunagu import hsds` reads it back, so an export re-imported gives the same schedule; the tabular export "
    "writes the same object as JSON in the `tsunagu_profile` column of schedules.csv.",
    "properties": {
        "week_unknown": {
            "type": "boolean",
            "description": "The weekday is known but not which week (月1回・日曜): no dates, confirm with the group.",
        },
        "per_month": {"type": "integer", "minimum": 1, "maximum": 31, "description": "About how often a month."},
        "skip_holidays": {"type": "boolean", "description": "Closed on Japanese public holidays (祝日は休み)."},
        "holiday_shift": {
            "type": "integer",
            "enum": [-1, 1],
            "description": "On a public holiday it moves to the next day (1) or the day before (-1).",
        },
        "except_months": {
            "type": "string",
            "pattern": r"^\d{1,2}(,\d{1,2})*$",
            "description": "Months without meetings, 1-12 comma-separated (「8月はお休み」 → `8`).",
        },
        "except_dates": {
            "type": "string",
            "description": "Days off: MM-DD, YYYY-MM-DD or ranges with `/`, comma-separated "
            "(年末年始 → `12-29/01-03`).",
        },
        "freq": {
            "type": "string",
            "enum": ["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "IRREGULAR"],
            "description": "The stored rule when HSDS has no freq for it (DAILY, YEARLY, IRREGULAR = 不定期).",
        },
        "byday": {"type": "string"},
        "bymonthday": {"type": "string"},
        "interval": {"type": "integer", "minimum": 1},
    },
}
SCHEDULE = {
    "type": "object",
    "description": "HSDS 3.1 schedule; `tsunagu_profile` holds the Japanese exceptions.",
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "tsunagu_profile": {"$ref": "#/components/schemas/ScheduleProfile"},
    },
}
MINIMAL_SERVICE = {
    "type": "object",
    "required": ["id", "modified_date"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "modified_date": {"type": ["string", "null"], "format": "date-time"},
    },
}
SERVICE = {
    "type": "object",
    "description": "HSDS 3.1 service (validates against the official compiled service.json). "
    "`tsunagu_profile` carries the Japanese profile: threshold, space, step_level, ladder_stage, "
    "transport_offered, atmosphere, group_size, how_to_join, capacity, openings, verified_at, "
    "costs per age band (infant, elementary, junior_high, high_school, adult), kinds and tags, and "
    "source_fields (the source file's columns without an HSDS field, by their Japanese name).",
    "required": ["id", "name", "status"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "status": {"type": "string", "enum": ["active", "inactive", "defunct", "temporarily closed"]},
        "tsunagu_profile": {"type": "object"},
        "schedules": {"type": "array", "items": {"$ref": "#/components/schemas/Schedule"}},
    },
}


def _page_of(ref: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {
            "total_items": {"type": "integer"},
            "total_pages": {"type": "integer"},
            "page_number": {"type": "integer"},
            "size": {"type": "integer"},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array", "items": {"$ref": ref}},
        },
    }


def _ok(
    schema: dict[str, Any],
    *,
    errors: tuple[int, ...] = (400,),
    media_type: str = "application/json",
    ndjson: bool = False,
) -> dict[str, Any]:
    content: dict[str, Any] = {media_type: {"schema": schema}}
    if ndjson:
        content["application/x-ndjson"] = {"schema": {"type": "string"}}
    responses: dict[str, Any] = {"200": {"description": "OK", "content": content}}
    for code in errors:
        responses[str(code)] = {
            "description": "Problem",
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return responses


def _id_param() -> dict[str, Any]:
    return {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}


def _collection(ref: str, extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    parameters = [*PAGING, LANG, FORMAT, *(extra or [])]
    return {"get": {"parameters": parameters, "responses": _ok(_page_of(ref), ndjson=True)}}


def _item(ref: str) -> dict[str, Any]:
    return {"get": {"parameters": [_id_param(), LANG], "responses": _ok({"$ref": ref}, errors=(400, 404))}}


def openapi_document(server_url: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document served at /api/v1/openapi.json."""
    schemas = "#/components/schemas/"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tsunagu open data API (HSDS 3.1)",
            "version": "3.1",
            "description": "Community activities and resources (居場所, サロン, 子ども食堂…) as Open Referral HSDS "
            "3.1. Read-only, CORS-enabled. Errors are RFC 9457 problem+json.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": {"get": {"responses": _ok({"type": "object", "required": ["version"]})}},
            "/services": {
                "get": {
                    "parameters": [*PAGING, LANG, *SEARCH, MINIMAL, FULL, FORMAT],
                    "responses": _ok(_page_of(schemas + "ServiceOrMinimal"), ndjson=True),
                }
            },
            "/services/{id}": _item(schemas + "Service"),
            "/organizations": _collection(schemas + "Object", [FULL]),
            "/organizations/{id}": _item(schemas + "Object"),
            "/taxonomies": _collection(schemas + "Object"),
            "/taxonomies/{id}": _item(schemas + "Object"),
            "/taxonomy_terms": _collection(
                schemas + "Object", [_param("taxonomy_id", {"type": "string"}, "Only terms of this taxonomy.")]
            ),
            "/taxonomy_terms/{id}": _item(schemas + "Object"),
            "/service_at_locations": _collection(schemas + "Object", [FULL]),
            "/service_at_locations/{id}": _item(schemas + "Object"),
            "/map.geojson": {
                "get": {
                    "description": "GeoJSON FeatureCollection of the search's matches with a point; private homes "
                    "as a jittered point with approximate=true and radius_m, never the real position.",
                    "parameters": [LANG, *SEARCH],
                    "responses": _ok(
                        {"type": "object", "required": ["type", "features"]}, media_type="application/geo+json"
                    ),
                }
            },
            "/match": {
                "post": {
                    "description": "Ranked, explained suggestions for a person's profile (the JSON format of "
                    "DESIGN.md), never breaking a hard constraint; public entries only. For coordinators: a "
                    "signed-in session with X-CSRFToken, or a personal token from /coordinator/tokens.",
                    "security": [{"bearer": []}],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": _ok({"type": "object"}, errors=(400, 401, 403)),
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Service": SERVICE,
                "Schedule": SCHEDULE,
                "ScheduleProfile": SCHEDULE_PROFILE,
                "MinimalService": MINIMAL_SERVICE,
                "ServiceOrMinimal": {"anyOf": [{"$ref": schemas + "Service"}, {"$ref": schemas + "MinimalService"}]},
                "Object": OBJECT,
                "Problem": {
                    "type": "object",
                    "required": ["type", "title", "status"],
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "invalid_params": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
        },
    }
