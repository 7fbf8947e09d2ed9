"""A per-process cache of things built from the catalog (the map, a search's first page), invalidated by writes.

The catalog changes slowly (a few edits a day, an import now and then) while the map of a town is read all
day, so what a read builds is kept per process and keyed by the catalog's *version*: a single-row counter
(`catalog_versions`) that every write moves on. The API is small:

- `catalog_version(session)` — the version this session sees (one primary-key read); `version_column()`
  — the same as a column of another statement, to save that round trip on a hot path; `shared_version(session)`
  — the version of the taxonomy and the areas (and of every entry's page, below);
- `bump_catalog_version(session_or_connection)` — for writes that bypass the ORM unit of work (Core bulk
  inserts); ORM writes bump by themselves (the listeners below);
- `CatalogCache(maxsize, ttl, shared=None)` and its `get_or_build(session, key, builder, version=None, entry=None,
  inputs=None)`; `entry_versions(session, ids)` — what a list of entries' pages are keyed by, for `inputs`;
- `entry_version(session, service_id)` — the version of one entry's page (below);
- `track_request()` / `request_outcome()` — what the first cache a request consulted did ("hit", "shared",
  "revalidated", "miss", "bypass"); the web layer sends it as `X-Cache`, so a load test counts hits from outside.

**Revalidation.** A page that lists entries (a search, the map's list) is dropped by every catalog write, yet
an approval every few seconds changes one entry of thousands, and most lists do not show it. Such a page is
cached with `inputs`: a function reading, cheaply, everything the page is made of that comes from the catalog
(the page of ids the search finds and its count, the versions of those entries' pages, the form's choices).
When the version has moved since the page was built, `inputs()` is read again and, when it gives the same
value, the page is served as it is ("revalidated") instead of being loaded and rendered again. This is correct
whatever the write was, as long as `inputs` covers all that the page shows from the catalog: an entry's version
moves with everything shown of it (below), and the shared version with the taxonomy and the areas.

With `TSUNAGU_CACHE_URL` set, a cache made with `shared="<name>"` has a second level in Redis, shared by every
process and machine serving the database (tsunagu.shared_cache): what one gunicorn worker built, the others
read instead of building it again. Entries there are keyed by the same catalog version, so a write drops them
for everyone alike.

How writes bump it (the listeners are registered when this module is imported; `directory.map_pages.entries` imports
it, and the app imports that at start):
- a flush that adds, changes or deletes an object of a catalog table, or an ORM `insert()/update()/delete()`
  statement on one, marks the session's *connection* as holding uncommitted catalog writes;
- just before such a transaction commits (`before_commit`), the counter is bumped in the same transaction:
  readers see the new data and the new version together. The bump is the transaction's last statement, so
  the counter row is locked only for the moment before COMMIT — taking it at the first flush instead would
  serialise writers for their whole transaction and could deadlock two imports;
- until then, reads on that connection (the writing request itself, or a test that flushed) are never served
  from, nor stored in, the cache (either level): `get_or_build` just builds.

**One entry's page** (its detail page, its API object) does not depend on the whole catalog, so it is keyed
by the entry's own version instead (`get_or_build(..., entry=service_id)`): a row of `entry_versions` per
service, moved at commit for every service the transaction touched — the service itself, the rows that hang
off it (schedules, prices, translations, its locations and their accessibility, its organisation), found
from the flushed objects — plus the *shared* version (row 2 of `catalog_versions`), moved by the writes
whose entries are not known one by one: Core writers (`bump_catalog_version`), ORM bulk statements, the
taxonomy and the areas, and a change to more than `MAX_TOUCHED` entries at once. So approving entry A moves A's
version and the catalog's, and leaves entry B's cached page as it is; pages that list entries (search, map,
API search) keep the catalog version and are built again.

The counters move by a random step, never by one: a transaction that bumps and then rolls back can never
leave behind a cache entry whose version a later, different commit would reach again.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import BigInteger, Column, Connection, Integer, Table, event, insert, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.pool import Pool

from tsunagu.db import Base
from tsunagu.shared_cache import DEFAULT_TTL, current_store

T = TypeVar("T")

CATALOG_TABLES = frozenset(
    {
        "services",
        "locations",
        "service_at_locations",
        "location_accessibility",
        "schedules",
        "cost_options",
        "eligibilities",
        "service_languages",
        "service_translations",
        "service_taxonomy_terms",
        "organizations",
        "taxonomies",
        "taxonomy_terms",
        "taxonomy_term_labels",
        "term_retirements",
        "areas",
    }
)
"""Tables whose rows change what a map, a search or the open API shows."""

catalog_versions = Table(
    "catalog_versions",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
)
"""One row (id 1): the catalog's version, moved on by every catalog write (migration 0010)."""

