"""The HSDS 3.1 tabular layout tsunagu exports: tables, columns in the official order, field types.

Copied from the Open Referral HSDS 3.1 compiled tabular schema (schema/compiled/tabular.json) and the
official CSV examples, because a running export must not depend on a checkout of the HSDS repository.
tests/directory/formats/hsds/test_export.py compares every table here with those files, so a drift shows up there.
Only the tables the catalog can fill are listed (no programs, contacts, funding, service areas…).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NUMBER_COLUMNS = frozenset(
    {
        "year_incorporated",
        "minimum_age",
        "maximum_age",
        "latitude",
        "longitude",
        "extension",
        "timezone",
        "count",
        "interval",
        "amount",
    }
)
FORMATS = {
    "email": "email",
    "assurer_email": "email",
    "website": "uri",
    "url": "uri",
    "uri": "uri",
    "term_uri": "uri",
    "schedule_link": "uri",
    "last_modified": "date-time",
}
ENUMS = {
    ("service", "status"): ("active", "inactive", "defunct", "temporarily closed"),
    ("location", "location_type"): ("physical", "postal", "virtual"),
    ("address", "address_type"): ("physical", "postal", "virtual"),
    ("schedule", "wkst"): ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
    ("schedule", "freq"): ("WEEKLY", "MONTHLY"),
}


EXTENSION_DESCRIPTIONS = {
    "tsunagu_profile": (
        "tsunagu extension (JSON object), the same object as tsunagu_profile in the JSON export. On services.csv: "
        "threshold, space, step level, ladder stage, costs per age band, kinds, tags and source_fields. On "
        "schedules.csv: what an HSDS schedule cannot say — week_unknown, per_month, "
        "skip_holidays, holiday_shift (+1 next day, -1 day before), except_months (1-12, comma-separated), "
        "except_dates (MM-DD, YYYY-MM-DD or ranges with /), and freq/byday/bymonthday/interval when the rule "
        "is DAILY, IRREGULAR or YEARLY"
    ),
}


@dataclass(frozen=True)
class Table:
    """One HSDS table: its resource name, CSV file, columns (official order), required columns, references."""

    name: str
    path: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = ("id",)
    references: dict[str, str] = field(default_factory=dict)
    """Foreign-key column → the resource whose `id` it names (only those the export guarantees)."""
    extensions: tuple[str, ...] = ()
    """tsunagu's own columns after the official ones (`tsunagu_*`, a JSON object per cell): what HSDS has no
    column for, so that a tabular export read back gives the same catalog. HSDS tools ignore extra columns."""

    @property
    def all_columns(self) -> tuple[str, ...]:
        """The official columns, then the extensions: the header of the exported CSV."""
        return (*self.columns, *self.extensions)

    def field_type(self, column: str) -> tuple[str, str | None]:
        """(Table Schema type, format) of a column, as HSDS declares it."""
        if column in NUMBER_COLUMNS:
            return "number", None
        if column in self.extensions:
            return "object", None
        if column == "id" or (column.endswith("_id") and column != "tax_id"):
            return "string", "uuid"
        return "string", FORMATS.get(column)

    def schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema of this table (for datapackage.json)."""
        fields = []
        for column in self.all_columns:
            kind, fmt = self.field_type(column)
            constraints: dict[str, Any] = {"required": column in self.required, "unique": column == "id"}
            if (self.name, column) in ENUMS:
                constraints["enum"] = list(ENUMS[self.name, column])
            spec: dict[str, Any] = {"name": column, "type": kind}
            if fmt and fmt != "date-time":  # Table Schema strings know only email, uri, uuid…
                spec["format"] = fmt
            spec["constraints"] = constraints
            if column in self.extensions:
                spec["description"] = EXTENSION_DESCRIPTIONS[column]
            fields.append(spec)
        return {
            "fields": fields,
            "primaryKey": "id",
            "foreignKeys": [
                {"fields": column, "reference": {"resource": resource, "fields": "id"}}
                for column, resource in self.references.items()
            ],
        }


