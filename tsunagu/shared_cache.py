"""The optional second level of the catalog cache: one Redis shared by every process and machine that serves a
database, so that a page one gunicorn worker built is not built again by the others (nor by a worker that
max_requests recycled).

Set `TSUNAGU_CACHE_URL` (e.g. `redis://127.0.0.1:6379/0`) to use it; unset, nothing here runs. A cache opts in
with `CatalogCache(..., shared="name")` (tsunagu.catalog_cache), and only caches whose values are the same for
everyone who reaches them do. What is stored, and how:

- keys: `tsunagu:<namespace>:<cache name>:<catalog version>:<sha256 of the key>`. The namespace is a digest of
  the primary database's URL without its password and of the app's version, so databases (tests' ones too)
  sharing one Redis never meet, and a release does not serve the pages of the one before. The key's digest is
  taken over `stable_repr`, which is the same in every process (a set's order or a `hash()` is not);
- values: a `str`, or plain JSON data (dicts with `str` keys, lists, strings, finite numbers, booleans, None)
  that decodes back to exactly the same value; zlib-compressed from 1 kB. Anything else is not shared (never
  pickled: whoever can write to the Redis must not be able to run code in the app);
- lifetime: the cache's `ttl`, else `DEFAULT_TTL`; an entry also dies with its catalog version (never read again).

Redis must never fail a request, nor slow it much: short socket timeouts and no retries, and after a failure it
is left alone for `PAUSE_SECONDS` (one warning per outage) while every request builds for itself, as without it.
The client is created on first use in each process (after gunicorn forks): processes never share a connection.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import logging
import math
import os
import threading
import time
import zlib
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as dt_time
from importlib import metadata
from typing import Any

import redis
from flask import current_app, has_app_context
from redis.backoff import NoBackoff
from redis.retry import Retry

from tsunagu.checks import redacted

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 0.2
OPERATION_TIMEOUT = 0.5
PAUSE_SECONDS = 30.0
"""After a failure the shared cache is not asked for this long (requests build for themselves meanwhile)."""
DEFAULT_TTL = 600.0
COMPRESS_FROM = 1024
STR, JSON = b"s", b"j"
"""Tags of stored values (the first byte); upper case when the rest is zlib-compressed."""


class Unshareable(TypeError):
    """A key or value that cannot be put in the shared cache exactly: such entries stay in the process."""


def stable_repr(key: object) -> str:
    """A text naming `key` that is the same in every process (sets sorted, dataclasses by their compared
    fields); `Unshareable` for types it does not know, whose repr might carry an address or a hash order."""
    kind = type(key)
    if key is None or kind in (bool, int, float, str, bytes):
        return repr(key)
    if kind in (tuple, list):
        return f"{kind.__name__}({','.join(map(stable_repr, key))})"  # type: ignore[call-overload]
    if kind in (frozenset, set):
        return f"set({','.join(sorted(map(stable_repr, key)))})"  # type: ignore[call-overload]
    if kind in (date, datetime, dt_time):
        return f"{kind.__name__}({key.isoformat()})"  # type: ignore[attr-defined]
    name = f"{kind.__module__}.{kind.__qualname__}"
    if isinstance(key, enum.Enum):
        return f"{name}.{key.name}"
    if dataclasses.is_dataclass(key) and not isinstance(key, type):
        fields = (f"{f.name}={stable_repr(getattr(key, f.name))}" for f in dataclasses.fields(key) if f.compare)
        return f"{name}({','.join(fields)})"
    raise Unshareable(f"no stable repr for a {name}")


def _plain(value: object) -> bool:
    """Whether JSON gives `value` back exactly (a tuple would come back a list, an int key a str key…)."""
    try:
        return _plain_data(value)
    except RecursionError:  # nested too deep for json.dumps as well
        return False


def _plain_data(value: object) -> bool:
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return True
    if kind is float:
        return math.isfinite(value)  # type: ignore[arg-type]
    if kind is list:
        return all(map(_plain_data, value))  # type: ignore[call-overload]
    if kind is dict:
        return all(type(k) is str and _plain_data(v) for k, v in value.items())  # type: ignore[attr-defined]
    return False


def encode(value: object) -> bytes:
    """The stored form of a `str` or of plain JSON data; `Unshareable` for anything else."""
    if type(value) is str:
        tag, raw = STR, value.encode()
    elif _plain(value):
        tag, raw = JSON, json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    else:
        raise Unshareable(f"a {type(value).__name__} is not shared (str or plain JSON data only)")
    if len(raw) >= COMPRESS_FROM:
        return tag.upper() + zlib.compress(raw)
    return tag + raw


def decode(stored: bytes) -> Any:
    """The value `encode` stored; ValueError when `stored` is not such a thing."""
    tag, body = stored[:1], stored[1:]
    if tag in (STR.upper(), JSON.upper()):
        try:
            body = zlib.decompress(body)
        except zlib.error as exc:
            raise ValueError(f"corrupt compressed value: {exc}") from exc
    if tag.lower() == STR:
        return body.decode()
    if tag.lower() == JSON:
        return json.loads(body)
    raise ValueError(f"unknown value tag {tag!r}")


def namespace(database_url: str) -> str:
    """What keeps apart the entries of different databases (and releases of the app) in one Redis."""
    try:
        release = metadata.version("tsunagu")
    except metadata.PackageNotFoundError:
        release = "unreleased"
    shown = redacted(database_url)
    return hashlib.sha256(f"{shown}\n{release}".encode()).hexdigest()[:24]


class SharedStore:
    """One process's client of the shared cache, for one database; never raises for Redis' failures."""

    def __init__(self, url: str, database_url: str) -> None:
        self.url = redacted(url)
        self.client = redis.Redis.from_url(
            url,
            socket_connect_timeout=CONNECT_TIMEOUT,
            socket_timeout=OPERATION_TIMEOUT,
            retry=Retry(NoBackoff(), 0),
        )
        self.prefix = f"tsunagu:{namespace(database_url)}:"
        self.paused_until = 0.0
        self._failing = False

    def key(self, cache: str, version: int | str, key: object) -> str | None:
        """The Redis key of an entry, or None when its key has no stable repr (it is then not shared)."""
        try:
            digest = hashlib.sha256(stable_repr(key).encode()).hexdigest()
        except Unshareable:
            return None
        return f"{self.prefix}{cache}:{version}:{digest}"

    def get(self, name: str) -> tuple[Any, float] | None:
        """(value, seconds it has left) when stored; None when not, or when Redis does not answer."""

        def get_with_ttl() -> Any:
            pipe = self.client.pipeline(transaction=False)
            pipe.get(name)
            pipe.pttl(name)
            return pipe.execute()

        answer = self._call(get_with_ttl)
        if not answer or answer[0] is None:
            return None
        stored, left_ms = answer
        try:
            return decode(stored), max(0.0, left_ms / 1000)
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("shared cache: ignoring the unreadable entry %s (%s)", name, exc)
            return None

    def put(self, name: str, value: object, ttl: float) -> bool:
        """Store `value` for `ttl` seconds; False when it is not shareable or Redis does not answer."""
        try:
            stored = encode(value)
        except Unshareable:
            return False
        return bool(self._call(lambda: self.client.set(name, stored, px=max(1, int(ttl * 1000)))))

    def ping(self) -> bool:
        """Whether the shared cache answers now."""
        return bool(self._call(self.client.ping))

    def _call(self, operation: Callable[[], Any]) -> Any:
        """`operation()`, or None while paused and when Redis fails (which pauses it; one warning per outage)."""
        if time.monotonic() < self.paused_until:
            return None
        try:
            result = operation()
        except (redis.RedisError, OSError) as exc:
            self.paused_until = time.monotonic() + PAUSE_SECONDS
            if not self._failing:
                log.warning("shared cache %s not used for %d s: %s", self.url, PAUSE_SECONDS, exc)
            self._failing = True
            return None
        if self._failing:
            log.info("shared cache %s answers again", self.url)
            self._failing = False
        return result


_stores: dict[tuple[int, str, str], SharedStore] = {}
_stores_lock = threading.Lock()


def current_store() -> SharedStore | None:
    """The shared cache of the current app (TSUNAGU_CACHE_URL), None when it has none or outside an app.

    Created on first use in each process: after gunicorn forks its workers, so none inherits a connection.
    """
    if not has_app_context():
        return None
    url = current_app.config.get("TSUNAGU_CACHE_URL")
    if not url:
        return None
    ident = (os.getpid(), str(url), str(current_app.config["SQLALCHEMY_DATABASE_URI"]))
    store = _stores.get(ident)
    if store is None:
        with _stores_lock:
            store = _stores.get(ident) or _stores.setdefault(ident, SharedStore(*ident[1:]))
    return store