entry_versions_table = Table(
    "entry_versions",
    Base.metadata,
    Column("service_id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
)
"""A row per service whose entry was written since migration 0026: the version its own page is keyed by."""

ROW_ID = 1
SHARED_ROW_ID = 2
"""The row of `catalog_versions` every entry page depends on (writes whose entries are not known one by one)."""
MAX_TOUCHED = 500
"""A transaction touching more entries than this (an organisation with hundreds of places) moves the shared version."""
PENDING = "tsunagu_catalog_pending"
"""Key in a DBAPI connection's `info`: this connection holds uncommitted catalog writes."""
TOUCHED = "tsunagu_catalog_touched"
"""Key in a session's `info`: {"services"|"locations"|"organizations": ids} its flushed catalog objects touched."""
SHARED_MOVED = "tsunagu_catalog_shared_moved"
"""Key in a connection's `info`: this transaction already moved the shared version (every entry page goes)."""
WIDE = "tsunagu_catalog_wide"
"""Key in a session's `info`: it wrote catalog rows whose entries are not known one by one."""
MAX_STEP = 2**20
BUILD_WAIT_SECONDS = 30.0
"""How long a request waits for another thread's build of the same entry before building it itself."""
_OUTCOMES: ContextVar[list[str | None] | None] = ContextVar("tsunagu_cache_outcomes", default=None)
"""What the caches did for the current request, in order (None outside a tracked request)."""
CatalogListener = Callable[[Connection, set[str], set[int] | None, set[int]], None]
"""Called with (connection, tables written, services touched or None for "not known one by one", locations
touched) after each flush that wrote catalog rows, each ORM bulk statement on one and each
`bump_catalog_version`: for tables derived from the catalog that must stay in step inside the writing
transaction (`matching.suggestions.features`)."""
_LISTENERS: list[CatalogListener] = []


def on_catalog_write(listener: CatalogListener) -> None:
    """Have `listener` called after every catalog write (see `CatalogListener`); registering twice is once."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def _tell_listeners(connection: Connection, changed: list[Any]) -> None:
    """Call the listeners for the objects a flush wrote (services None when one of them names no entry)."""
    if not _LISTENERS:
        return
    touched: dict[str, set[int]] = {"services": set(), "locations": set(), "organizations": set()}
    known = all([_touch_into(touched, obj) for obj in changed])
    tables = {type(obj).__tablename__ for obj in changed}
    for listener in _LISTENERS:
        listener(connection, tables, touched["services"] if known else None, touched["locations"])


def track_request() -> None:
    """Start recording what the caches do for the request now starting (called before each request)."""
    _OUTCOMES.set([])


def request_outcome() -> str | None:
    """What the first cache the current request consulted did: "hit" (this process), "shared" (read from
    the shared level), "revalidated" (built under an older version, its inputs found unchanged), "miss"
    (built), "bypass" (uncommitted catalog writes); None when none was consulted.
    The first is the outermost (the page, the API body): what the inner ones did only matters on its miss."""
    outcomes = _OUTCOMES.get()
    return next((outcome for outcome in outcomes if outcome is not None), None) if outcomes else None


def _note(outcome: str | None) -> int | None:
    """Record what a cache did for the current request; None keeps a place to `_settle` later. Returns the
    place (None outside a tracked request)."""
    outcomes = _OUTCOMES.get()
    if outcomes is None:
        return None
    outcomes.append(outcome)
    return len(outcomes) - 1


def _settle(slot: int | None, outcome: str) -> None:
    """Fill the place `_note(None)` kept."""
    outcomes = _OUTCOMES.get()
    if outcomes is not None and slot is not None and slot < len(outcomes):
        outcomes[slot] = outcome


def _version_of(row_id: int) -> Any:
    """A row of `catalog_versions` as a scalar subquery (NULL before its first bump)."""
    return select(catalog_versions.c.version).where(catalog_versions.c.id == row_id).scalar_subquery()


def catalog_version(session: Session) -> int:
    """The catalog version this session's transaction sees (0 before the first bump)."""
    return int(session.scalar(select(_version_of(ROW_ID))) or 0)


def shared_version(session: Session) -> int:
    """The shared version this session sees: it moves with the writes whose entries are not known one by one,
    which include every write to the taxonomy and the areas (see the module docstring). What is built from
    those tables alone (the search form's choices) is keyed by it, and outlives the approvals of entries."""
    return int(session.scalar(select(_version_of(SHARED_ROW_ID))) or 0)


def version_column() -> Any:
    """The catalog version as a column of any SELECT (a scalar subquery, NULL before the first bump: read it
    as 0), so a hot read gets it in the same statement as its rows and passes it to `get_or_build`."""
    return _version_of(ROW_ID)


def entry_version(session: Session, service_id: int) -> str:
    """The version of one entry's page this session sees: the shared version and the entry's own, in one
    statement (see the module docstring)."""
    own = (
        select(entry_versions_table.c.version).where(entry_versions_table.c.service_id == service_id).scalar_subquery()
    )
    found_shared, found_own = session.execute(select(_version_of(SHARED_ROW_ID), own)).one()
    return f"{found_shared or 0}.{service_id}.{found_own or 0}"


def entry_versions(session: Session, service_ids: Iterable[int]) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The shared version and the own versions of these entries' pages, in one statement: what a list showing
    them depends on besides which entries it lists (a list page's `inputs`; see the module docstring)."""
    ids = sorted(set(service_ids))
    shared = _version_of(SHARED_ROW_ID).label("shared")
    if not ids:
        return int(session.scalar(select(shared)) or 0), ()
    rows = session.execute(
        select(shared, entry_versions_table.c.service_id, entry_versions_table.c.version)
        .select_from(entry_versions_table)
        .where(entry_versions_table.c.service_id.in_(ids))
        .order_by(entry_versions_table.c.service_id)
    ).all()
    if not rows:  # none of them written since migration 0026: their own versions are all 0
        return int(session.scalar(select(shared)) or 0), ()
    return int(rows[0].shared or 0), tuple((row.service_id, row.version) for row in rows)


def has_pending_writes(session: Session) -> bool:
    """Whether this session's connection holds catalog writes not yet committed (see the module docstring)."""
    return bool(session.connection().info.get(PENDING))


def bump_catalog_version(target: Session | Connection, services: Iterable[int] | None = None) -> None:
    """Move the catalog version on, in the caller's transaction: call after writing catalog rows with Core.

    ORM writes need no call (they are caught at flush). Core writers call this once, after their last write,
    with the `services` they wrote when they know them all (an import's new entries): the listeners then
    rebuild what they derive for those only, not for the whole catalog.
    """
    connection = target.connection() if isinstance(target, Session) else target
    written = None if services is None else set(services)
    for listener in _LISTENERS:
        listener(connection, set(CATALOG_TABLES), written, set())
    _bump_row(connection, SHARED_ROW_ID)  # Core writers do not say which entries: every entry page is dropped
    _bump_row(connection, ROW_ID)
    # so this transaction's commit bumps no entry rows after it: a writer taking entry rows then these
    # counters, and this one the other way round, could deadlock
    connection.info[SHARED_MOVED] = True


def _bump_row(connection: Connection, row_id: int) -> None:
    step = secrets.randbelow(MAX_STEP) + 1
    moved = connection.execute(
        update(catalog_versions)
        .where(catalog_versions.c.id == row_id)
        .values(version=catalog_versions.c.version + step)
    )
    if not moved.rowcount:
        connection.execute(insert(catalog_versions).values(id=row_id, version=step))


def _bump_entries(connection: Connection, service_ids: set[int]) -> None:
    """Move the versions of these entries' pages on (rows created on their first write), in id order so
    that two writers lock them in the same order."""
    if not service_ids:
        return
    upsert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    step = secrets.randbelow(MAX_STEP) + 1
    statement = upsert(entry_versions_table).values([{"service_id": i, "version": step} for i in sorted(service_ids)])
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[entry_versions_table.c.service_id],
            set_={"version": entry_versions_table.c.version + statement.excluded.version},
        )
    )


