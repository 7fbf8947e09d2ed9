"""`tsunagu export hsds OUTDIR`: the public catalog as HSDS 3.1 JSON files and a tabular datapackage.

One source of truth: every value comes from `directory.formats.hsds.objects` (the serializer behind the open
API), run on exactly the services the API shows (`public_filter()`), so private homes are redacted here as they
are there. The CSV rows are those same JSON objects flattened into the official HSDS tables.

Layout of OUTDIR:
    index.json                      {"count", "services": [uuid…], "generated_at", "hsds_version"}
    services/<uuid>.json            one full HSDS service object per public service
    datapackage/datapackage.json    Frictionless tabular data package (HSDS 3.1 tables)
    datapackage/<table>.csv         UTF-8 without BOM, "\\n" line endings

Services are read in batches (`BATCH_SIZE`) so a 100 000-service catalog never holds more than one
batch of ORM objects; only the flattened rows of organisations and locations are kept until the end,
because they are shared between services and written sorted by uuid. Same database → same bytes
(apart from `generated_at`).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from directory.catalog.queries import get_services, public_filter
from directory.formats.hsds import objects as hsds
from directory.formats.hsds.tables import TABLE, TABLES, Table
from directory.formats.spreadsheet import SafeCsvWriter
from directory.models import Service, Taxonomy, TaxonomyTerm

HSDS_VERSION = "3.1"
BATCH_SIZE = 500
LOCALE = "ja"
INDEX_FILE = "index.json"
SERVICES_DIR = "services"
DATAPACKAGE_DIR = "datapackage"
# lists whose order the serializer takes from unordered relationships: sorted so files do not vary
_UNORDERED = ("service_at_locations", "languages", "attributes")


class ExportRefused(Exception):
    """OUTDIR holds something that is not a previous export; writing into it could destroy someone's files."""


@dataclass(frozen=True)
class ExportSummary:
    """What one export wrote."""

    services: int
    organizations: int
    locations: int
    outdir: Path

    def line(self) -> str:
        return (
            f"Exported {self.services} services, {self.organizations} organizations, "
            f"{self.locations} locations as HSDS {HSDS_VERSION} to {self.outdir}"
        )


def export_hsds(session: Session, outdir: Path, *, force: bool = False) -> ExportSummary:
    """Write the public catalog to `outdir` (see the module docstring); refuses a foreign non-empty folder."""
    _prepare(outdir, force=force)
    (outdir / SERVICES_DIR).mkdir(parents=True)
    (outdir / DATAPACKAGE_DIR).mkdir()
    uuids: list[str] = []
    tables = _Tables(outdir / DATAPACKAGE_DIR)
    try:
        for svc in _public_services(session):
            obj = _canonical(hsds.service(svc, LOCALE))
            _write_text(outdir / SERVICES_DIR / f"{obj['id']}.json", _json(obj))
            tables.add_service(obj)
            if not svc.organization.do_not_list:
                tables.add_organization(hsds.organization(svc.organization))
            uuids.append(obj["id"])
        for tax in session.scalars(select(Taxonomy).order_by(Taxonomy.uuid)):
            tables.add("taxonomy", hsds.taxonomy(tax))
        terms = select(TaxonomyTerm).options(selectinload(TaxonomyTerm.labels), selectinload(TaxonomyTerm.taxonomy))
        for term in session.scalars(terms.order_by(TaxonomyTerm.uuid)):
            tables.add("taxonomy_term", hsds.taxonomy_term(term, LOCALE))
        counts = tables.finish()
    finally:
        tables.close()
    _write_text(outdir / DATAPACKAGE_DIR / "datapackage.json", _json(datapackage()))
    index = {
        "count": len(uuids),
        "services": uuids,
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "hsds_version": HSDS_VERSION,
    }
    # written last: a folder with an index.json is a complete export
    _write_text(outdir / INDEX_FILE, _json(index))
    return ExportSummary(len(uuids), counts["organization"], counts["location"], outdir)


def datapackage() -> dict[str, Any]:
    """The datapackage.json describing the CSV tables (modelled on HSDS's own datapackage.json)."""
    return {
        "profile": "tabular-data-package",
        "name": "tsunagu-hsds",
        "title": "tsunagu public catalog (Open Referral HSDS 3.1)",
        "description": "Community activities and resources for 参加支援, in the Human Services Data Specification "
        "3.1 tabular format. Private homes are listed by area only.",
        "homepage": "https://docs.openreferral.org/en/latest/hsds/",
        "version": HSDS_VERSION,
        "resources": [
            {
                "name": table.name,
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
                "schema": table.schema(),
            }
            for table in TABLES
        ],
    }


