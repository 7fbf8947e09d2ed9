"""Imports: files in, catalog entries upserted, all-or-nothing by default, one summary out.

Re-importing is idempotent: an entry is found again by (全国地方公共団体コード, source ID), else by its
normalised name within the municipality, and updated only where the file says something new (see
`directory.imports.apply`, which also records what changed). An entry a group asked not to list
(do_not_list) keeps that choice whatever the file says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.catalog.indexing import refresh_search_text
from directory.formats.drafts import EntryDraft
from directory.formats.hsds.read import HsdsEntry, read_hsds
from directory.imports.apply import apply_drafts
from directory.imports.geocoding import Geocoder, address_for
from directory.imports.hsds import apply_hsds
from directory.imports.readers import TABULAR_FORMATS, ReadResult, read_file
from directory.models import EntryStatus, ImportChange, ImportRun, Service
from tsunagu.db import utcnow

FORMATS = (*TABULAR_FORMATS, "hsds")
ORPHAN_MESSAGE = "追加情報のIDに対応する子ども食堂がありません / no entry with this ID"
ARCHIVED_MESSAGE = "アーカイブ済みの掲載先なので取り込みませんでした / entry is archived: row not applied"


def blanking_message(column: str, before: Any, *, cut_off: bool = False) -> str:
    """The warning of an update left out because it would empty a stored value (or cut it short)."""
    if cut_off:
        return (
            f"ファイルの最後の行に改行がなく、登録済みの「{before}」を途中で切った値になっています。ファイルが途中で"
            f"切れている可能性があるため反映していません（反映するには --allow-blanking） / not applied: the "
            f"file's last line has no line break and cuts the stored value {before!r} short; the file may be "
            "cut off (use --allow-blanking to apply)"
        )
    return (
        f"登録済みの「{before}」を空にする変更なので反映していません（反映するには --allow-blanking） / "
        f"not applied: it would empty the stored value {before!r} (use --allow-blanking to apply)"
    )


@dataclass
class ImportSummary:
    """The `--json` summary object of DESIGN.md."""

    files: int = 0
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    geocoded: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    """Changes not made: an update that would blank a stored value (made only with allow_blanking)."""
    ignored_columns: list[dict[str, Any]] = field(default_factory=list)
    """Columns of the files that feed no field, each with the reason: nothing is dropped without a word."""
    notices: list[dict[str, Any]] = field(default_factory=list)
    """Rows set aside without failing the import (an archived entry is never brought back by a re-import)."""
    refused_files: int = 0
    """Files refused whole (unreadable, or not the layout they claim): the import writes nothing then."""

    def error(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.errors.append({"file": file, "row": row, "column": column, "message": message})

    def as_json(self) -> dict[str, Any]:
        """DESIGN.md's object; `notices` only when there are some."""
        data = asdict(self)
        del data["refused_files"]
        if not self.notices:
            del data["notices"]
        return data


def _read_hsds(path: Path, summary: ImportSummary) -> list[HsdsEntry]:
    """Entries of one HSDS file or folder; problems go to the summary (row 0 = the whole file)."""
    entries, problems = read_hsds(path)
    for problem in problems:
        summary.error(path.name, problem.row or None, problem.column, problem.message)
    bad_rows = {p.row for p in problems if p.row}
    summary.rows += len(entries) + len(bad_rows)
    summary.skipped += len(bad_rows)
    return entries