class CatalogCache:
    """A small thread-safe LRU of values built from the catalog, per process (each gunicorn worker has its own).

    Entries are keyed by (catalog version, key): one built under an older version is never returned as it is,
    it just ages out, or, for a value cached with `inputs`, is served again once its inputs are found unchanged
    (see the module docstring). `ttl` (seconds) bounds an entry's life for what depends on the clock besides
    the catalog (an entry going stale after 18 months without confirmation); put the date in the key as well.

    `shared` names the cache in the shared second level (used when the app has TSUNAGU_CACHE_URL): only for
    caches whose values are `str` or plain JSON data, and the same for everyone who reaches the cache (never
    per user; one serving staff and public alike must keep them apart in its keys). Values that are not such
    data, and keys without a stable repr, just stay in the process.
    """

    def __init__(self, maxsize: int = 32, ttl: float | None = None, shared: str | None = None) -> None:
        self.maxsize = maxsize
        self.ttl = ttl
        self.shared = shared
        self._items: OrderedDict[Hashable, Stored] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple[int | str, Hashable], threading.Event] = {}
        self.hits = 0
        self.misses = 0
        self.revalidated = 0

    def get_or_build(
        self,
        session: Session,
        key: Hashable,
        builder: Callable[[], T],
        *,
        version: int | None = None,
        entry: int | None = None,
        inputs: Callable[[], object] | None = None,
    ) -> T:
        """The value for `key` at the session's catalog version (or at `version`, when the caller's transaction
        read it in one of its own statements with `version_column()`: one round trip fewer on a hot path), built
        by `builder()` when missing; with `entry` (a service id), at that entry's version instead
        (`entry_version`): for what shows one entry. With `inputs`, a value built under an older version is
        served again when `inputs()` reads the same as when it was built (module docstring: Revalidation);
        `inputs()` must return data whose `repr` names it exactly (tuples, dataclasses, numbers, strings).

        Requests missing the same key together wait for the first one's build instead of all building (a
        crowd arriving at an empty cache would otherwise queue behind N identical builds); if that build
        fails, each builds for itself. A session with uncommitted catalog writes always builds, stores nothing.
        """
        if has_pending_writes(session):
            _note("bypass")
            return builder()
        if entry is not None:
            found_version: int | str = entry_version(session, entry)
        else:
            found_version = catalog_version(session) if version is None else version
        full_key = (found_version, key)
        for _attempt in range(2):
            with self._lock:
                found = self._fresh(key, found_version)
                if found is not None:
                    _note("hit")
                    return found.value  # type: ignore[no-any-return]
                running = self._building.get(full_key)
                if running is None:
                    self.misses += 1
                    running = self._building[full_key] = threading.Event()
                    break
            running.wait(BUILD_WAIT_SECONDS)  # another thread builds this key: wait, then look again
        else:
            _note("miss")
            return builder()  # the other build failed or is too slow: do not wait twice
        try:
            slot = _note(None)  # what happened is known below, after `inputs()` has noted its own caches
            stored = self._shared_or_build(key, found_version, builder, inputs, slot)
            with self._lock:
                self._items[key] = stored
                self._items.move_to_end(key)
                while len(self._items) > self.maxsize:
                    self._items.popitem(last=False)
            return stored.value  # type: ignore[no-any-return]
        finally:
            with self._lock:
                self._building.pop(full_key, None)
            running.set()

    def _shared_or_build(
        self,
        key: Hashable,
        version: int | str,
        builder: Callable[[], T],
        inputs: Callable[[], object] | None,
        slot: int | None,
    ) -> Stored:
        """The value from the shared level when stored under `version`; else, for a value with `inputs`, the
        older one (this process's, else the shared level's) when its inputs read the same; else built (and
        shared). With when it was built, so that an entry read from Redis dies in the process when it would
        have there."""
        store = current_store() if self.shared else None
        # a value kept with its inputs is stored under the key alone (its version inside), so that any later
        # version can find it and revalidate it; others under the version
        name = store.key(self.shared or "", "*" if inputs else version, key) if store else None
        ttl = self.ttl or DEFAULT_TTL
        shared_older: Stored | None = None
        found = store.get(name) if store is not None and name is not None else None
        if found is not None:
            value, left = found
            built_at = time.monotonic() - max(0.0, ttl - left)
            if inputs is None:
                _settle(slot, "shared")
                return Stored(built_at, value, version, None)
            if _kept_with_inputs(value):
                kept_version, kept_digest, kept = value
                if kept_version == str(version):  # another worker built or revalidated it already
                    _settle(slot, "shared")
                    return Stored(built_at, kept, version, kept_digest)
                shared_older = Stored(built_at, kept, kept_version, kept_digest)
        digest = _digest(inputs()) if inputs is not None else None
        with self._lock:
            local_older = self._items.get(key)
        for older in (local_older, shared_older):
            if digest is not None and older is not None and older.digest == digest and self._within_ttl(older):
                self.revalidated += 1
                _settle(slot, "revalidated")
                if store is not None and name is not None:  # the next worker needs no `inputs()`
                    left = ttl - (time.monotonic() - older.built_at)
                    store.put(name, [str(version), digest, older.value], max(0.001, left))
                return Stored(older.built_at, older.value, version, digest)
        _settle(slot, "miss")
        value = builder()
        if store is not None and name is not None:
            store.put(name, value if digest is None else [str(version), digest, value], ttl)
        return Stored(time.monotonic(), value, version, digest)

    def _fresh(self, key: Hashable, version: int | str) -> Stored | None:
        """The entry for `key` when stored under `version` and within its ttl; the caller holds the lock."""
        found = self._items.get(key)
        if found is None or found.version != version or not self._within_ttl(found):
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return found

    def _within_ttl(self, stored: Stored) -> bool:
        return self.ttl is None or time.monotonic() - stored.built_at < self.ttl

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class Stored:
    """A cached value, when it was built (time.monotonic()), the version it was last found good under, and
    the digest of its inputs (None for a value cached without `inputs`)."""

    built_at: float
    value: Any
    version: int | str
    digest: str | None


