"""The catalog cache behind the map: every catalog write moves the version on, a map after a write shows it,
and a map built for staff is never served to the public. On both databases.

Most tests here run as the rest of the suite does (one transaction rolled back at the end). The `live` ones
commit for real, as production does, because inside the test transaction the cache is bypassed on purpose
(uncommitted catalog writes are never cached): only real commits show the cache being used and invalidated.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from devtools.demo.bulk import generate_bulk
from directory.contributions.services import submit_for_review
from directory.imports.run import run_import
from directory.map_pages.entries import MAP_CACHE, map_rows
from directory.map_pages.views import EMBEDS, map_geojson_body
from directory.models import EntryStatus, Location, Organization, Service, Visibility
from directory.search.params import SearchParams
from tests.directory.map_pages.test_pages import embed_names
from tests.factories import make_organization, make_service, make_user
from tests.helpers import csrf_token, login
from tests.paths import KODOMO_SHOKUDO
from tsunagu.catalog_cache import CatalogCache, catalog_version, version_column
from tsunagu.clock import today_in_japan
from tsunagu.models import AuditLog, Role

TOKYO = KODOMO_SHOKUDO / "tokyo"


def _builder(built, value):
    return lambda: built.append(value) or value


def test_the_cache_keeps_the_latest_values_and_never_keeps_uncommitted_writes(db_session):
    cache, built = CatalogCache(maxsize=2), []
    assert cache.get_or_build(db_session, "a", _builder(built, 1)) == 1
    assert cache.get_or_build(db_session, "a", _builder(built, 2)) == 1  # same version: not built again
    db_session.commit()  # nothing written: the version stays
    assert cache.get_or_build(db_session, "a", _builder(built, 3)) == 1
    cache.get_or_build(db_session, "b", _builder(built, 4))
    cache.get_or_build(db_session, "c", _builder(built, 5))
    assert len(cache) == 2 and cache.get_or_build(db_session, "a", _builder(built, 6)) == 6  # "a" was evicted
    make_service(db_session, name="新しい居場所")
    assert cache.get_or_build(db_session, "c", _builder(built, 7)) == 7  # uncommitted catalog write: built
    assert cache.get_or_build(db_session, "c", _builder(built, 8)) == 8  # … and never kept
    assert built == [1, 4, 5, 6, 7, 8]


def test_orm_writes_to_the_catalog_move_the_version_and_other_writes_do_not(db_session):
    before = catalog_version(db_session)
    make_user(db_session, Role.COORDINATOR)
    db_session.add(AuditLog(action="test.nothing", object_type="test", object_id="1"))
    db_session.commit()
    assert catalog_version(db_session) == before
    service = make_service(db_session, name="編集前")
    db_session.commit()
    created = catalog_version(db_session)
    assert created != before
    service.name = "編集後"
    db_session.commit()
    assert catalog_version(db_session) not in (before, created)


def test_approving_through_the_review_route_moves_the_version_and_the_map_shows_it(client, db_session):
    organization = make_organization(db_session, name="ひだまりの会", status=EntryStatus.DRAFT)
    group = make_user(db_session, Role.GROUP, organization_id=organization.id)
    service = make_service(db_session, organization=organization, name="ひだまり食堂", status=EntryStatus.DRAFT)
    request = submit_for_review(db_session, service, actor=group)
    db_session.commit()
    assert "ひだまり食堂" not in embed_names(client.get("/map/embed").get_data(as_text=True))
    before = catalog_version(db_session)
    login(client, make_user(db_session, Role.COORDINATOR).email)
    path = f"/admin/review/{request.id}"
    decided = client.post(path, data={"decision": "approve", "comment": "", "csrf_token": csrf_token(client, path)})
    assert decided.status_code == 302
    assert catalog_version(db_session) != before
    client.get("/logout")
    assert "ひだまり食堂" in embed_names(client.get("/map/embed").get_data(as_text=True))


def test_core_bulk_writes_move_the_version(db_session):
    before = catalog_version(db_session)
    generate_bulk(db_session.connection(), size=3, seed=7)
    generated = catalog_version(db_session)
    assert generated != before
    summary = run_import(db_session, "kodomo-shokudo", [TOKYO / "131059_bunkyo_kodomosyokudo.csv"])
    assert summary.created and catalog_version(db_session) != generated


@pytest.fixture
def live(app) -> Iterator[Session]:
    """A session whose writes are committed for real; the services it made are deleted afterwards."""
    from tsunagu.db import db

    with app.app_context():
        session = Session(db.engine)
    MAP_CACHE.clear()
    EMBEDS.clear()
    try:
        yield session
    finally:
        session.rollback()
        for service in session.scalars(select(Service).where(Service.name.like("ライブ%"))):
            links = list(service.at_locations)
            organization = service.organization
            session.delete(service)
            session.flush()
            for link in links:
                session.delete(session.get(Location, link.location_id))
            if organization is not None and not session.scalar(
                select(Service.id).where(Service.organization_id == organization.id)
            ):
                session.delete(session.get(Organization, organization.id))
        session.commit()
        session.close()
        MAP_CACHE.clear()


def test_a_value_built_under_an_older_version_is_never_returned(live):
    cache, built = CatalogCache(maxsize=8), []
    assert cache.get_or_build(live, "a", _builder(built, 1)) == 1
    live.rollback()
    assert cache.get_or_build(live, "a", _builder(built, 2)) == 1
    live.rollback()
    make_service(live, name="ライブ新しい居場所")
    live.commit()
    assert cache.get_or_build(live, "a", _builder(built, 3)) == 3
    assert built == [1, 3]


def test_a_crowd_missing_the_same_entry_waits_for_one_build(app):
    """Eight threads (like gunicorn's) asking for one missing entry at once: built once, all get it."""
    from tsunagu.db import db

    cache, built, gate = CatalogCache(maxsize=4), [], threading.Barrier(8)

    def slow() -> str:
        built.append(1)
        time.sleep(0.3)
        return "page"

    def ask() -> str:
        with app.app_context(), Session(db.engine) as session:
            gate.wait()
            return cache.get_or_build(session, "crowd", slow)

    with ThreadPoolExecutor(8) as pool:
        pages = list(pool.map(lambda _i: ask(), range(8)))
    assert pages == ["page"] * 8 and len(built) == 1


def test_a_failed_build_lets_the_waiting_requests_build_for_themselves(app):
    from tsunagu.db import db

    cache, calls = CatalogCache(maxsize=4), []

    def failing() -> str:
        calls.append(1)
        raise RuntimeError("database went away")

    with app.app_context(), Session(db.engine) as session:
        with pytest.raises(RuntimeError):
            cache.get_or_build(session, "k", failing)
        assert cache.get_or_build(session, "k", lambda: "ok") == "ok"  # nothing left marked as building
    assert calls == [1]


def test_a_repeat_map_comes_from_the_cache_until_a_write_and_then_shows_the_write(app, live):
    make_service(live, name="ライブ居場所1")
    live.commit()
    client = app.test_client()
    assert "ライブ居場所1" in embed_names(client.get("/map/embed").get_data(as_text=True))
    hits = EMBEDS.hits
    assert "ライブ居場所1" in embed_names(client.get("/map/embed").get_data(as_text=True))
    assert EMBEDS.hits > hits  # the same map again: served from the cache
    names = [f["properties"]["name"] for f in client.get("/api/v1/map.geojson").get_json()["features"]]
    assert "ライブ居場所1" in names
    added = make_service(live, name="ライブ居場所2")
    live.commit()
    assert "ライブ居場所2" in embed_names(client.get("/map/embed").get_data(as_text=True))
    names = [f["properties"]["name"] for f in client.get("/api/v1/map.geojson").get_json()["features"]]
    assert "ライブ居場所2" in names
    added.name = "ライブ居場所2（改名）"
    live.commit()
    shown = embed_names(client.get("/map/embed").get_data(as_text=True))
    assert "ライブ居場所2（改名）" in shown and "ライブ居場所2" not in shown


def test_a_map_built_for_staff_is_never_served_to_the_public(app, live):
    make_service(live, name="ライブ公開の居場所")
    make_service(live, name="ライブ職員だけの個別メニュー", visibility=Visibility.COORDINATORS)
    live.commit()
    today = today_in_japan()
    with app.test_request_context():
        staff = map_rows(live, SearchParams(), today=today, public_only=False)
        public = map_rows(live, SearchParams(), today=today, public_only=True)
    assert "ライブ職員だけの個別メニュー" in [row[2] for row in staff.rows]
    assert "ライブ職員だけの個別メニュー" not in [row[2] for row in public.rows]
    client = app.test_client()
    shown = embed_names(client.get("/map/embed").get_data(as_text=True))
    assert "ライブ公開の居場所" in shown and "ライブ職員だけの個別メニュー" not in shown
    names = [f["properties"]["name"] for f in client.get("/api/v1/map.geojson").get_json()["features"]]
    assert "ライブ公開の居場所" in names and "ライブ職員だけの個別メニュー" not in names


def test_the_cached_geojson_body_is_what_the_api_serves(app, client, db_session):
    make_service(db_session, name="公民館の居場所", kinds=("ibasho",), free=True)
    make_service(db_session, name="山田さんち食堂", kinds=("kodomo_shokudo",), private_home=True)
    make_service(db_session, name="位置未設定の居場所", lat=None, lon=None)
    served = client.get("/api/v1/map.geojson?kind=ibasho&kind=kodomo_shokudo").get_json()
    with app.test_request_context("/api/v1/map.geojson"):
        body = map_geojson_body(SearchParams(kinds=("ibasho", "kodomo_shokudo")), "ja")
    assert json.loads(body) == served


def test_a_private_home_is_jittered_the_same_way_by_every_build(client, db_session):
    make_service(db_session, name="山田さんち食堂", private_home=True, lat=35.861234, lon=139.971234)
    shown = []
    for _ in range(2):
        MAP_CACHE.clear()
        feature = client.get("/api/v1/map.geojson").get_json()["features"][0]
        shown.append(feature["geometry"]["coordinates"])
    assert shown[0] == shown[1] != [139.971234, 35.861234]


def test_a_version_read_by_the_caller_finds_the_same_entry(db_session):
    """`get_or_build(…, version=)`: a caller that read the version in its own statement (`version_column()`)
    reaches the entry stored under the version the cache reads itself."""
    cache = CatalogCache(maxsize=4)
    assert cache.get_or_build(db_session, "k", lambda: "built") == "built"
    version = int(db_session.scalar(select(version_column())) or 0)
    assert version == catalog_version(db_session)
    assert cache.get_or_build(db_session, "k", lambda: "again", version=version) == "built"
    assert cache.get_or_build(db_session, "k", lambda: "other", version=version + 1) == "other"


def _page(client, path):
    """(X-Cache, text) of an anonymous visitor's page."""
    response = client.get(path)
    assert response.status_code == 200, path
    return response.headers.get("X-Cache"), response.get_data(as_text=True)


@contextmanager
def approved_description(live: Session, service: Service, description: str) -> Iterator[None]:
    """A group's change of `service`'s description approved by a reviewer and committed; the change, its
    review and the reviewer are deleted afterwards."""
    from directory.contributions.fields import service_snapshot
    from directory.contributions.services import approve
    from directory.models import ChangeKind, ChangeRequest, Review

    reviewer = make_user(live, Role.COORDINATOR)
    before = service_snapshot(service)
    change = ChangeRequest(
        kind=ChangeKind.EDIT,
        service_id=service.id,
        organization_id=service.organization_id,
        before=before,
        after={**before, "description": description},
    )
    live.add(change)
    live.commit()
    try:
        approve(live, change, reviewer=reviewer)
        live.commit()
        yield
    finally:
        live.rollback()
        for row in live.scalars(select(Review).where(Review.change_request_id == change.id)):
            live.delete(row)
        live.delete(live.get(ChangeRequest, change.id))
        for row in live.scalars(select(AuditLog).where(AuditLog.actor_id == reviewer.id)):
            live.delete(row)
        live.delete(reviewer)
        live.commit()


def test_approving_one_entry_keeps_the_other_entries_pages_cached_and_shows_the_change_at_once(app, live):
    first = make_service(live, name="ライブ承認される居場所", description="毎週の集まりです。")
    other = make_service(live, name="ライブ別の居場所", description="月に一度の集まりです。")
    live.commit()
    client = app.test_client()
    pages = [f"/services/{first.id}", f"/services/{other.id}", f"/api/v1/services/{other.uuid}", "/?q=ライブ"]
    assert [_page(client, path)[0] for path in pages] == ["miss"] * 4
    assert [_page(client, path)[0] for path in pages] == ["hit"] * 4
    with approved_description(live, first, "毎週の集まりです。会場が二階に変わりました。"):
        cache, text = _page(client, f"/services/{first.id}")
        assert cache == "miss" and "会場が二階に変わりました" in text  # the approved entry: built again at once
        assert _page(client, f"/services/{other.id}")[0] == "hit"  # another entry's page: still cached
        assert _page(client, f"/api/v1/services/{other.uuid}")[0] == "hit"
        assert _page(client, "/?q=ライブ")[0] == "miss"  # a list showing the approved entry: rendered again


def test_an_organisation_or_location_change_shows_on_its_entries_page_at_once(app, live):
    first = make_service(live, name="ライブ運営の居場所")
    other = make_service(live, name="ライブ別の運営の居場所")
    live.commit()
    client = app.test_client()
    for path in (f"/services/{first.id}", f"/services/{other.id}"):
        _page(client, path)
        assert _page(client, path)[0] == "hit"
    first.organization.name = "ライブ改称した会"
    live.commit()
    cache, text = _page(client, f"/services/{first.id}")
    assert cache == "miss" and "ライブ改称した会" in text
    assert _page(client, f"/services/{other.id}")[0] == "hit"
    first.at_locations[0].location.town = "緑町一丁目"
    live.commit()
    cache, text = _page(client, f"/services/{first.id}")
    assert cache == "miss" and "緑町一丁目" in text
    assert _page(client, f"/services/{other.id}")[0] == "hit"


def test_a_write_whose_entries_are_not_known_drops_every_entry_page(app, live):
    """Core writers (imports, demo data) do not say which entries they changed: every entry page goes."""
    from tsunagu.catalog_cache import bump_catalog_version

    service = make_service(live, name="ライブ一括で変わる居場所")
    live.commit()
    client = app.test_client()
    _page(client, f"/services/{service.id}")
    assert _page(client, f"/services/{service.id}")[0] == "hit"
    bump_catalog_version(live)
    live.commit()
    assert _page(client, f"/services/{service.id}")[0] == "miss"