def read_drafts(
    path: Path,
    summary: ImportSummary,
    fmt: str | None = None,
    *,
    file_name: str | None = None,
    result: ReadResult | None = None,
) -> list[EntryDraft]:
    """Drafts of one tabular file; problems go to the summary (the file is skipped when it cannot be read)."""
    result = result or read_file(path, fmt, file_name=file_name)
    name = result.file_name
    if result.error:
        summary.refused_files += 1
        summary.error(name, 1 if result.table else None, None, result.error)
        return []
    state = result.layout.state if result.layout else None
    for column, reason in getattr(state, "unmapped", ()):
        summary.ignored_columns.append({"file": name, "column": column, "reason": reason})
    drafts = []
    first_rows: dict[tuple[str | None, str], int] = {}
    id_column = _id_column(result)
    for record, entry, problems in result.rows:
        summary.rows += 1
        for problem in problems:
            summary.error(name, problem.row, problem.column, problem.message)
        if entry is not None and entry.source_id and not entry.is_addition:
            first = first_rows.setdefault((entry.municipality_code, entry.source_id), entry.row)
            if first != entry.row:
                value = record.values.get("source_id") or entry.source_id
                summary.error(name, entry.row, id_column, duplicate_id_message(id_column, value, first))
                entry = None
        if entry is None:
            summary.skipped += 1
        else:
            drafts.append(entry)
    return drafts


def duplicate_id_message(column: str, value: str, first_row: int) -> str:
    """A row whose ID repeats an earlier row's: the two would be one entry, the later silently overwriting."""
    return (
        f"{column}「{value}」は {first_row} 行目と同じです。同じ{column}の行は1つの掲載先として上書きされるため、"
        f"行ごとに別の{column}を付けてください / {column} {value!r} repeats row {first_row}: rows with the same "
        f"{column} would be one entry, the later overwriting the earlier; give each row its own {column}"
    )


def _id_column(result: ReadResult) -> str:
    """The ID column as the file spells it (ID, NO …)."""
    fields = getattr(result.layout.state if result.layout else None, "fields", ())
    header = result.table.header if result.table else ()
    return next((column for column, f in zip(header, fields, strict=False) if f == "source_id"), "ID")


