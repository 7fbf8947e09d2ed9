"""Broad searches stay cheap at national scale: a capped count ("1 000 件以上"), no location join when no
filter is about the place, and pages kept per catalog version that still show every change at once."""

from __future__ import annotations

from directory.public import views
from directory.search.params import SearchParams
from directory.search.query import search_services
from tests.factories import make_service


def test_count_stops_at_the_limit_and_says_there_are_more(db_session):
    for n in range(4):
        make_service(db_session, name=f"ふれあいサロン{n}", kinds=("salon",))
    capped = search_services(db_session, SearchParams(q="サロン", per_page=2), count_limit=3)
    assert (capped.total, capped.more) == (3, True)
    assert len(capped.hits) == 2
    exact = search_services(db_session, SearchParams(q="サロン", per_page=2), count_limit=10)
    assert (exact.total, exact.more) == (4, False)
    assert [h.service.id for h in exact.hits] == [h.service.id for h in capped.hits]


def test_a_search_within_a_circle_is_counted_exactly(db_session):
    for n in range(4):
        make_service(db_session, name=f"ふれあいサロン{n}", lat=35.86, lon=139.97)
    result = search_services(db_session, SearchParams(q="サロン", lat=35.86, lon=139.97, radius_km=1), count_limit=2)
    assert (result.total, result.more) == (4, False)


def test_an_entry_without_a_place_is_found_by_words(db_session):
    make_service(db_session, name="電話で話せる相談窓口", lat=None, lon=None)
    result = search_services(db_session, SearchParams(q="相談窓口"))
    assert [h.service.name for h in result.hits] == ["電話で話せる相談窓口"]
    assert result.hits[0].distance_m is None


def test_search_page_says_at_least_and_offers_the_next_page(client, db_session, monkeypatch):
    monkeypatch.setattr(views, "COUNT_LIMIT", 2)
    for n in range(3):
        make_service(db_session, name=f"ふれあいサロン{n}", kinds=("salon",))
    page = client.get("/?q=サロン&per_page=1").get_data(as_text=True)
    assert "2 件以上見つかりました" in page
    assert 'rel="next"' in page


def test_a_kept_page_shows_a_new_entry_at_once(client, db_session):
    assert "0 件見つかりました" in client.get("/?q=ひまわり畑").get_data(as_text=True)
    assert "0 件見つかりました" in client.get("/?q=ひまわり畑").get_data(as_text=True)  # now from the cache
    service = make_service(db_session, name="ひまわり畑の会")
    db_session.flush()
    page = client.get("/?q=ひまわり畑").get_data(as_text=True)
    assert "ひまわり畑の会" in page
    assert "ひまわり畑の会" in client.get(f"/services/{service.id}").get_data(as_text=True)


def test_result_list_shows_names_and_kinds_in_the_readers_language(client, db_session):
    from directory.models import ServiceTranslation

    service = make_service(db_session, name="ひだまり食堂", kinds=("kodomo_shokudo",))
    service.translations = [ServiceTranslation(locale="pt-BR", field="name", value="Refeitório Hidamari")]
    db_session.flush()
    japanese = client.get("/?q=ひだまり&lang=ja").get_data(as_text=True)
    assert "ひだまり食堂" in japanese
    assert "Refeitório Hidamari" not in japanese
    portuguese = client.get("/?q=ひだまり&lang=pt_BR").get_data(as_text=True)
    assert "Refeitório Hidamari" in portuguese
    assert "ひだまり食堂" not in portuguese
