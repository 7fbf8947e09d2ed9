"""TSUNAGU_CACHE_URL: the catalog cache's second level in Redis, shared by every worker of a database.

Two apps on one database stand for two gunicorn workers (or machines); clearing the in-process caches between
them makes the second one a cold worker. The real Redis on 127.0.0.1:6379 is used (TSUNAGU_TEST_REDIS_URL
to change it); without one these tests are skipped, unless TSUNAGU_REQUIRE_REDIS=1 (CI), where they fail.
Entries are written for real (the `live` session commits), because inside a test's rolled-back transaction
the cache is bypassed on purpose. On both databases.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, update

from directory.api import views as api
from directory.catalog import queries
from directory.map_pages.entries import MAP_CACHE
from directory.map_pages.views import EMBEDS
from directory.models import Service, Visibility
from directory.public import views
from directory.search import query as search
from tests.directory.map_pages import test_cache as test_map_cache
from tests.factories import make_service, make_user
from tests.helpers import login
from tsunagu import shared_cache
from tsunagu.models import AuditLog, Role, User
from tsunagu.shared_cache import SharedStore, Unshareable, decode, encode, stable_repr

live = test_map_cache.live  # a session that commits for real; its "ライブ…" services are deleted afterwards
CACHES = (views.PAGES, search.PAGES, api.SEARCHES, api.SERVICES, queries.FORM_OPTIONS, MAP_CACHE, EMBEDS)


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get("TSUNAGU_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError as exc:
        if os.environ.get("TSUNAGU_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis not usable for tests at {url}: {exc}")
        pytest.skip(f"Redis not usable for tests at {url}: {exc}")
    return url


def _cold() -> None:
    """What a worker just started (or recycled) holds in its process: nothing."""
    for cache in CACHES:
        cache.clear()


def _worker(app: Flask, cache_url: str) -> Flask:
    """Another app ("worker") on the test database, with `cache_url` as its shared cache."""
    from tsunagu import create_app

    return create_app(
        {
            **{k: app.config[k] for k in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY")},
            "TSUNAGU_CACHE_URL": cache_url,
            "RATELIMIT_ENABLED": False,
        }
    )


@dataclass
class Workers:
    first: FlaskClient
    second: FlaskClient
    store: SharedStore
    apps: list[Flask] = field(default_factory=list)

    def stored(self) -> list[object]:
        """Every value this database has in the shared cache, decoded."""
        keys = list(self.store.client.scan_iter(match=f"{self.store.prefix}*"))
        return [decode(value) for value in self.store.client.mget(keys) if value is not None] if keys else []


@pytest.fixture
def workers(app: Flask, redis_url: str) -> Iterator[Workers]:
    from tsunagu.db import db

    apps = [_worker(app, redis_url), _worker(app, redis_url)]
    with apps[0].app_context():
        store = shared_cache.current_store()
    assert store is not None
    _clear(store)
    _cold()
    try:
        yield Workers(apps[0].test_client(), apps[1].test_client(), store, apps)
    finally:
        _clear(store)
        _cold()
        for each in apps:
            with each.app_context():
                db.engine.dispose()


def _clear(store: SharedStore) -> None:
    for key in store.client.scan_iter(match=f"{store.prefix}*"):
        store.client.delete(key)


def test_a_page_one_worker_built_is_served_by_the_other_without_building_it(workers, live):
    service = make_service(live, name="ライブ共有の居場所")
    live.commit()
    page = workers.first.get(f"/services/{service.id}")
    answer = workers.first.get(f"/api/v1/services/{service.uuid}").get_json()
    assert page.status_code == 200 and "ライブ共有の居場所" in page.text
    assert len(workers.stored()) == 2
    _cold()
    # renamed behind the catalog version's back (Core, no bump): a page that is rebuilt would show the new name
    live.connection().execute(update(Service).where(Service.id == service.id).values(name="ライブ改名"))
    live.commit()
    again = workers.second.get(f"/services/{service.id}")
    assert again.status_code == 200 and again.text == page.text
    assert workers.second.get(f"/api/v1/services/{service.uuid}").get_json() == answer
    views.PAGES.clear()
    workers.store.client.delete(*workers.store.client.scan_iter(match=f"{workers.store.prefix}pages:*"))
    assert "ライブ改名" in workers.second.get(f"/services/{service.id}").text  # without Redis' copy: built


def test_a_catalog_write_makes_every_worker_build_again(workers, live):
    service = make_service(live, name="ライブ書き換え前")
    live.commit()
    for client in (workers.first, workers.second):
        assert "ライブ書き換え前" in client.get("/?q=ライブ").text
        assert "ライブ書き換え前" in client.get(f"/services/{service.id}").text
    service.name = "ライブ書き換え後"
    live.commit()
    for client in (workers.first, workers.second):
        search_page, detail = client.get("/?q=ライブ").text, client.get(f"/services/{service.id}").text
        assert "ライブ書き換え後" in search_page and "ライブ書き換え前" not in search_page
        assert "ライブ書き換え後" in detail and "ライブ書き換え前" not in detail


def test_a_result_page_one_worker_built_is_revalidated_by_another_after_an_unrelated_write(workers, live):
    listed = make_service(live, name="ライブ共有の朝市")
    other = make_service(live, name="ライブ共有の読書会")
    live.commit()
    built = workers.first.get("/?q=ライブ共有の朝市")
    assert built.headers["X-Cache"] == "miss" and "ライブ共有の朝市" in built.text
    _cold()
    other.description = "月に二度になりました。"
    live.commit()
    again = workers.second.get("/?q=ライブ共有の朝市")  # a cold worker, a new version: checked, not rendered
    assert again.headers["X-Cache"] == "revalidated" and again.text == built.text
    _cold()
    assert workers.first.get("/?q=ライブ共有の朝市").headers["X-Cache"] == "shared"  # stored back under it
    listed.name = "ライブ共有の朝市（土曜）"
    live.commit()
    _cold()
    changed = workers.second.get("/?q=ライブ共有の朝市")
    assert changed.headers["X-Cache"] == "miss" and "ライブ共有の朝市（土曜）" in changed.text


def test_a_page_revalidated_in_one_worker_is_shared_under_the_new_version(workers, live):
    make_service(live, name="ライブ共有の花壇")
    other = make_service(live, name="ライブ共有の囲碁")
    live.commit()
    built = workers.first.get("/map/embed?q=ライブ共有の花壇")
    assert built.headers["X-Cache"] == "miss"
    other.description = "毎週になりました。"
    live.commit()
    assert workers.first.get("/map/embed?q=ライブ共有の花壇").headers["X-Cache"] == "revalidated"  # its own copy
    _cold()
    again = workers.second.get("/map/embed?q=ライブ共有の花壇")  # a cold worker: no inputs to read again
    assert again.headers["X-Cache"] == "shared" and "ライブ共有の花壇" in again.text


def test_what_staff_see_is_never_put_in_the_shared_cache(workers, live):
    public = make_service(live, name="ライブ公開の居場所")
    staff_only = make_service(live, name="ライブ職員だけの個別メニュー", visibility=Visibility.COORDINATORS)
    coordinator = make_user(live, Role.COORDINATOR, email="shared-cache-coordinator@example.test")
    live.commit()
    try:
        anonymous = workers.first
        assert anonymous.get(f"/services/{staff_only.id}").status_code == 404
        assert "ライブ公開の居場所" in anonymous.get(f"/services/{public.id}").text
        assert anonymous.get("/api/v1/services?search=ライブ").status_code == 200
        staff = workers.second
        assert login(staff, coordinator.email).status_code == 302
        for path in (f"/services/{staff_only.id}", f"/services/{public.id}", "/?q=ライブ"):
            assert staff.get(path).status_code == 200
        assert "ライブ職員だけの個別メニュー" in staff.get(f"/services/{staff_only.id}").text
        stored = [value if isinstance(value, str) else repr(value) for value in workers.stored()]
        assert any("ライブ公開の居場所" in value for value in stored)  # public pages are shared…
        kinds = {key.decode().split(":")[2] for key in workers.store.client.scan_iter(match=f"{workers.store.prefix}*")}
        assert kinds == {"pages", "api-searches"}
        assert not any("ライブ職員だけの個別メニュー" in value for value in stored)  # …staff pages never
        assert not any("ログアウト" in value for value in stored)  # nor any signed-in user's page
    finally:
        live.rollback()
        live.execute(delete(AuditLog).where(AuditLog.actor_id == coordinator.id))
        live.execute(delete(User).where(User.id == coordinator.id))
        live.commit()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_pages_are_served_as_usual_while_redis_does_not_answer(app, live, caplog):
    from tsunagu.db import db

    service = make_service(live, name="ライブRedisなしの居場所")
    live.commit()
    down = _worker(app, f"redis://127.0.0.1:{_closed_port()}/0")
    _cold()
    client = down.test_client()
    try:
        with caplog.at_level(logging.WARNING, logger="tsunagu.shared_cache"):
            for _ in range(2):
                _cold()
                page = client.get(f"/services/{service.id}")
                assert page.status_code == 200 and "ライブRedisなしの居場所" in page.text
                assert client.get(f"/api/v1/services/{service.uuid}").get_json()["name"] == "ライブRedisなしの居場所"
        assert len(caplog.records) == 1  # one warning, then Redis is left alone for a while
        with down.app_context():
            store = shared_cache.current_store()
        assert store is not None and not store.ping()  # paused: not even tried
    finally:
        _cold()
        with down.app_context():
            db.engine.dispose()


@pytest.mark.parametrize(
    "value",
    ["", "短いページ", "<p>長いページ</p>" * 500, {"a": [1, 2.5, None, True, {"b": "び"}], "n": -3}, [], 0],
)
def test_values_come_back_exactly(value, redis_url):
    assert decode(encode(value)) == value and type(decode(encode(value))) is type(value)
    store = SharedStore(redis_url, "sqlite:///round-trip-test.db")
    try:
        assert store.put(f"{store.prefix}x", value, 5)
        found = store.get(f"{store.prefix}x")
        assert found is not None and found[0] == value and type(found[0]) is type(value) and 0 < found[1] <= 5
    finally:
        _clear(store)


@pytest.mark.parametrize("value", [(1, 2), {1: "a"}, float("nan"), b"bytes", MAP_CACHE, {"a": (1,)}])
def test_values_json_would_change_are_not_shared(value):
    with pytest.raises(Unshareable):
        encode(value)


def test_an_unreadable_entry_is_a_miss(redis_url):
    store = SharedStore(redis_url, "sqlite:///unreadable-test.db")
    try:
        for garbage in (b"", b"?what", b"Snot zlib", b"j{not json"):
            store.client.set(f"{store.prefix}x", garbage)
            assert store.get(f"{store.prefix}x") is None
        assert store.ping()  # bad data does not pause the cache
    finally:
        _clear(store)


def test_keys_name_equal_values_alike_and_different_ones_apart():
    assert stable_repr(frozenset({"b", "a", "c"})) == stable_repr(frozenset({"c", "a", "b"}))
    assert stable_repr(("a", 1)) != stable_repr(("a", "1")) != stable_repr(["a", 1])
    with pytest.raises(Unshareable):
        stable_repr(object())
    first = SharedStore("redis://127.0.0.1:6379/14", "postgresql+psycopg://u:secret@db/one")
    assert first.key("pages", 1, "k") != SharedStore("redis://127.0.0.1:6379/14", "sqlite:///two").key("pages", 1, "k")
    assert first.key("pages", 1, "k") != first.key("pages", 2, "k") != first.key("api", 1, "k")
    assert first.key("pages", 1, object()) is None