def _digest(inputs: object) -> str:
    """A short name of a page's inputs (their repr: the same data gives the same text in every process)."""
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def _kept_with_inputs(value: object) -> bool:
    """Whether a value read from the shared level is [version, digest, value] as `_shared_or_build` stores it."""
    return type(value) is list and len(value) == 3 and type(value[0]) is str and type(value[1]) is str


def _is_catalog(obj: object) -> bool:
    return getattr(type(obj), "__tablename__", None) in CATALOG_TABLES


def _mark(session: Session) -> None:
    """Remember uncommitted catalog writes: on the session (to bump at its commit) and on its connection
    (so that reads on it, from any session, bypass the cache until the transaction ends)."""
    session.info[PENDING] = True
    session.connection().info[PENDING] = True


def _touch(session: Session, obj: Any) -> None:
    """Note which entries a flushed catalog object changes the page of (before and after the flush)."""
    touched = session.info.setdefault(TOUCHED, {"services": set(), "locations": set(), "organizations": set()})
    if not _touch_into(touched, obj):
        session.info[WIDE] = True  # the taxonomy, the areas: shown on every entry's page


def _touch_into(touched: dict[str, set[int]], obj: Any) -> bool:
    """Add the entries, places or organisations `obj` changes to `touched`; False when it names none of them."""
    table = type(obj).__tablename__
    own = {"services": "services", "locations": "locations", "organizations": "organizations"}.get(table)
    if own:
        touched[own].add(obj.id)
        return True
    state = inspect(obj)
    for column, kind in (("service_id", "services"), ("location_id", "locations")):
        if column in state.attrs:
            history = state.attrs[column].history
            touched[kind].update(v for v in (*history.unchanged, *history.added, *history.deleted) if v is not None)
            return True
    return False


