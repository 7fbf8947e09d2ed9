"""Stored uploads: what `cleanup` removes and keeps (no database: the files alone)."""

from __future__ import annotations

import io
import os
import time

from directory.imports import uploads


def _store(instance, text: str = "名称,住所\nあおぞら食堂,松戸市\n") -> uploads.Upload:
    return uploads.store(instance, io.BytesIO(text.encode()), "a.csv", None, None, max_bytes=1024)


def _age(path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_cleanup_removes_old_uploads_and_old_orphans_only(tmp_path):
    fresh, old = _store(tmp_path), _store(tmp_path)
    _age(tmp_path / "imports" / f"{old.token}.json", uploads.MAX_AGE + 60)
    orphan = tmp_path / "imports" / f"{'o' * 32}.rows.jsonl"  # its upload was discarded while being parsed
    orphan.write_text("{}\n")
    _age(orphan, uploads.ORPHAN_AGE + 60)
    receiving = tmp_path / "imports" / f"{'r' * 32}.upload"  # another request is still writing this one
    receiving.write_bytes(b"a,b\n")
    assert uploads.cleanup(tmp_path) == 2
    assert uploads.load(tmp_path, fresh.token) is not None and uploads.load(tmp_path, old.token) is None
    assert not orphan.exists() and receiving.exists()
