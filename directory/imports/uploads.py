"""Files uploaded on the admin import page: kept under the instance folder until confirmed or discarded.

An upload is stored as `<instance>/imports/<token>.upload` with `<token>.json` beside it (original name,
chosen format, who, when, its size in rows and cells); the token is random (secrets.token_urlsafe) and is the
only name ever used, so a request can neither name another file nor walk out of the folder. Uploads older than
`MAX_AGE` are removed whenever the page stores a new one.

The file is measured against the upload caps when it is stored (`directory.imports.bounds`) and parsed once:
`parse` reads it exactly as the import will and runs the import as a dry run, so the counts shown are the
counts a confirmation writes, and keeps the outcome beside the upload (`<token>.parse.json`: the facts and the
summary; `<token>.rows.jsonl`: one line per row, with the byte offset of every page's first line in the parse
file). The preview pages through that, never through the file again. `<token>.result.json` keeps the summary
of an import run in the background.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from directory.formats.drafts import EntryDraft, Problem
from directory.imports.bounds import DEFAULT_LIMITS, ReadLimits, check_bounds
from directory.imports.readers import ReadResult, read_file
from directory.imports.run import ImportSummary, read_drafts, write_drafts

MAX_AGE = 24 * 3600
"""Seconds an unconfirmed upload is kept."""
ORPHAN_AGE = 3600
"""Seconds before the parts of an upload without metadata are removed."""
PAGE_ROWS = 50
"""Rows on one page of the preview."""
SHOWN_PROBLEMS = 200
"""Row errors and notices kept for the preview; the counts say how many there were in all."""
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_SUFFIXES = (".upload", ".json", ".parse.json", ".rows.jsonl", ".result.json")

Progress = Callable[[int, int], None]


class UploadTooLarge(ValueError):
    """The upload is larger than the configured limit."""


@dataclass(frozen=True)
class Upload:
    """A stored upload: its token, the file's own name, the chosen format (None = detect), the uploader, its
    size as the caps count it, and the background job working on it (`{"id": …, "step": "parse"|"import"}`)."""

    token: str
    file_name: str
    fmt: str | None
    user_id: int | None
    path: Path
    rows: int = 0
    cells: int = 0
    job: dict[str, str] | None = None


@dataclass
class StoredParse:
    """An upload as read once: how it reads, the dry run's summary (problems cut to `SHOWN_PROBLEMS`, with their
    totals) and where each page of rows starts in the rows file."""

    format: str | None
    label: str | None
    detected: bool
    encoding: str | None
    sheet_name: str | None
    error: str | None
    summary: dict[str, Any]
    rows_total: int
    errors_total: int
    notices_total: int
    page_offsets: list[int] = field(default_factory=list)
    at: float = 0.0

    @property
    def pages(self) -> int:
        """How many pages of rows there are (at least one)."""
        return max(1, len(self.page_offsets))


def _folder(instance: Path) -> Path:
    folder = instance / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _part(instance: Path, token: str, suffix: str) -> Path:
    return _folder(instance) / f"{token}{suffix}"


def store(
    instance: Path,
    stream: IO[bytes],
    file_name: str,
    fmt: str | None,
    user_id: int | None,
    *,
    max_bytes: int,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Upload:
    """Save an upload under a new token and measure it; refused (nothing kept) past `max_bytes` (UploadTooLarge)
    or past `limits` (`directory.imports.bounds.FileTooBig`). Old uploads go."""
    folder = _folder(instance)
    cleanup(instance)
    token = secrets.token_urlsafe(24)
    path = folder / f"{token}.upload"
    written = 0
    with path.open("wb") as out:
        while chunk := stream.read(64 * 1024):
            written += len(chunk)
            if written > max_bytes:
                out.close()
                path.unlink(missing_ok=True)
                raise UploadTooLarge(file_name)
            out.write(chunk)
    try:
        size = check_bounds(path, limits)
    except ValueError:
        path.unlink(missing_ok=True)
        raise
    meta = {
        "file_name": Path(file_name).name[:200] or "upload",
        "format": fmt,
        "user_id": user_id,
        "at": time.time(),
        "rows": size.rows if size else 0,
        "cells": size.cells if size else 0,
    }
    _write_json(_part(instance, token, ".json"), meta)
    return load(instance, token)  # type: ignore[return-value]


def _write_json(path: Path, data: Any) -> None:
    """Write through a temporary name, so a reader (the page polling a job) never sees half a file."""
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def load(instance: Path, token: str) -> Upload | None:
    """The stored upload of a token, or None (unknown, malformed or expired token). Its file may be gone (after a
    background import) while what was read of it is still shown."""
    if not _TOKEN.fullmatch(token):
        return None
    meta: dict[str, Any] | None = _read_json(_part(instance, token, ".json"))
    if meta is None:
        return None
    if time.time() - float(meta.get("at", 0)) > MAX_AGE:
        discard(instance, token)
        return None
    return Upload(
        token,
        meta["file_name"],
        meta.get("format"),
        meta.get("user_id"),
        _part(instance, token, ".upload"),
        int(meta.get("rows", 0)),
        int(meta.get("cells", 0)),
        meta.get("job"),
    )


def set_job(instance: Path, token: str, job: dict[str, str] | None) -> None:
    """Note (or clear) the background job working on an upload."""
    path = _part(instance, token, ".json")
    meta = _read_json(path)
    if meta is not None:
        _write_json(path, {**meta, "job": job})


def discard(instance: Path, token: str) -> None:
    """Remove an upload, its metadata, its stored parse and result."""
    if _TOKEN.fullmatch(token):
        for suffix in _SUFFIXES:
            _part(instance, token, suffix).unlink(missing_ok=True)


def cleanup(instance: Path) -> int:
    """Remove uploads older than MAX_AGE, and after an hour the parts of any whose metadata is gone (an upload
    discarded while a worker was still parsing it); returns how many went. A part without metadata may also be an
    upload still being received, hence the hour."""
    now = time.time()
    removed = set()
    for path in list(_folder(instance).iterdir()):
        token = path.name.split(".", 1)[0]
        meta_path = path.with_name(f"{token}.json")
        if token in removed or not _TOKEN.fullmatch(token):
            continue
        try:
            age = now - (meta_path if meta_path.exists() else path).stat().st_mtime
        except FileNotFoundError:  # another request removed it meanwhile
            continue
        if age > (MAX_AGE if meta_path.exists() else ORPHAN_AGE):
            discard(instance, token)
            removed.add(token)
    return len(removed)


def _drafts(upload: Upload, summary: ImportSummary) -> tuple[ReadResult, list[tuple[str, Any]]]:
    result = read_file(upload.path, upload.fmt, file_name=upload.file_name)
    drafts = [(upload.file_name, entry) for entry in read_drafts(upload.path, summary, result=result)]
    return result, drafts


def parse(session: Session, instance: Path, upload: Upload, progress: Progress | None = None) -> StoredParse:
    """Read the upload as the import will, dry-run it (nothing is written) and store the outcome beside it."""
    summary = ImportSummary(files=1)
    result, drafts = _drafts(upload, summary)
    fmt = result.layout.format if result.layout else (upload.fmt or "kodomo-shokudo")
    if result.layout is not None and result.layout.recognised:
        write_drafts(
            session, fmt, [upload.file_name], drafts, summary, dry_run=True, skip_invalid=True, progress=progress
        )
    offsets = []
    with _part(instance, upload.token, ".rows.jsonl").open("w", encoding="utf-8") as out:
        for index, (record, entry, problems) in enumerate(result.rows):
            if index % PAGE_ROWS == 0:
                offsets.append(out.tell())
            out.write(json.dumps(_row_view(record.row, entry, problems), ensure_ascii=False) + "\n")
    data = summary.as_json()
    stored = StoredParse(
        format=fmt if result.layout else upload.fmt,
        label=result.layout.label if result.layout else None,
        detected=upload.fmt is None,
        encoding=result.table.encoding if result.table else None,
        sheet_name=result.table.sheet_name if result.table else None,
        error=result.error,
        summary={**data, "errors": summary.errors[:SHOWN_PROBLEMS], "notices": summary.notices[:SHOWN_PROBLEMS]},
        rows_total=len(result.rows),
        errors_total=len(summary.errors),
        notices_total=len(summary.notices),
        page_offsets=offsets,
        at=time.time(),
    )
    _write_json(_part(instance, upload.token, ".parse.json"), asdict(stored))
    return stored


def _row_view(number: int, entry: EntryDraft | None, problems: list[Problem]) -> dict[str, Any]:
    """What the preview shows of one row, as plain JSON (the drafts themselves are not kept)."""
    view: dict[str, Any] = {"row": number, "problems": [p.message for p in problems], "entry": None}
    if entry is not None:
        place = entry.place
        parts = [place.prefecture, place.city, place.town, None if place.private_home else place.block]
        view["entry"] = {
            "name": entry.name,
            "address": "".join(part for part in parts if part),
            "unlocated": place.lat is None,
            "rules": [
                " ".join(
                    filter(
                        None,
                        (
                            rule.description or rule.byday or rule.freq,
                            "–".join(t.strftime("%H:%M") for t in (rule.opens_at, rule.closes_at) if t),
                        ),
                    )
                )
                for rule in place.rules
            ],
            "schedule_note": place.schedule_note,
            "fees_note": entry.fees_note,
            "costs": [{"note": c.note, "is_free": c.is_free, "amount_yen": c.amount_yen} for c in entry.costs],
            "kinds": list(entry.kinds),
        }
    return view


def stored_parse(instance: Path, token: str) -> StoredParse | None:
    """The parse kept beside an upload, or None while there is none (not parsed yet, or still parsing)."""
    data = _read_json(_part(instance, token, ".parse.json")) if _TOKEN.fullmatch(token) else None
    return StoredParse(**data) if data is not None else None


def page_rows(instance: Path, token: str, parse: StoredParse, page: int) -> list[dict[str, Any]]:
    """The rows of one page (1-based; out of range = none) read from the stored parse: at most PAGE_ROWS lines."""
    if not 1 <= page <= len(parse.page_offsets):
        return []
    rows = []
    with _part(instance, token, ".rows.jsonl").open("rb") as stored:
        stored.seek(parse.page_offsets[page - 1])
        for _ in range(PAGE_ROWS):
            line = stored.readline()
            if not line:
                break
            rows.append(json.loads(line))
    return rows


def confirm(
    session: Session,
    upload: Upload,
    *,
    skip_invalid: bool,
    user_id: int | None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Run the real import of an upload (all-or-nothing unless skip_invalid); the caller commits."""
    summary = ImportSummary(files=1)
    result, drafts = _drafts(upload, summary)
    if result.layout is None or not result.layout.recognised:
        return summary
    return write_drafts(
        session,
        result.layout.format,
        [upload.file_name],
        drafts,
        summary,
        skip_invalid=skip_invalid,
        user_id=user_id,
        progress=progress,
    )


def drop_result(instance: Path, token: str) -> None:
    """Forget the result of an earlier attempt (an import refused for its row problems, tried again)."""
    _part(instance, token, ".result.json").unlink(missing_ok=True)


def store_result(instance: Path, token: str, summary: ImportSummary, *, written: bool) -> None:
    """Keep the summary of an import run in the background (shown on the upload's page) and drop the file."""
    _write_json(_part(instance, token, ".result.json"), {"written": written, "summary": summary.as_json()})
    if written:
        _part(instance, token, ".upload").unlink(missing_ok=True)


def stored_result(instance: Path, token: str) -> dict[str, Any] | None:
    """`{"written": bool, "summary": {…the --json object…}}` of a background import, or None."""
    return _read_json(_part(instance, token, ".result.json")) if _TOKEN.fullmatch(token) else None
