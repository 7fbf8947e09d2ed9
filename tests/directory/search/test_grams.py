"""The pair index (migration 0025) finds every entry a one- or two-character term is in, on real PostgreSQL:
it may only narrow the LIKE, never hide an entry from it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from directory.search.grams import gram_query, indexable
from directory.search.params import SearchParams
from directory.search.query import search_services
from i18n.normalize import normalize, search_document
from tests.factories import make_service

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
