"""Result pages after a catalog write: served again without rendering when nothing they show changed
(tsunagu.catalog_cache: Revalidation), rendered again — at once — when something did, on both databases.

Writes are committed for real (`live`), because inside a test's rolled-back transaction the cache is bypassed.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from directory.models import EntryStatus
from tests.directory.map_pages import test_cache as test_map_cache
from tests.directory.map_pages.test_cache import _page, approved_description
from tests.factories import make_service
from tsunagu.catalog_cache import CatalogCache, catalog_version

live = test_map_cache.live  # a session that commits for real; its "ライブ…" services are deleted afterwards


@pytest.mark.parametrize("path", ["/?q=ライブ朝市", "/map?q=ライブ朝市"])
def test_a_result_page_is_served_again_after_a_write_to_an_entry_it_does_not_list(app, live, path):
    listed = make_service(live, name="ライブ朝市の会", description="毎週土曜日の朝市です。")
    other = make_service(live, name="ライブ読書会", description="月に一度の読書会です。")
    live.commit()
    client = app.test_client()
    built = _page(client, path)
    assert built[0] == "miss" and "ライブ朝市の会" in built[1] and "ライブ読書会" not in built[1]
    assert _page(client, path)[0] == "hit"
    other.description = "月に二度の読書会になりました。"
    live.commit()
    assert _page(client, path) == ("revalidated", built[1])  # nothing it shows changed: the same page
    assert _page(client, path)[0] == "hit"  # … now kept under the new version
    listed.name = "ライブ朝市の会（土曜）"
    live.commit()
    cache, text = _page(client, path)
    assert cache == "miss" and "ライブ朝市の会（土曜）" in text  # an entry it lists changed: rendered again


def test_an_approved_entry_appears_in_the_search_right_after_the_approval(app, live):
    """The approval that makes an entry match a search is never hidden behind a revalidated page."""
    make_service(live, name="ライブ二階の居場所", description="二階の集会室です。")
    changed = make_service(live, name="ライブ公民館の居場所", description="一階のホールです。")
    live.commit()
    client = app.test_client()
    before = _page(client, "/?q=二階")[1]
    assert "ライブ二階の居場所" in before and "ライブ公民館の居場所" not in before
    with approved_description(live, changed, "会場が二階の和室に変わりました。"):
        cache, after = _page(client, "/?q=二階")
        assert cache == "miss" and "ライブ公民館の居場所" in after and "ライブ二階の居場所" in after


def test_an_entry_leaving_a_search_is_gone_from_its_page_at_once(app, live):
    leaving = make_service(live, name="ライブ花壇の会", description="花壇の手入れをします。")
    make_service(live, name="ライブ花壇クラブ", description="花壇づくり。")
    live.commit()
    client = app.test_client()
    assert "ライブ花壇の会" in _page(client, "/?q=ライブ花壇")[1]
    leaving.status = EntryStatus.ARCHIVED
    live.commit()
    cache, text = _page(client, "/?q=ライブ花壇")
    assert cache == "miss" and "ライブ花壇の会" not in text and "ライブ花壇クラブ" in text


def test_the_cache_serves_a_value_again_only_while_its_inputs_read_the_same(live):
    cache, built, inputs = CatalogCache(maxsize=4), [], {"value": 1}

    def build() -> str:
        built.append(inputs["value"])
        return f"page {inputs['value']}"

    def get() -> str:
        return cache.get_or_build(live, "k", build, inputs=lambda: ("inputs", inputs["value"]))

    assert get() == "page 1"
    live.rollback()
    make_service(live, name="ライブ版を進める居場所")
    live.commit()
    version = catalog_version(live)
    assert get() == "page 1" and cache.revalidated == 1  # a new version, the same inputs: not built
    inputs["value"] = 2
    assert get() == "page 1"  # the same version: a plain hit, inputs not read
    live.rollback()
    make_service(live, name="ライブ版をまた進める居場所")
    live.commit()
    assert catalog_version(live) != version
    assert get() == "page 2" and built == [1, 2]  # the inputs changed: built


def test_a_crowd_revalidating_one_page_reads_its_inputs_once(app, live):
    from sqlalchemy.orm import Session

    from tsunagu.db import db

    cache, reads, gate = CatalogCache(maxsize=4), [], threading.Barrier(6)
    make_service(live, name="ライブ群衆の居場所")
    live.commit()
    cache.get_or_build(live, "crowd", lambda: "page", inputs=lambda: "same")
    live.rollback()
    make_service(live, name="ライブ群衆の次の居場所")
    live.commit()

    def inputs() -> str:
        reads.append(1)
        return "same"

    def ask() -> str:
        with app.app_context(), Session(db.engine) as session:
            gate.wait()
            return cache.get_or_build(session, "crowd", lambda: "rebuilt", inputs=inputs)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1 and cache.revalidated == 1


def test_the_search_form_outlives_an_entry_write_and_follows_a_taxonomy_change(app, live):
    from directory.catalog.queries import FORM_OPTIONS
    from directory.models import TaxonomyTerm

    make_service(live, name="ライブ種類の居場所", kinds=("ibasho",))
    live.commit()
    client = app.test_client()
    _page(client, "/?q=ライブ種類")
    built = FORM_OPTIONS.misses
    changed = make_service(live, name="ライブ種類の別の居場所")
    live.commit()
    changed.description = "説明を書き足しました。"
    live.commit()
    _page(client, "/?q=ライブ")
    assert FORM_OPTIONS.misses == built  # entries written: the form's choices were not read again
    term = live.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == "ibasho"))
    original = term.name
    term.name = "ライブ居場所（改称）"
    live.commit()
    try:
        assert "ライブ居場所（改称）" in _page(client, "/?q=ライブ")[1]
    finally:
        term.name = original
        live.commit()


def test_a_map_document_is_served_again_after_an_unrelated_write_with_a_fresh_nonce(app, live):
    from directory.map_pages.views import NONCE_SLOT

    marked = make_service(live, name="ライブ地図の朝市")
    other = make_service(live, name="ライブ地図の外の読書会")
    live.commit()
    client = app.test_client()
    path = "/map/embed?q=ライブ地図の朝市"
    nonces = []
    for expected in ("miss", "hit"):
        response = client.get(path)
        assert response.headers["X-Cache"] == expected and "ライブ地図の朝市" in response.text
        nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        assert f'<script nonce="{nonce}">' in response.text and NONCE_SLOT not in response.text
        nonces.append(nonce)
    assert nonces[0] != nonces[1]  # one per response, though the document was rendered once
    other.description = "月に二度になりました。"
    live.commit()
    assert client.get(path).headers["X-Cache"] == "revalidated"
    marked.name = "ライブ地図の朝市（土曜）"
    live.commit()
    response = client.get(path)
    assert response.headers["X-Cache"] == "miss" and "ライブ地図の朝市（土曜）" in response.text


@pytest.mark.parametrize("limit", [10, 2])
def test_a_map_built_from_the_pairs_its_inputs_read_is_the_map_the_search_builds(app, db_session, limit):
    """`map_entries(known=map_inputs(…))` reads the rows by key; it must give what running the search gives,
    within the marker cap and past it (count and extent only)."""
    from directory.map_pages.entries import map_entries, map_inputs
    from directory.search.params import SearchParams
    from tsunagu.clock import today_in_japan

    make_service(db_session, name="地図の居場所A", lat=35.86, lon=139.97)
    make_service(db_session, name="地図の居場所B", lat=35.87, lon=139.98, private_home=True)
    make_service(db_session, name="地図の居場所C", lat=35.88, lon=139.96)
    make_service(db_session, name="地図の位置なし", lat=None, lon=None)
    params, today = SearchParams(q="地図の"), today_in_japan()
    with app.test_request_context():
        known, _versions = map_inputs(db_session, params, limit=limit)
        both = [
            map_entries(
                db_session,
                params,
                today=today,
                format_date=str,
                detail_url="/services/0",
                limit=limit,
                all_or_none=True,
                known=given,
            )
            for given in (None, known)
        ]
    assert both[0] == both[1] and both[0].unplaced == 1
    assert len(both[0].entries) == (3 if limit == 10 else 0)