def _entries_of(connection: Connection, touched: dict[str, set[int]]) -> set[int] | None:
    """The services whose page the touched rows show; None when too many (or the tables are not known)."""
    services = set(touched["services"])
    tables = Base.metadata.tables
    try:
        links, service_rows, places = tables["service_at_locations"], tables["services"], tables["locations"]
    except KeyError:
        return None
    if touched["locations"]:
        locations = sorted(touched["locations"])
        services.update(connection.scalars(select(links.c.service_id).where(links.c.location_id.in_(locations))))
    if touched["organizations"]:
        organizations = sorted(touched["organizations"])
        services.update(
            connection.scalars(select(service_rows.c.id).where(service_rows.c.organization_id.in_(organizations)))
        )
        services.update(
            connection.scalars(
                select(links.c.service_id)
                .join(places, places.c.id == links.c.location_id)
                .where(places.c.organization_id.in_(organizations))
            )
        )
    return services if len(services) <= MAX_TOUCHED else None


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    changed = [o for o in (*session.new, *session.deleted) if _is_catalog(o)]
    # a row's own columns; a collection only for a service (its kinds): a kind whose list of services changed
    # (the backref of an entry's new kind) has not changed what every entry page shows of it
    changed += [
        o
        for o in session.dirty
        if _is_catalog(o) and session.is_modified(o, include_collections=o.__tablename__ == "services")
    ]
    for obj in changed:
        _touch(session, obj)
    if changed:
        _mark(session)
        _tell_listeners(session.connection(), changed)