def _cols(text: str) -> tuple[str, ...]:
    return tuple(text.split(","))


TABLES: tuple[Table, ...] = (
    Table(
        "organization",
        "organizations.csv",
        _cols(
            "id,name,alternate_name,description,email,website,tax_status,tax_id,year_incorporated,legal_status,"
            "logo,uri,parent_organization_id"
        ),
        ("id", "name", "description"),
    ),
    Table(
        "service",
        "services.csv",
        _cols(
            "id,organization_id,program_id,name,alternate_name,description,url,email,status,"
            "interpretation_services,application_process,fees_description,wait_time,fees,accreditations,"
            "eligibility_description,minimum_age,maximum_age,assured_date,assurer_email,licenses,alert,"
            "last_modified"
        ),
        ("id", "name", "status", "organization_id"),
        {"organization_id": "organization"},
        extensions=("tsunagu_profile",),
    ),
    Table(
        "attribute",
        "attributes.csv",
        _cols("id,link_id,taxonomy_term_id,link_type,link_entity,value"),
        ("id", "link_id", "taxonomy_term_id", "link_entity"),
        {"taxonomy_term_id": "taxonomy_term"},
    ),
    Table(
        "service_at_location",
        "service_at_location.csv",
        _cols("id,service_id,location_id,description"),
        ("id", "service_id", "location_id"),
        {"service_id": "service", "location_id": "location"},
    ),
    Table(
        "location",
        "locations.csv",
        _cols(
            "id,location_type,url,organization_id,name,alternate_name,description,transportation,latitude,"
            "longitude,external_identifier,external_identifier_type"
        ),
        ("id", "location_type"),
    ),
    Table(
        "phone",
        "phones.csv",
        _cols(
            "id,location_id,service_id,organization_id,contact_id,service_at_location_id,number,extension,type,"
            "description"
        ),
        ("id", "number"),
        {"service_id": "service", "organization_id": "organization"},
    ),
    Table(
        "address",
        "addresses.csv",
        _cols(
            "id,location_id,attention,address_1,address_2,city,region,state_province,postal_code,country,address_type"
        ),
        ("id", "address_1", "city", "state_province", "postal_code", "country", "address_type"),
        {"location_id": "location"},
    ),
    Table(
        "schedule",
        "schedules.csv",
        _cols(
            "id,service_id,location_id,service_at_location_id,valid_from,valid_to,dtstart,timezone,until,count,"
            "wkst,freq,interval,byday,byweekno,bymonthday,byyearday,description,opens_at,closes_at,"
            "schedule_link,attending_type,notes"
        ),
        references={"service_id": "service"},
        extensions=("tsunagu_profile",),
    ),
    Table(
        "language",
        "languages.csv",
        _cols("id,service_id,location_id,phone_id,name,code,note"),
        references={"service_id": "service"},
    ),
    Table(
        "accessibility",
        "accessibility.csv",
        _cols("id,location_id,description,details,url"),
        references={"location_id": "location"},
    ),
    Table(
        "taxonomy_term",
        "taxonomy_terms.csv",
        _cols("id,code,name,description,parent_id,taxonomy,language,taxonomy_id,term_uri"),
        ("id", "name", "description"),
        {"taxonomy_id": "taxonomy"},
    ),
    Table(
        "cost_option",
        "cost_options.csv",
        _cols("id,service_id,valid_from,valid_to,option,currency,amount,amount_description"),
        ("id", "service_id"),
        {"service_id": "service"},
    ),
    Table(
        "organization_identifier",
        "organization_identifiers.csv",
        _cols("id,organization_id,identifier_scheme,identifier_type,identifier"),
        ("id", "identifier_type", "identifier", "organization_id"),
        {"organization_id": "organization"},
    ),
    Table("taxonomy", "taxonomies.csv", _cols("id,name,description,uri,version"), ("id", "name", "description")),
)
TABLE = {table.name: table for table in TABLES}
