"""Large uploads are read and imported in the background: an RQ job on the Redis of `TSUNAGU_REDIS_URL`.

A file up to `TSUNAGU_IMPORT_INLINE_ROWS` rows is read and imported within the request, as before. A larger one
is handed to a worker (`tsunagu import-worker`): first its
parse (`uploads.parse`, the dry run the preview shows), then, once confirmed, the import itself. The job notes its
progress in the RQ job's meta; the admin's page polls `status` for it. Without Redis a large file is refused
(`jobs_enabled` is false) rather than tying up a web worker for minutes.

Jobs carry only the instance folder and the upload's token: the worker reads the file and writes the outcome
beside it (`directory.imports.uploads`), so nothing but strings goes through Redis.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import current_app, has_app_context
from flask.cli import with_appcontext
from redis import Redis, RedisError
from rq import Queue, SimpleWorker, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job
from sqlalchemy.orm import Session

from directory.imports import uploads
from tsunagu.db import db

QUEUE = "tsunagu-imports"
INLINE_ROWS = 2_000
"""Rows up to which a file is read and imported within the request."""
JOB_TIMEOUT = 3600
RESULT_TTL = 24 * 3600
PROGRESS_STEPS = 100
"""How often per job the progress is written to Redis (every 1 %)."""


@dataclass(frozen=True)
class JobState:
    """Where a background job is: queued, started, finished, failed or missing (Redis forgot it), and how far."""

    step: str
    state: str
    done: int = 0
    total: int = 0

    @property
    def running(self) -> bool:
        return self.state in ("queued", "started", "scheduled", "deferred")


def _redis_url(config: Mapping[str, Any]) -> str | None:
    return config.get("TSUNAGU_REDIS_URL") or None


def jobs_enabled(config: Mapping[str, Any]) -> bool:
    """Whether large files can go to a worker (a Redis is configured)."""
    return _redis_url(config) is not None


def inline_rows(config: Mapping[str, Any]) -> int:
    """The largest file (in rows) read and imported within the request."""
    return int(config.get("TSUNAGU_IMPORT_INLINE_ROWS") or os.environ.get("TSUNAGU_IMPORT_INLINE_ROWS") or INLINE_ROWS)


def in_background(config: Mapping[str, Any], upload: uploads.Upload) -> bool:
    """Whether this upload is too large to be handled within the request."""
    return upload.rows > inline_rows(config)


class JobsUnavailable(RuntimeError):
    """No Redis is configured for background imports, or it does not answer."""


def _queue(config: Mapping[str, Any], *, web: bool = True) -> Queue:
    url = _redis_url(config)
    if url is None:
        raise JobsUnavailable("TSUNAGU_REDIS_URL is not set")
    # a request must not hang on a Redis that does not answer; the worker's blocking wait for jobs must not time out
    timeouts = {"socket_connect_timeout": 2, "socket_timeout": 5} if web else {}
    return Queue(config.get("TSUNAGU_IMPORT_QUEUE") or QUEUE, connection=Redis.from_url(url, **timeouts))


def enqueue(config: Mapping[str, Any], instance: Path, upload: uploads.Upload, step: str, **options: Any) -> str:
    """Hand one step ("parse" or "import") of an upload to a worker; noted on the upload, returns the job id.
    `JobsUnavailable` when there is no Redis to hand it to."""
    uploads.drop_result(instance, upload.token)
    try:
        job = _queue(config).enqueue(
            run_job,
            step,
            str(instance),
            upload.token,
            options,
            job_timeout=JOB_TIMEOUT,
            result_ttl=RESULT_TTL,
            failure_ttl=RESULT_TTL,
        )
    except RedisError as exc:
        raise JobsUnavailable(str(exc)) from exc
    uploads.set_job(instance, upload.token, {"id": job.id, "step": step})
    return str(job.id)


def start_parse(session: Session, config: Mapping[str, Any], instance: Path, upload: uploads.Upload) -> bool:
    """Read a small upload at once, or hand a large one to a worker; False (and the upload discarded) when it is
    large and there is no worker to take it. Nothing is written either way (the parse is a dry run)."""
    if not in_background(config, upload):
        uploads.parse(session, instance, upload)
        session.rollback()
        return True
    try:
        enqueue(config, instance, upload, "parse")
    except JobsUnavailable:
        uploads.discard(instance, upload.token)
        return False
    return True


def state(config: Mapping[str, Any], upload: uploads.Upload) -> JobState | None:
    """The state of the job noted on an upload, or None when there is none."""
    if not upload.job or not jobs_enabled(config):
        return None
    step = upload.job.get("step", "parse")
    try:
        job = Job.fetch(upload.job["id"], connection=_queue(config).connection)
        status = job.get_status(refresh=True)
        meta = job.get_meta(refresh=True)
    except NoSuchJobError:
        return JobState(step, "missing")
    except RedisError:
        return JobState(step, "unreachable")
    name = str(status.value) if status else "missing"
    return JobState(step, name, int(meta.get("done", 0)), int(meta.get("total", 0)))


def run_job(step: str, instance: str, token: str, options: dict[str, Any]) -> dict[str, Any]:
    """The worker's entry point: parse or import one upload; returns what it stored (for RQ's result)."""
    if not has_app_context():
        raise RuntimeError("import jobs run in `tsunagu import-worker` (a plain `rq worker` has no app)")
    folder = Path(instance)
    upload = uploads.load(folder, token)
    if upload is None:
        return {"missing": True}
    progress = _progress_to_job()
    if step == "parse":
        parsed = uploads.parse(db.session, folder, upload, progress)
        db.session.rollback()
        return {"rows": parsed.rows_total}
    skip_invalid = bool(options.get("skip_invalid"))
    summary = uploads.confirm(
        db.session, upload, skip_invalid=skip_invalid, user_id=options.get("user_id"), progress=progress
    )
    written = not (summary.errors and not skip_invalid)
    if written:
        db.session.commit()
    else:
        db.session.rollback()
    uploads.store_result(folder, token, summary, written=written)
    return summary.as_json()


@click.command("import-worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then stop.")
@with_appcontext
def import_worker_command(burst: bool) -> None:
    """Run the background imports of the admin's upload page (needs TSUNAGU_REDIS_URL)."""
    if not jobs_enabled(current_app.config):
        raise click.ClickException("TSUNAGU_REDIS_URL is not set: large imports have no queue to work on")
    queue = _queue(current_app.config, web=False)
    worker = _ImportWorker([queue], connection=queue.connection)
    worker.listens = not burst
    worker.work(burst=burst)


class _ImportWorker(SimpleWorker):
    """Runs each job in this process, within this app's context (a forking worker would share the database
    connections of its parent with its children). A burst run does not listen for remote commands: stopping
    redis-py's listening thread holds the exit for up to a minute."""

    listens = True

    def subscribe(self) -> None:
        if self.listens:
            super().subscribe()


def _progress_to_job() -> uploads.Progress | None:
    job = get_current_job()
    if job is None:
        return None
    last = {"written": -1}

    def progress(done: int, total: int) -> None:
        step = max(1, total // PROGRESS_STEPS)
        if done == total or done - last["written"] >= step:
            job.meta.update(done=done, total=total)
            job.save_meta()
            last["written"] = done

    return progress
