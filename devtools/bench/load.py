"""`tsunagu bench load`: many residents browsing while coordinators write, against gunicorn, counted back.

A closed-loop simulation on loopback: each simulated resident picks a page (search, detail, map with its frame,
API), waits for it, thinks for a while, and goes on; each coordinator signs in and proposes placements; one
curator approves a pending change to a published entry every `WRITE_INTERVAL` seconds through the review page,
so the catalog version moves and every cached page really turns over. Latency is measured by the client, so
queueing inside the server counts. The baseline is the same crowd fetching a static file from the same server
in the same run: what the machine, gunicorn and the client cost without tsunagu's own work.

The pages come from a pool of several thousand distinct URLs (`url_pool`: words of the search benchmark, kinds,
places of real entries, radii, weekdays, ages, pages; a sample of 3 000 entries), each click drawn with
Zipf-like popularity (`ZIPF_EXPONENT`; web requests follow such a law, Breslau et al. 1999), so some searches
are asked often and most rarely. The server answers `X-Cache` (tsunagu.web): the report's hit ratio counts it.

The crowd arrives during a ramp-up (`ramp` seconds, 20 by default: users start one after another, as load
tools spawn them), then all of them browse for `seconds`; the figures judged are those of the requests sent
after the ramp-up, and the ramp-up's own p95 (a fresh server filling its caches while the crowd arrives) is
reported beside them, as are errors and writes over the whole run, and errors per 10 s window.
With `fault="restart-db"` PostgreSQL is restarted halfway: requests may fail during the outage, but only as
clean 503s, the app must recover by itself, and no acknowledged write may be missing afterwards.
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import re
import runpy
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from devtools.bench.common import percentile
from devtools.bench.search import KIND_CODES, WORDS

THINK_SECONDS = (1.0, 4.0)
"""A resident reads a page for a few seconds before the next click (a real crowd, not a flood)."""
GUNICORN_CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
WRITE_INTERVAL = 3.0
"""A curator approves one change every this many seconds: each approval moves the catalog version."""
POOL_SIZES = {"search": 2500, "map": 600, "api_search": 900}
"""Distinct URLs of each generated kind (details come from the sampled entries)."""
DETAIL_SAMPLE = 3000
ZIPF_EXPONENT = 0.8
"""Popularity of the pool's URLs: weight of the k-th most asked ∝ 1 / k^0.8 (web traffic's 0.64–0.83)."""
RADII_KM = (1, 3, 5, 10)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AGES = (8, 15, 70)


@dataclass
class Tally:
    """Latencies and outcomes of one kind of request."""

    latencies_ms: list[float] = field(default_factory=list)
    sent_at: list[float] = field(default_factory=list)
    """When each request of `latencies_ms` was sent (time.monotonic())."""
    codes: list[int] = field(default_factory=list)
    """The HTTP status of each request of `latencies_ms`."""
    caches: list[str | None] = field(default_factory=list)
    """What the catalog cache did for each request of `latencies_ms` (its `X-Cache`), None when not consulted."""
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0
    """Connection errors and timeouts (the server did not answer at all)."""
    failed_at: list[float] = field(default_factory=list)
    """When each failed request was sent."""
    last_failure: str | None = None

    def add(self, status: int, elapsed_ms: float, cache: str | None = None) -> None:
        self.add_sent(status, elapsed_ms, time.monotonic() - elapsed_ms / 1000, cache)

    def fail(self, sent_at: float, reason: str) -> None:
        self.failures += 1
        self.failed_at.append(sent_at)
        self.last_failure = reason[:200]

    def between(self, start: float, end: float = math.inf) -> Tally:
        """The requests sent from `start` up to `end` (time.monotonic())."""
        part = Tally()
        for ms, at, code, cache in zip(self.latencies_ms, self.sent_at, self.codes, self.caches, strict=True):
            if start <= at < end:
                part.add_sent(code, ms, at, cache)
        for at in self.failed_at:
            if start <= at < end:
                part.failures += 1
                part.failed_at.append(at)
        return part

    def add_sent(self, status: int, elapsed_ms: float, sent_at: float, cache: str | None = None) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.latencies_ms.append(elapsed_ms)
        self.sent_at.append(sent_at)
        self.codes.append(status)
        self.caches.append(cache)

    def errors(self) -> int:
        """Server errors (a 503 during an outage is one) and requests the server did not answer at all."""
        return sum(1 for code in self.codes if code >= 500) + self.failures

    def cache_figures(self) -> dict[str, Any]:
        """How the answers that consulted the catalog cache were served; `hit_ratio` counts the answers not
        built: both levels' hits and the pages revalidated (built under an older catalog version, found
        unchanged by a cheaper read; tsunagu.catalog_cache); `revalidated` says how many of them were."""
        names = ("hit", "shared", "revalidated", "miss", "bypass")
        counts = {name: sum(1 for c in self.caches if c == name) for name in names}
        consulted = sum(counts.values())
        hits = counts["hit"] + counts["shared"] + counts["revalidated"]
        return {**counts, "hit_ratio": round(hits / consulted, 3) if consulted else None}

    def by_cache(self) -> dict[str, dict[str, float | None]]:
        """Latencies of the answers served from the catalog cache (`cached`: hit, shared), of those checked
        and served again (`revalidated`) and of those built (`built`: miss, bypass): what a cold page costs
        under the load, beside what a cached one does."""
        parts = {"cached": ("hit", "shared"), "revalidated": ("revalidated",), "built": ("miss", "bypass")}
        found: dict[str, dict[str, float | None]] = {}
        for name, outcomes in parts.items():
            latencies = [ms for ms, cache in zip(self.latencies_ms, self.caches, strict=True) if cache in outcomes]
            found[name] = {
                "requests": len(latencies),
                "p50_ms": round(percentile(latencies, 50), 1) if latencies else None,
                "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
            }
        return found

    def figures(self) -> dict[str, float]:
        """p50/p95, server errors and errors (server errors and unanswered requests)."""
        return {
            "requests": len(self.latencies_ms),
            "p50_ms": round(percentile(self.latencies_ms, 50), 1),
            "p95_ms": round(percentile(self.latencies_ms, 95), 1),
            "server_errors": sum(1 for code in self.codes if code >= 500),
            "errors": self.errors(),
        }

    def summary(self) -> dict[str, Any]:
        errors = sum(n for status, n in self.statuses.items() if status >= 500) + self.failures
        return {
            "requests": len(self.latencies_ms) + self.failures,
            "p50_ms": round(percentile(self.latencies_ms, 50), 1),
            "p95_ms": round(percentile(self.latencies_ms, 95), 1),
            "errors": errors,
            "cache": self.cache_figures(),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            **({"last_failure": self.last_failure} if self.last_failure else {}),
        }


@dataclass(frozen=True)
class Targets:
    """What the simulated crowd asks for, drawn from the benchmark database."""

    service_ids: list[int]
    service_uuids: list[str]
    has_map: bool
    places: list[tuple[float, float]] = field(default_factory=list)
    """(lat, lon) of sampled entries: where the crowd's searches are centred (people search where they live)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(
    database_url: str, *, workers: int | None = None, threads: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn with the production entry point on a free loopback port; returns the process and base URL.
    `workers` and `threads` None: as deploy/gunicorn.conf.py says (TSUNAGU_WORKERS, else 2 × CPUs + 1;
    TSUNAGU_THREADS, else 1)."""
    port = _free_port()
    instance = tempfile.mkdtemp(prefix="tsunagu-load-")
    env = {
        **os.environ,
        "TSUNAGU_DATABASE_URL": database_url,
        "TSUNAGU_INSTANCE_PATH": instance,
        "TSUNAGU_SECRET_KEY": "load-test-" + "k" * 40,
        "TSUNAGU_RATELIMIT": "off",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    log = open(Path(instance) / "gunicorn.log", "wb")  # noqa: SIM115 — lives as long as the server
    # the production settings (deploy/gunicorn.conf.py)
    settings = ["-c", str(GUNICORN_CONF)] if GUNICORN_CONF.exists() else ["-k", "gthread", "--timeout", "30", "-w", "2"]
    process = subprocess.Popen(  # noqa: S603 — our own server
        [
            gunicorn,
            *settings,
            *(["-w", str(workers)] if workers else []),
            *(["--threads", str(threads)] if threads else []),
            "-b",
            f"127.0.0.1:{port}",
            "tsunagu.wsgi:app",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {log.name}")
        try:
            with urllib.request.urlopen(base + "/api/v1/", timeout=2):  # noqa: S310 — loopback
                return process, base
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"gunicorn did not start within 60 s; see {log.name}")


def server_settings() -> dict[str, int]:
    """Workers and threads per worker the benchmark's gunicorn runs with (deploy/gunicorn.conf.py's values)."""
    if not GUNICORN_CONF.exists():
        return {"workers": 2, "threads": 1}
    conf = runpy.run_path(str(GUNICORN_CONF))
    return {"workers": int(conf["workers"]), "threads": int(conf["threads"])}


def load_targets(session: Session, base: str, seed: int) -> Targets:
    """Published services to visit and search around (a random sample, the same for a seed: the database's
    random order is only the draw's start) and whether this build has the /map page."""
    from directory.catalog.queries import public_filter
    from directory.models import Location, Service, ServiceAtLocation

    public = (
        select(Service.id, Service.uuid, func.ST_Y(Location.point), func.ST_X(Location.point))
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(public_filter(), Location.point.is_not(None))
        .order_by(Service.id)
    )
    rows = list({row[0]: row for row in session.execute(public)}.values())
    sample = random.Random(seed).sample(rows, min(len(rows), DETAIL_SAMPLE))
    try:
        with urllib.request.urlopen(base + "/map", timeout=30):  # noqa: S310 — loopback
            has_map = True
    except OSError:
        has_map = False
    return Targets(
        [row[0] for row in sample],
        [str(row[1]) for row in sample],
        has_map,
        [(round(float(row[2]), 5), round(float(row[3]), 5)) for row in sample],
    )


def _search_query(rng: random.Random, targets: Targets, *, api: bool) -> dict[str, str]:
    """One search as a resident composes it: a word or a kind or both, often near a place, sometimes a day,
    an age or a later page."""
    query: dict[str, str] = {}
    if rng.random() < 0.7:
        query["search" if api else "q"] = rng.choice(WORDS)
    if rng.random() < (0.4 if query else 1.0):
        query["kind"] = rng.choice(KIND_CODES)
    if targets.places and rng.random() < 0.7:
        lat, lon = rng.choice(targets.places)
        query.update(lat=str(lat), lon=str(lon), radius_km=str(rng.choice(RADII_KM)))
    if rng.random() < 0.25:
        query["day"] = rng.choice(DAYS)
    if rng.random() < 0.15:
        query["age"] = str(rng.choice(AGES))
    if rng.random() < 0.15:
        query["page"] = str(rng.randint(2, 3))
    return query


def url_pool(targets: Targets, seed: int, sizes: dict[str, int] | None = None) -> dict[str, list[str]]:
    """Distinct paths per kind of click, most popular first (the order `_pick` weighs by)."""
    rng = random.Random(seed + 1)
    paths = {
        "search": "/?{}",
        "map": "/map?{}",
        "api_search": "/api/v1/services?{}",
    }
    pool: dict[str, list[str]] = {}
    for kind, wanted in (sizes or POOL_SIZES).items():
        found: dict[str, None] = {}
        for _attempt in range(wanted * 20):
            if len(found) >= wanted:
                break
            query = _search_query(rng, targets, api=kind == "api_search")
            found[paths[kind].format(urllib.parse.urlencode(query))] = None
        pool[kind] = list(found)
    pool["detail"] = [f"/services/{service_id}" for service_id in targets.service_ids]
    pool["api_detail"] = [f"/api/v1/services/{uuid}" for uuid in targets.service_uuids]
    return pool


@dataclass(frozen=True)
class Clicks:
    """The pool with its cumulative Zipf weights, ready to draw from."""

    pool: dict[str, list[str]]
    weights: dict[str, list[float]]

    @classmethod
    def of(cls, pool: dict[str, list[str]]) -> Clicks:
        weights = {}
        for kind, paths in pool.items():
            total, cumulative = 0.0, []
            for rank in range(1, len(paths) + 1):
                total += rank**-ZIPF_EXPONENT
                cumulative.append(total)
            weights[kind] = cumulative
        return cls(pool, weights)

    def pick(self, rng: random.Random, kind: str) -> str:
        return rng.choices(self.pool[kind], cum_weights=self.weights[kind])[0]

    def distinct(self) -> int:
        return sum(len(paths) for paths in self.pool.values())


def warm_up(base: str, targets: Targets, seed: int, rounds: int = 4) -> None:
    """A few clicks of every kind, one at a time, before anything is measured: each worker compiles its
    templates and loads its locale data once in its life, and a server that has been running has done so.
    (Far too few to fill the page caches: a handful of the hundreds of pages the crowd asks for.)"""
    rng = random.Random(seed - 1)
    word = urllib.parse.quote("準備")  # a word the crowd never searches for
    for _ in range(rounds):
        detail, uuid = rng.choice(targets.service_ids), rng.choice(targets.service_uuids)
        for path in (
            f"/?q={word}",
            f"/services/{detail}",
            f"/map?q={word}",
            f"/api/v1/services?search={word}",
            f"/api/v1/services/{uuid}",
        ):
            try:
                with urllib.request.urlopen(base + path, timeout=60):  # noqa: S310 — loopback
                    pass
            except OSError:
                pass  # a page that fails here fails again, and is counted, in the measured run


CLICK_SHARES = (("search", 0.35), ("detail", 0.30), ("map", 0.15), ("api_search", 0.10), ("api_detail", 0.10))
"""What a resident clicks, and how often."""


def resident_request(rng: random.Random, clicks: Clicks, has_map: bool = True) -> tuple[str, str]:
    """One click of a resident: (kind, path)."""
    roll, reached = rng.random(), 0.0
    for kind, share in CLICK_SHARES:
        reached += share
        if roll < reached and (kind != "map" or has_map):
            return kind, clicks.pick(rng, kind)
    return "api_detail", clicks.pick(rng, "api_detail")


def frame_of(path: str) -> str | None:
    """The map frame a browser loads with a /map page (the same search, first page): /map/embed?…"""
    if not path.startswith("/map?"):
        return None
    query = [(k, v) for k, v in urllib.parse.parse_qsl(path.partition("?")[2]) if k != "page"]
    return "/map/embed?" + urllib.parse.urlencode(query)


async def _timed_get(http: aiohttp.ClientSession, url: str, tally: Tally) -> None:
    sent_at, started = time.monotonic(), time.perf_counter()
    try:
        async with http.get(url, allow_redirects=False) as response:
            await response.read()
            tally.add_sent(
                response.status, (time.perf_counter() - started) * 1000, sent_at, response.headers.get("X-Cache")
            )
    except (aiohttp.ClientError, TimeoutError) as exc:
        tally.fail(sent_at, repr(exc))


async def _resident(
    base: str,
    targets: Targets,
    clicks: Clicks,
    seed: int,
    stop_at: float,
    tallies: dict[str, Tally],
    static_only: bool,
    arrive_after: float,
    seen: set[str],
) -> None:
    rng = random.Random(seed)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        await asyncio.sleep(arrive_after + rng.uniform(*THINK_SECONDS))
        while time.monotonic() < stop_at:
            kind, path = (
                ("static", "/static/css/tsunagu.css") if static_only else resident_request(rng, clicks, targets.has_map)
            )
            await _timed_get(http, base + path, tallies.setdefault(kind, Tally()))
            seen.add(path)
            frame = frame_of(path)
            if frame:
                await _timed_get(http, base + frame, tallies.setdefault("map_embed", Tally()))
                seen.add(frame)
            await asyncio.sleep(rng.uniform(*THINK_SECONDS))


Writer = Callable[[aiohttp.ClientSession, str, random.Random], Awaitable[bool]]
"""One coordinator write: returns True when the server acknowledged it (it must then be in the database)."""


async def _coordinator(
    base: str,
    write: Writer,
    seed: int,
    stop_at: float,
    tally: Tally,
    acknowledged: list[int],
    pause: tuple[float, float] = THINK_SECONDS,
) -> None:
    """A signed-in user writing until `stop_at`, `pause` seconds between writes (a coordinator's or curator's)."""
    rng = random.Random(seed)
    # unsafe=True: keep the session cookie of a server addressed by IP (127.0.0.1), as a browser does
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30), cookie_jar=jar) as http:
        while time.monotonic() < stop_at:
            sent_at, started = time.monotonic(), time.perf_counter()
            try:
                if await write(http, base, rng):
                    acknowledged.append(1)
                tally.add_sent(200, (time.perf_counter() - started) * 1000, sent_at)
            except (aiohttp.ClientError, TimeoutError) as exc:
                tally.fail(sent_at, repr(exc))
            await asyncio.sleep(rng.uniform(*pause))


