"""Entry translations as a spreadsheet, for a volunteer translator (国際交流協会) working offline.

`tsunagu translations export pt-BR FILE.csv` lists every public entry's text that has no checked translation
in that language yet — the Japanese beside an empty column (or the machine translation to check) — and
`tsunagu translations import FILE.csv` brings the filled-in file back. CSV in UTF-8 with a BOM and CRLF, as
Excel and LibreOffice open and save it. The import is all-or-nothing, like the catalog imports.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.catalog.indexing import refresh_search_text
from directory.formats.spreadsheet import SafeCsvWriter, restore
from directory.models import Service
from directory.translations.services import FIELDS, Row, set_translation, translation_locale, untranslated

COLUMNS = ("service_id", "field", "locale", "japanese", "translation", "machine_translation")


def write_rows(rows: list[Row], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = SafeCsvWriter(fh, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([getattr(row, column) for column in COLUMNS])


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def import_rows(session: Session, path: Path, *, machine: bool = False) -> ImportSummary:
    """Store each filled-in translation of the file (empty ones are skipped); nothing is written on any error.

    A person's translation counts as reviewed; `machine=True` marks the file as machine output to be checked.
    """
    summary = ImportSummary()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("service_id", "field", "locale", "translation") if c not in (reader.fieldnames or [])]
        if missing:
            summary.errors.append(f"{path.name}: missing columns {', '.join(missing)}")
            return summary
        rows = list(reader)
    uuids = {row["service_id"] for row in rows}
    services = {s.uuid: s for s in session.scalars(select(Service).where(Service.uuid.in_(uuids)))}
    planned: list[tuple[Service, str, str, str]] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header, as a spreadsheet counts
        text = restore((row.get("translation") or "").strip())
        if not text:
            summary.skipped += 1
            continue
        service = services.get(row["service_id"])
        try:
            locale = translation_locale(row["locale"])
        except ValueError as exc:
            summary.errors.append(f"row {number}: {exc}")
            continue
        if service is None:
            summary.errors.append(f"row {number}: no entry with id {row['service_id']}")
        elif row["field"] not in FIELDS:
            summary.errors.append(f"row {number}: {row['field']!r} is not a translatable field ({', '.join(FIELDS)})")
        else:
            planned.append((service, row["field"], locale, text))
    if summary.errors:
        return summary
    for service, name, locale, text in planned:
        done = set_translation(service, name, locale, text, machine=machine, reviewed=not machine)
        summary.created += done == "created"
        summary.updated += done == "updated"
    session.flush()
    refresh_search_text(session, {service.id for service, *_ in planned})
    return summary


@click.group("translations")
def translations_command() -> None:
    """Entry translations as CSV for translators working offline."""


@translations_command.command("export")
@click.argument("language")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_command(language: str, target: Path) -> None:
    """Write the public entries' text still to translate into LANGUAGE (e.g. pt-BR, vi, ja-x-easy)."""
    from tsunagu.db import db

    try:
        locale = translation_locale(language)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="LANGUAGE") from None
    rows = untranslated(db.session, locale)
    write_rows(rows, target)
    click.echo(f"{len(rows)} texts to translate into {locale} written to {target}")


@translations_command.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--machine", is_flag=True, help="The translations are machine output still to be checked.")
@with_appcontext
def import_command(source: Path, machine: bool) -> None:
    """Store the filled-in translations of SOURCE; nothing is stored when any row is wrong (exit 1)."""
    from tsunagu.db import db

    summary = import_rows(db.session, source, machine=machine)
    if summary.errors:
        db.session.rollback()
        for error in summary.errors:
            click.echo(error, err=True)
        raise SystemExit(1)
    db.session.commit()
    click.echo(f"created {summary.created}, updated {summary.updated}, skipped {summary.skipped} empty rows")