@event.listens_for(Session, "do_orm_execute")
def _orm_statement(state: ORMExecuteState) -> Any:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in CATALOG_TABLES:
            _mark(state.session)
            state.session.info[WIDE] = True  # a bulk statement does not say which entries it changes
            if _LISTENERS:
                result = state.invoke_statement()
                for listener in _LISTENERS:
                    listener(state.session.connection(), {table.name}, None, set())
                return result
    return None


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if not session.info.get(PENDING) and not (session.new or session.dirty or session.deleted):
        return
    session.flush()  # the commit's own flush comes after this hook: catch its writes first
    touched, wide = session.info.pop(TOUCHED, None), session.info.pop(WIDE, False)
    if session.info.pop(PENDING, False):
        connection = session.connection()
        if not connection.info.get(SHARED_MOVED):
            entries = None if wide or not touched else _entries_of(connection, touched)
            if entries is None and (wide or touched):
                _bump_row(connection, SHARED_ROW_ID)
            _bump_entries(connection, entries or set())
        _bump_row(connection, ROW_ID)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    for key in (PENDING, TOUCHED, WIDE):
        session.info.pop(key, None)


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _transaction_ended(connection: Connection) -> None:
    connection.info.pop(PENDING, None)
    connection.info.pop(SHARED_MOVED, None)


@event.listens_for(Pool, "checkin")
def _returned(_dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info.pop(PENDING, None)
        record.info.pop(SHARED_MOVED, None)