async def csrf_token(http: aiohttp.ClientSession, url: str) -> str:
    """The CSRF token of the form on `url` (as a browser would read it from the page)."""
    async with http.get(url) as response:
        page = await response.text()
        match = CSRF_FIELD.search(page)
    if not match:
        raise aiohttp.ClientError(f"no CSRF token on {url} ({response.status}: {page[:80]!r})")
    return match.group(1)


def restart_postgres_later(delay: float) -> asyncio.Task[float]:
    """Restart the local PostgreSQL cluster after `delay` seconds; the task returns the outage length."""

    async def restart() -> float:
        await asyncio.sleep(delay)
        cluster = sorted(os.listdir("/etc/postgresql"))[-1]
        tool = shutil.which("pg_ctlcluster") or "pg_ctlcluster"
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            tool,
            "--skip-systemctl-redirect",
            cluster,
            "main",
            "restart",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        await process.wait()
        return time.monotonic() - started

    return asyncio.ensure_future(restart())


async def crowd(
    base: str,
    targets: Targets,
    *,
    users: int,
    seconds: float,
    seed: int,
    static_only: bool = False,
    writers: int = 0,
    write: Writer | None = None,
    fault: str | None = None,
    ramp: float = 0,
    curate: Writer | None = None,
) -> dict[str, Any]:
    """`users` residents arriving one after another over `ramp` seconds, then all of them (and `writers`
    coordinators, and a curator approving a change every WRITE_INTERVAL seconds from the start) for `seconds`
    more; returns tallies, acknowledged writes, the distinct paths asked and when the ramp-up ended."""
    started = time.monotonic()
    stop_at = started + ramp + seconds
    tallies: dict[str, Tally] = {}
    acknowledged: list[int] = []
    curated: list[int] = []
    seen: set[str] = set()
    clicks = Clicks.of(url_pool(targets, seed))
    jobs = [
        _resident(base, targets, clicks, seed + i, stop_at, tallies, static_only, ramp * i / users, seen)
        for i in range(users)
    ]
    if write is not None:
        write_tally = tallies.setdefault("write", Tally())
        jobs += [
            _coordinator(base, write, seed + 10_000 + i, stop_at, write_tally, acknowledged) for i in range(writers)
        ]
    if curate is not None:
        pause = (WRITE_INTERVAL, WRITE_INTERVAL)
        jobs.append(
            _coordinator(base, curate, seed + 20_000, stop_at, tallies.setdefault("curate", Tally()), curated, pause)
        )
    outage = restart_postgres_later(ramp + seconds / 2) if fault == "restart-db" else None
    await asyncio.gather(*jobs)
    return {
        "tallies": tallies,
        "acknowledged": len(acknowledged),
        "curated": len(curated),
        "distinct_urls": len(seen),
        "started_at": started,
        "measured_from": started + ramp,
        "outage_seconds": round(await outage, 1) if outage else None,
    }