def run_import(
    session: Session,
    fmt: str,
    paths: list[Path],
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    allow_blanking: bool = False,
    user_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    geocoder: Geocoder | None = None,
) -> ImportSummary:
    """Import files; nothing is written when any row is invalid (unless skip_invalid) or on a dry run.

    A file refused whole writes nothing even with skip_invalid. An update that would empty a stored
    value is left out and listed in `warnings` unless `allow_blanking`.

    Flushes inside a SAVEPOINT and rolls it back for a dry run, so the counts of a dry run are the
    counts a real run would report. The caller commits. `progress(done, total)` is called per entry
    (the CLI draws a progress bar on a terminal with it).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown import format {fmt!r}; known: {', '.join(FORMATS)}")
    summary = ImportSummary(files=len(paths))
    if fmt == "hsds":
        drafts: list[tuple[str, Any]] = [(p.name, entry) for p in paths for entry in _read_hsds(p, summary)]
    else:
        drafts = [(p.name, entry) for p in paths for entry in read_drafts(p, summary, fmt)]
    return write_drafts(
        session,
        fmt,
        [p.name for p in paths],
        drafts,
        summary,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        allow_blanking=allow_blanking,
        user_id=user_id,
        progress=progress,
        geocoder=geocoder,
    )


def write_drafts(
    session: Session,
    fmt: str,
    files: list[str],
    drafts: list[tuple[str, Any]],
    summary: ImportSummary,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    allow_blanking: bool = False,
    user_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    geocoder: Geocoder | None = None,
) -> ImportSummary:
    """Write drafts already read (by `run_import` or the upload page) with the all-or-nothing rules."""
    if (summary.errors and not skip_invalid) or summary.refused_files:
        summary.skipped = 0
        return summary
    if geocoder is not None and fmt != "hsds":
        summary.geocoded = _geocode_missing(geocoder, [entry for _name, entry in drafts])
    savepoint = session.begin_nested()
    run = ImportRun(format=fmt, files=files, user_id=user_id, created=0, updated=0, geocoded=summary.geocoded)
    session.add(run)
    session.flush()  # the run's id goes onto every entry it touches
    if fmt == "hsds":
        touched = _write_hsds(session, drafts, run, progress, summary)
    else:
        applied = apply_drafts(session, drafts, run, fmt, progress, allow_blanking=allow_blanking)
        for name, entry, column, before in applied.blanked:
            summary.warnings.append(
                {
                    "file": name,
                    "row": entry.row,
                    "column": column,
                    "message": blanking_message(column, before, cut_off=entry.unterminated),
                }
            )
        for name, orphan in applied.orphans:
            summary.skipped += 1
            summary.error(name, orphan.row, "ID", ORPHAN_MESSAGE)
        for name, entry, _service_id in applied.archived:
            summary.skipped += 1
            summary.notices.append({"file": name, "row": entry.row, "column": None, "message": ARCHIVED_MESSAGE})
        touched = applied.changed_ids
    session.flush()
    refresh_search_text(session, touched)
    run.rows, run.skipped = summary.rows, summary.skipped
    summary.created, summary.updated = run.created, run.updated
    run.errors = summary.errors
    run.finished_at = utcnow()
    session.flush()
    if dry_run or (summary.errors and not skip_invalid):
        savepoint.rollback()
        if not dry_run:
            summary.created = summary.updated = summary.skipped = 0
    else:
        savepoint.commit()
    return summary


def _write_hsds(
    session: Session,
    drafts: list[tuple[str, Any]],
    run: ImportRun,
    progress: Callable[[int, int], None] | None,
    summary: ImportSummary,
) -> set[int]:
    """Apply HSDS entries; an existing service counts as updated (with history) only when its HSDS form
    — what the API and the export show — differs afterwards. An archived entry is left alone (a notice)."""
    touched: set[int] = set()
    for done, (name, entry) in enumerate(drafts, 1):
        if progress is not None:
            progress(done, len(drafts))
        existing = session.scalar(select(Service).where(Service.uuid == entry.uuid))
        if existing is not None and existing.status == EntryStatus.ARCHIVED:
            summary.skipped += 1
            summary.notices.append({"file": name, "row": entry.row, "column": None, "message": ARCHIVED_MESSAGE})
            continue
        before = _hsds_form(existing) if existing is not None else None
        with session.no_autoflush:  # an entry is flushed once it is whole, not half-built by a lookup
            service, created = apply_hsds(session, entry, run, f"hsds:{name}")
        touched.add(service.id)
        if created or before is None:
            continue
        session.refresh(service)
        after = _hsds_form(service)
        changes = {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
        if changes:
            session.add(
                ImportChange(
                    import_run_id=run.id,
                    service_id=service.id,
                    user_id=run.user_id,
                    file=name,
                    row=None,
                    changes=changes,
                )
            )
        else:
            run.updated -= 1
    return touched


def _hsds_form(service: Service) -> dict[str, Any]:
    """The service as HSDS JSON, without what every write changes: last_modified, and the ids of nested rows
    (a schedule or cost row that is replaced by an equal one gets a new id)."""
    from directory.formats.hsds.objects import service as hsds_service

    form = {key: _without_ids(value) for key, value in hsds_service(service).items()}
    form.pop("last_modified", None)
    return form


def _without_ids(value: Any) -> Any:
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k not in ("id", "service_id")}
    return value


def _geocode_missing(geocoder: Geocoder, entries: list[EntryDraft]) -> int:
    """Points for places the file gives no 緯度/経度; done before the transaction opens, so no database
    lock waits on the network. A private home sends only its 町域 (it is only ever shown as an area)."""
    geocoded = 0
    for place in (place for entry in entries for place in entry.places):
        if place.lat is not None and place.lon is not None:
            continue
        address = address_for(place.prefecture, place.city, place.town, None if place.private_home else place.block)
        result = geocoder.geocode(address) if address else None
        if result is not None:
            place.lat, place.lon, place.geocode_source = result.lat, result.lon, result.source
            geocoded += 1
    return geocoded
