"""Files uploaded on the admin import page: kept under the instance folder until confirmed or discarded.

An upload is stored as `<instance>/imports/<token>.upload` with `<token>.json` beside it (original name,
chosen format, who, when); the token is random (secrets.token_urlsafe) and is the only name ever used, so
a request can neither name another file nor walk out of the folder. Uploads older than `MAX_AGE` are
removed whenever the page stores a new one. `preview` reads the file exactly as the import will and runs
the import as a dry run, so the counts shown are the counts a confirmation writes.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from directory.formats.drafts import EntryDraft
from directory.imports.readers import ReadResult, read_file
from directory.imports.run import ImportSummary, read_drafts, write_drafts

MAX_AGE = 24 * 3600
"""Seconds an unconfirmed upload is kept."""
PREVIEW_ROWS = 10
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class UploadTooLarge(ValueError):
    """The upload is larger than the configured limit."""


@dataclass(frozen=True)
class Upload:
    """A stored upload: its token, the file's own name, the chosen format (None = detect) and the uploader."""

    token: str
    file_name: str
    fmt: str | None
    user_id: int | None
    path: Path


@dataclass
class Preview:
    """What the admin sees before confirming."""

    upload: Upload
    read: ReadResult
    summary: ImportSummary
    rows: list[tuple[int, EntryDraft | None, list[str]]] = field(default_factory=list)

    @property
    def format(self) -> str | None:
        """The format the file is read as (chosen, or detected from its columns)."""
        return self.read.layout.format if self.read.layout else self.upload.fmt


def _folder(instance: Path) -> Path:
    folder = instance / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store(
    instance: Path, stream: IO[bytes], file_name: str, fmt: str | None, user_id: int | None, *, max_bytes: int
) -> Upload:
    """Save an upload under a new token, refusing it (nothing kept) past `max_bytes`; old uploads go."""
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
    meta = {"file_name": Path(file_name).name[:200] or "upload", "format": fmt, "user_id": user_id, "at": time.time()}
    (folder / f"{token}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return load(instance, token)  # type: ignore[return-value]


def load(instance: Path, token: str) -> Upload | None:
    """The stored upload of a token, or None (unknown, malformed or expired token)."""
    if not _TOKEN.fullmatch(token):
        return None
    folder = _folder(instance)
    meta_path, path = folder / f"{token}.json", folder / f"{token}.upload"
    if not meta_path.exists() or not path.exists():
        return None
    meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
    if time.time() - float(meta.get("at", 0)) > MAX_AGE:
        discard(instance, token)
        return None
    return Upload(token, meta["file_name"], meta.get("format"), meta.get("user_id"), path)


def discard(instance: Path, token: str) -> None:
    """Remove an upload and its metadata."""
    if _TOKEN.fullmatch(token):
        for suffix in (".upload", ".json"):
            (_folder(instance) / f"{token}{suffix}").unlink(missing_ok=True)


def cleanup(instance: Path) -> int:
    """Remove uploads older than MAX_AGE; returns how many went."""
    removed = 0
    for meta_path in _folder(instance).glob("*.json"):
        if time.time() - meta_path.stat().st_mtime > MAX_AGE:
            discard(instance, meta_path.stem)
            removed += 1
    return removed


def _drafts(upload: Upload, summary: ImportSummary) -> tuple[ReadResult, list[tuple[str, Any]]]:
    result = read_file(upload.path, upload.fmt, file_name=upload.file_name)
    drafts = [(upload.file_name, entry) for entry in read_drafts(upload.path, summary, result=result)]
    return result, drafts


def preview(session: Session, upload: Upload) -> Preview:
    """Read the upload as the import will and dry-run it (nothing is written)."""
    summary = ImportSummary(files=1)
    result, drafts = _drafts(upload, summary)
    fmt = result.layout.format if result.layout else (upload.fmt or "kodomo-shokudo")
    if result.layout is not None and result.layout.recognised:
        write_drafts(session, fmt, [upload.file_name], drafts, summary, dry_run=True, skip_invalid=True)
    rows = [
        (record.row, entry, [p.message for p in problems]) for record, entry, problems in result.rows[:PREVIEW_ROWS]
    ]
    return Preview(upload, result, summary, rows)


def confirm(session: Session, upload: Upload, *, skip_invalid: bool, user_id: int | None) -> ImportSummary:
    """Run the real import of an upload (all-or-nothing unless skip_invalid); the caller commits."""
    summary = ImportSummary(files=1)
    result, drafts = _drafts(upload, summary)
    if result.layout is None or not result.layout.recognised:
        return summary
    return write_drafts(
        session, result.layout.format, [upload.file_name], drafts, summary, skip_invalid=skip_invalid, user_id=user_id
    )