def combined(tallies: dict[str, Tally], kinds: tuple[str, ...] | None = None) -> Tally:
    """One tally of several kinds (all resident pages together)."""
    total = Tally()
    for kind, tally in tallies.items():
        if kinds is None or kind in kinds:
            total.latencies_ms += tally.latencies_ms
            total.sent_at += tally.sent_at
            total.codes += tally.codes
            total.caches += tally.caches
            total.failures += tally.failures
            total.failed_at += tally.failed_at
            for status, n in tally.statuses.items():
                total.statuses[status] = total.statuses.get(status, 0) + n
    return total


RESIDENT_KINDS = ("search", "detail", "map", "map_embed", "api_search", "api_detail")


def timeline(tally: Tally, start: float, end: float, step: float = 10) -> list[dict[str, float]]:
    """p95 per `step` seconds of the run, by when each request was sent: how the server settles."""
    windows = []
    at = start
    while at < end:
        part = tally.between(at, at + step)
        windows.append({"from_s": round(at - start), **part.figures()})
        at += step
    return windows


def judged(tally: Tally, measured_from: float) -> dict[str, Any]:
    """Latencies and cache hits of the requests sent after the ramp-up (the judged window); errors and
    statuses of the whole run, and its p95 and cache hits beside the judged ones (the ramp-up is left out of
    the judged window, never out of the report)."""
    part = tally.between(measured_from)
    whole, measured = tally.summary(), part.figures()
    return {
        **whole,
        "requests": measured["requests"],
        "p50_ms": measured["p50_ms"],
        "p95_ms": measured["p95_ms"],
        "errors_judged_window": measured["errors"],
        "cache": part.cache_figures(),
        "latency_by_cache": part.by_cache(),
        "requests_whole_run": whole["requests"],
        "p95_ms_whole_run": whole["p95_ms"],
        "cache_whole_run": whole["cache"],
    }


