"""The pair index (migration 0025) finds every entry a one- or two-character term is in, on real PostgreSQL:
it may only narrow the LIKE, never hide an entry from it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from directory.catalog.indexing import refresh_search_text
from directory.search.grams import exact, fts_query, gram_query, indexable
from directory.search.params import SearchParams
from directory.search.query import search_services
from i18n.normalize import normalize, query_terms, search_document
from tests.factories import make_service
from tsunagu.search_grams import search_grams

DOCUMENTS = [
    search_document("子ども食堂 にじいろ", "お茶とお菓子を囲んでおしゃべり", "東部地区センター", "1階 会議室"),
    search_document("囲碁・将棋クラブ", "第3中学校区", "13-20", "community salon", "Café ほっと"),
    search_document("料理教室（男性向け）", "ゲームの日！", "ｶﾌｪ de 学習", "茶"),
    search_document("碁", "本", "a", "ok 1丁目", "サロン・ド・茶話会"),
]


def test_only_letters_and_digits_use_the_index():
    assert gram_query("食堂") == "食堂" and gram_query("茶") == "茶:*"
    assert gram_query("子ども") == "子ど & ども" and gram_query("a") is None
    assert not indexable("・") and not indexable("a-") and indexable("1丁")
    assert fts_query("食堂") == '"食堂"' and fts_query("茶") == '"茶"*' and fts_query("子ども") == '"子ど" "ども"'
    assert fts_query("a") is None and fts_query("・") is None


def test_only_one_or_two_kana_or_kanji_skip_the_like():
    assert exact("食堂") and exact("茶") and exact("げむ")
    assert not exact("居場所")  # 居場 and 場所 apart are not 居場所
    assert not exact("ok") and not exact("1丁") and not exact("Ａ") and not exact("・")


def test_the_pairs_of_a_document_as_sqlite_computes_them():
    assert search_grams("子ども食堂") == "子ど ども も食 食堂 堂"
    assert search_grams("") == "" and search_grams(None) is None


def test_every_short_term_of_a_document_is_found_through_its_pairs(db_session, dialect):
    if dialect != "postgresql":
        pytest.skip("the pair index is PostgreSQL's")
    checked = 0
    for document in DOCUMENTS:
        padded = f" {document} "
        terms = {padded[i : i + n] for n in (1, 2) for i in range(len(padded) - n + 1)}
        for term in sorted(t for t in terms if gram_query(t)):
            found = db_session.scalar(
                text("SELECT tsunagu_search_grams(:doc) @@ to_tsquery('simple', :q)"),
                {"doc": padded, "q": gram_query(term)},
            )
            assert found, (term, document)
            checked += 1
        # one or two kana or kanji: the pairs say exactly which documents hold the term
        for term in ("食堂", "茶", "碁", "将棋", "料理", "本", "堂", "子ど", "話会", "ほっ"):
            found = db_session.scalar(
                text("SELECT tsunagu_search_grams(:doc) @@ to_tsquery('simple', :q)"),
                {"doc": padded, "q": gram_query(term)},
            )
            assert found == (term in padded), (term, document)
    assert checked > 100


@pytest.mark.parametrize("word", ["食堂", "茶", "碁", "料理"])
def test_a_short_word_finds_the_same_entries_with_the_index(db_session, word):
    named = make_service(db_session, name=f"みんなの{word}の会")
    described = make_service(db_session, name="ひだまり", description=f"毎週{word}をします")
    make_service(db_session, name="ほかの集まり", description="体操")
    found = search_services(db_session, SearchParams(q=word), cached=False)
    assert [h.service.id for h in found.hits] == [named.id, described.id]  # the name's match first
    assert normalize(word) == word and found.total == 2


def _found(db_session, word):
    return {h.service.id for h in search_services(db_session, SearchParams(q=word, per_page=50), cached=False).hits}


def test_one_or_two_characters_find_exactly_what_the_like_finds(db_session):
    """Without the LIKE, the pair index alone answers a one- or two-kana/kanji search: on both databases it must
    find every entry whose document holds the term, and no other."""
    services = [make_service(db_session, name=name, description=description) for name, description in NAMES]
    documents = {s.id: s.search_text for s in services}
    terms = {d[i : i + n] for d in documents.values() for n in (1, 2) for i in range(len(d) - n + 1)}
    checked = 0
    for term in sorted(t for t in terms | {"碁石", "茶碗", "堂々"} if exact(t) and query_terms(t) == [t]):
        expected = {i for i, document in documents.items() if term in document}
        assert _found(db_session, term) & set(documents) == expected, term
        checked += 1
    assert checked > 40


def test_the_sqlite_pair_index_follows_every_write_of_a_service(db_session, dialect):
    """Insert, change of text and delete all reach the pair index (triggers on SQLite, the side table's trigger on
    PostgreSQL): a search finds an entry by its new words only, and nothing once it is gone."""
    service = make_service(db_session, name="将棋の会", description="毎週土曜")
    assert _found(db_session, "将棋") == {service.id}
    service.name, service.description = "囲碁の会", "毎週日曜"
    refresh_search_text(db_session, [service.id])
    assert _found(db_session, "囲碁") == {service.id} and _found(db_session, "将棋") == set()
    assert _found(db_session, "土") == set() and _found(db_session, "日曜") == {service.id}
    if dialect == "sqlite":
        indexed = "SELECT count(*) FROM services_search_grams WHERE services_search_grams MATCH :q"
        assert db_session.scalar(text(indexed), {"q": '"囲碁"'}) == 1
    db_session.execute(text("DELETE FROM service_at_locations WHERE service_id = :id"), {"id": service.id})
    db_session.execute(text("DELETE FROM service_taxonomy_terms WHERE service_id = :id"), {"id": service.id})
    db_session.execute(text("DELETE FROM services WHERE id = :id"), {"id": service.id})
    if dialect == "sqlite":
        assert db_session.scalar(text(indexed), {"q": '"囲碁"'}) == 0
    assert _found(db_session, "囲碁") == set()


NAMES = [
    ("子ども食堂 にじいろ", "お茶とお菓子を囲んでおしゃべり、茶話会"),
    ("囲碁・将棋クラブ", "碁盤を囲む。初心者の方も"),
    ("料理教室（男性向け）", "ゲームの日！ 食堂で"),
    ("本の会", "絵本の読み聞かせ、堂々と"),
]