def _prepare(outdir: Path, *, force: bool) -> None:
    """Check that `outdir` may be written to, then remove what a previous export left there.

    Old files must go: a service that has since become private would otherwise stay published.
    Only the export's own entries are removed, even with --force.
    """
    if outdir.exists() and not outdir.is_dir():
        raise ExportRefused(f"{outdir} exists and is not a folder.")
    if outdir.is_dir() and any(outdir.iterdir()) and not (outdir / INDEX_FILE).is_file() and not force:
        raise ExportRefused(
            f"{outdir} is not empty and does not look like a previous tsunagu export (no {INDEX_FILE}); "
            "choose an empty folder or use --force to write into it anyway."
        )
    for name in (SERVICES_DIR, DATAPACKAGE_DIR):
        if (outdir / name).is_dir():
            shutil.rmtree(outdir / name)
        elif (outdir / name).exists():
            (outdir / name).unlink()
    (outdir / INDEX_FILE).unlink(missing_ok=True)
    outdir.mkdir(parents=True, exist_ok=True)


def _public_services(session: Session) -> Iterator[Service]:
    """The public services in uuid order, loaded `BATCH_SIZE` at a time with everything HSDS shows."""
    ids = list(session.scalars(select(Service.id).where(public_filter()).order_by(Service.uuid)))
    for start in range(0, len(ids), BATCH_SIZE):
        yield from get_services(session, ids[start : start + BATCH_SIZE])


def _canonical(obj: dict[str, Any]) -> dict[str, Any]:
    for key in _UNORDERED:
        if key in obj:
            obj[key] = sorted(obj[key], key=lambda item: item["id"])
    for link in obj.get("service_at_locations", []):
        link["location"]["accessibility"] = sorted(link["location"]["accessibility"], key=lambda a: a["id"])
    return obj


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # an extension column: the object as compact JSON, keys sorted
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return str(value)


def _row(table: Table, obj: dict[str, Any]) -> list[str]:
    return [_cell(obj.get(column)) for column in table.all_columns]


class _Tables:
    """The CSV files: rows owned by a service are streamed; shared rows are kept (deduplicated) and sorted."""

    # tables whose rows several services can share: kept by id, written sorted at the end
    SHARED = ("organization", "organization_identifier", "location", "address", "accessibility")

    def __init__(self, folder: Path) -> None:
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        self._shared: dict[str, dict[str, list[str]]] = {name: {} for name in self.SHARED}
        self._org_phones: dict[str, list[str]] = {}
        self._counts = dict.fromkeys(TABLE, 0)
        for table in TABLES:
            fh = (folder / table.path).open("w", encoding="utf-8", newline="")
            self._files[table.name] = fh
            self._writers[table.name] = SafeCsvWriter(fh, lineterminator="\n")
            self._writers[table.name].writerow(table.all_columns)

    def add(self, name: str, obj: dict[str, Any]) -> None:
        """Write one row of a streamed table."""
        self._writers[name].writerow(_row(TABLE[name], obj))
        self._counts[name] += 1

    def _keep(self, name: str, objs: Iterable[dict[str, Any]]) -> None:
        rows = self._shared[name]
        for obj in objs:
            rows.setdefault(obj["id"], _row(TABLE[name], obj))

    def add_service(self, svc: dict[str, Any]) -> None:
        """Flatten one HSDS service object into its tables."""
        self.add("service", svc)
        for name, key in (
            ("phone", "phones"),
            ("schedule", "schedules"),
            ("language", "languages"),
            ("cost_option", "cost_options"),
            ("attribute", "attributes"),
        ):
            for obj in svc.get(key, []):
                self.add(name, obj)
        for link in svc.get("service_at_locations", []):
            self.add("service_at_location", link)
            location = link["location"]
            self._keep("location", [location])
            self._keep("address", location.get("addresses", []))
            self._keep("accessibility", location.get("accessibility", []))

    def add_organization(self, org: dict[str, Any]) -> None:
        """An organisation (full, not nested) with its phones and identifiers."""
        self._keep("organization", [org])
        self._keep("organization_identifier", org.get("organization_identifiers", []))
        for phone in org.get("phones", []):
            self._org_phones.setdefault(phone["id"], _row(TABLE["phone"], phone))

    def finish(self) -> dict[str, int]:
        """Write the kept rows sorted by id; return the row count of every table."""
        for name, rows in self._shared.items():
            for key in sorted(rows):
                self._writers[name].writerow(rows[key])
            self._counts[name] = len(rows)
        for key in sorted(self._org_phones):
            self._writers["phone"].writerow(self._org_phones[key])
        self._counts["phone"] += len(self._org_phones)
        return dict(self._counts)

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