def run(
    session: Session,
    size: int,
    seed: int,
    *,
    seconds: float = 60,
    users: int = 200,
    writers: int = 5,
    fault: str | None = None,
    write: Writer | None = None,
    ramp: float = 20,
    count_writes: Callable[[], int] | None = None,
    curate: bool = True,
) -> dict[str, Any]:
    """The load benchmark on the database behind `session` (already filled with `size` services); `curate`:
    with the curator's approvals every WRITE_INTERVAL seconds."""
    from devtools.bench.common import result
    from devtools.bench.load_writers import placement_count, prepare_coordinators, prepare_curation, proposing_writer

    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    dialect = session.get_bind().dialect.name
    accounts = prepare_coordinators(session, writers) if writers else []
    process, base = start_gunicorn(url)
    try:
        targets = load_targets(session, base, seed)
        approvals = math.ceil((ramp + seconds) / WRITE_INTERVAL) + 5
        curation = prepare_curation(session, targets.service_ids, approvals) if curate else None
        warm_up(base, targets, seed)
        if writers and write is None:
            write = proposing_writer(accounts, targets.service_ids)
            count_writes = count_writes or (lambda: placement_count(session))
        baseline_run = asyncio.run(
            crowd(base, targets, users=users, seconds=min(seconds, 20), seed=seed, static_only=True, ramp=ramp)
        )
        writes_before = count_writes() if count_writes else 0
        session.close()  # hold no connection during the run (a restarted database would kill it)
        main_run = asyncio.run(
            crowd(
                base,
                targets,
                users=users,
                seconds=seconds,
                seed=seed,
                writers=writers,
                write=write,
                fault=fault,
                ramp=ramp,
                curate=curation.writer() if curation else None,
            )
        )
        writes_after = count_writes() if count_writes else 0
        applied = curation.applied(session) if curation else 0
    finally:
        process.terminate()
        process.wait(timeout=30)
    crowd_tally = combined(main_run["tallies"], RESIDENT_KINDS)
    measured_from = main_run["measured_from"]
    residents = judged(crowd_tally, measured_from)
    static = combined(baseline_run["tallies"])
    baseline = judged(static, baseline_run["measured_from"])
    stored = writes_after - writes_before
    placements = {"acknowledged": main_run["acknowledged"], "stored": stored}
    catalog = {"acknowledged": main_run["curated"], "stored": applied}
    parts = {"placements": placements, **({"catalog": catalog} if curation else {})} if write else {"catalog": catalog}
    writes = {
        "acknowledged": sum(p["acknowledged"] for p in parts.values()),
        "stored": sum(p["stored"] for p in parts.values()),
        "lost": sum(max(0, p["acknowledged"] - p["stored"]) for p in parts.values()),
        **parts,
    }
    return result(
        "load",
        size,
        dialect,
        residents,
        baseline,
        "static-file",
        users=users,
        seconds=seconds,
        ramp_seconds=ramp,
        **server_settings(),
        shared_cache="redis" if os.environ.get("TSUNAGU_CACHE_URL") else None,
        think_seconds=list(THINK_SECONDS),
        per_kind={kind: judged(tally, measured_from) for kind, tally in sorted(main_run["tallies"].items())},
        writes=writes if write or curation else None,
        catalog_write_interval_s=WRITE_INTERVAL if curation else None,
        judged_window=f"requests sent in the {seconds:g} s after a {ramp:g} s ramp-up (p95_ms); "
        "p95_ms_whole_run includes the ramp-up; errors count the whole run",
        distinct_urls=main_run["distinct_urls"],
        url_pool=sum(len(paths) for paths in url_pool(targets, seed).values()),
        zipf_exponent=ZIPF_EXPONENT,
        fault=fault,
        outage_seconds=main_run["outage_seconds"],
        server_errors_500=residents["statuses"].get("500", 0),
        # a fresh server filling its per-process caches while the crowd arrives
        ramp_up=crowd_tally.between(main_run["started_at"], measured_from).figures(),
        timeline=timeline(crowd_tally, main_run["started_at"], measured_from + seconds),
    )
