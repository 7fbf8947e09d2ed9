"""Entries' own text in the reader's language: requested → やさしい日本語 → Japanese, with a visible note."""

from __future__ import annotations

from dataclasses import dataclass

from directory.catalog.indexing import refresh_search_text
from directory.models import ServiceTranslation
from i18n.content import choose_field
from tests.factories import make_service


@dataclass
class Row:
    field: str
    locale: str
    value: str
    is_machine: bool = False
    reviewed: bool = True
    source_text: str | None = None


def test_a_translation_of_an_older_japanese_text_is_outdated():
    rows = [Row("name", "pt-BR", "Café", source_text="喫茶"), Row("name", "en", "Tea room", source_text="喫茶室")]
    assert not choose_field("喫茶", rows, "name", "pt-BR").outdated
    assert choose_field("喫茶", rows, "name", "en").outdated


def test_choose_field_follows_the_chain():
    rows = [Row("name", "pt-BR", "Café"), Row("name", "ja-x-easy", "カフェ"), Row("description", "en", "About")]
    assert choose_field("喫茶", rows, "name", "pt-BR").text == "Café"
    easy = choose_field("喫茶", rows, "name", "vi")
    assert (easy.text, easy.locale, easy.is_fallback) == ("カフェ", "ja-x-easy", True)
    original = choose_field("説明", rows, "description", "ko")
    assert (original.text, original.locale, original.is_fallback) == ("説明", "ja", True)
    japanese = choose_field("喫茶", rows, "name", "ja")
    assert (japanese.text, japanese.is_fallback) == ("喫茶", False)


def test_blank_translation_never_hides_the_original():
    rows = [Row("name", "en", "   "), Row("name", "ja-x-easy", "")]
    assert choose_field("喫茶", rows, "name", "en").text == "喫茶"


def _translate(session, service, locale, field, value, *, machine=False, reviewed=True):
    session.add(
        ServiceTranslation(
            service=service, locale=locale, field=field, value=value, is_machine=machine, reviewed=reviewed
        )
    )
    session.flush()


def test_detail_page_shows_the_translation_and_marks_machine_translation(client, db_session):
    service = make_service(db_session, name="みんなの食堂", description="だれでも来られる食堂です。")
    _translate(db_session, service, "pt-BR", "name", "Refeitório de Todos")
    _translate(
        db_session, service, "pt-BR", "description", "Um refeitório aberto a todos.", machine=True, reviewed=False
    )
    html = client.get(f"/services/{service.id}?lang=pt_BR").get_data(as_text=True)
    assert '<span lang="pt-BR">Refeitório de Todos</span>' in html
    assert '<p class="description" lang="pt-BR">Um refeitório aberto a todos.</p>' in html
    assert "Tradução automática (ainda não revisada)" in html
    assert "<title>Refeitório de Todos" in html


def test_fallback_to_easy_japanese_then_original_is_said_in_the_readers_language(client, db_session):
    service = make_service(db_session, name="みんなの食堂", description="だれでも来られる食堂です。")
    _translate(db_session, service, "ja-x-easy", "description", "だれでも 来られる 食堂です。")
    html = client.get(f"/services/{service.id}?lang=vi").get_data(as_text=True)
    assert '<span lang="ja">みんなの食堂</span>' in html
    assert "Nguyên văn tiếng Nhật" in html  # 日本語の原文, in Vietnamese
    assert '<p class="description" lang="ja-x-easy">だれでも 来られる 食堂です。</p>' in html
    assert "Bằng tiếng Nhật dễ hiểu" in html


def test_japanese_readers_see_no_note(client, db_session):
    service = make_service(db_session, name="みんなの食堂")
    _translate(db_session, service, "en", "name", "Everyone's Kitchen", machine=True, reviewed=False)
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "みんなの食堂" in html and "content-note" not in html


def test_result_list_shows_translated_names(client, db_session):
    service = make_service(db_session, name="みんなの食堂")
    _translate(db_session, service, "en", "name", "Everyone's Kitchen")
    html = client.get("/?lang=en").get_data(as_text=True)
    assert f'href="/services/{service.id}" lang="en">Everyone&#39;s Kitchen</a>' in html


def test_search_finds_an_entry_by_its_translation(client, db_session):
    service = make_service(db_session, name="みんなの食堂", description="地域の食堂です。")
    other = make_service(db_session, name="将棋クラブ")
    _translate(db_session, service, "pt-BR", "description", "Refeição comunitária para famílias")
    refresh_search_text(db_session, [service.id])
    html = client.get("/?q=refeicao&lang=pt_BR").get_data(as_text=True)
    assert f"/services/{service.id}" in html
    assert f"/services/{other.id}" not in html


def test_api_serves_easy_japanese_though_babel_formats_it_as_japanese(client, db_session):
    service = make_service(db_session, name="子ども食堂ひまわり")
    _translate(db_session, service, "ja-x-easy", "name", "こども しょくどう ひまわり")
    body = client.get(f"/api/v1/services/{service.uuid}?lang=ja-x-easy").get_json()
    assert body["name"] == "こども しょくどう ひまわり"
    assert body["tsunagu_locale"]["name"] == "ja-x-easy"
