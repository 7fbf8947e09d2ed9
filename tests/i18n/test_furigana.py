"""Furigana for やさしい日本語: readings over kanji, escaped first, only where ruby may go."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from sqlalchemy import select

from directory.catalog.name_readings import catalog_name_readings
from directory.imports.run import run_import
from directory.models import Service
from i18n.furigana import rubify_html, ruby, segments
from i18n.readings import set_user_readings, use_reading_source
from tests.factories import make_service
from tests.paths import PROJECT

REAL = PROJECT / "tests" / "data" / "real"


def _r(base: str, reading: str) -> str:
    return f"<ruby>{base}<rp>(</rp><rt>{reading}</rt><rp>)</rp></ruby>"


def test_fixed_sentence():
    assert ruby("子ども食堂は毎週水曜日に開きます。") == (
        f"{_r('子', 'こ')}ども{_r('食堂', 'しょくどう')}は"
        f"{_r('毎週水曜日', 'まいしゅうすいようび')}に{_r('開', 'ひら')}きます。"
    )


def test_kana_and_latin_text_is_left_alone():
    assert ruby("こんにちは、Tsunagu です") == "こんにちは、Tsunagu です"
    assert segments("ひらがな") == (("ひらがな", ""),)


def test_input_is_escaped_before_ruby_is_added():
    html = ruby('<script>alert("漢字")</script><img src=x onerror=alert(1)>')
    assert "<script>" not in html and "<img" not in html
    assert html.startswith("&lt;script&gt;alert(&#34;")
    assert _r("漢字", "かんじ") in html
    assert isinstance(html, Markup)


def test_markup_keeps_its_tags_and_entities():
    assert ruby(Markup("<b>地図</b> &amp; 本")) == f"<b>{_r('地図', 'ちず')}</b> &amp; {_r('本', 'ほん')}"


def test_page_rewriting_skips_what_cannot_hold_ruby():
    page = (
        '<title>地図</title><p title="地図">地図 &lt;b&gt;</p><span lang="en">地図</span>'
        "<select><option>月曜</option></select><script>var s = '<地図>';</script><ruby>地<rt>ち</rt></ruby>"
    )
    out = rubify_html(page)
    assert out == (
        f'<title>地図</title><p title="地図">{_r("地図", "ちず")} &lt;b&gt;</p><span lang="en">地図</span>'
        "<select><option>月曜</option></select><script>var s = '<地図>';</script><ruby>地<rt>ち</rt></ruby>"
    )


def test_easy_japanese_detail_page_has_furigana_on_ui_and_content_but_no_injection(client, db_session):
    name = '<img src=x onerror="alert(1)">本町食堂'
    service = make_service(db_session, name=name, description="<script>alert(1)</script>毎月開きます")
    html = client.get(f"/services/{service.id}?lang=ja_x_easy").get_data(as_text=True)
    assert "<img src=x" not in html and "<script>alert(1)" not in html
    assert "&lt;img src=x" in html and "&lt;script&gt;alert(1)" in html
    assert _r("本町食堂", "ほんちょうしょくどう") in html  # entry content: touching readings are one ruby
    assert _r("場所", "ばしょ") in html  # UI text (the 場所 heading)
    assert "<title>&lt;img" in html  # the title gets no markup


def test_entry_text_on_the_page_has_ruby_over_kanji_only(client, db_session):
    """An entry's 参加条件 as a resident sees it in やさしい日本語: no reading over the ・ of 小・中学生 or the か of
    3か月 (each stood under one reading before), and 頃 after a time read ごろ."""
    service = make_service(db_session, description="小・中学生が対象。3か月ごとに、午後6時頃から。")
    html = client.get(f"/services/{service.id}?lang=ja_x_easy").get_data(as_text=True)
    assert _r("小", "しょう") + "・" + _r("中学生", "ちゅうがくせい") in html
    assert "3か" + _r("月", "げつ") + "ごとに" in html
    assert _r("午後", "ごご") + "6" + _r("時頃", "じごろ") in html
    assert "<ruby>小・" not in html and "<ruby>か月" not in html


@pytest.fixture
def known_names():
    """Known names set by a test are gone after it; the app's catalog source is read again on the next page."""
    set_user_readings([])
    yield set_user_readings
    set_user_readings([])
    use_reading_source(catalog_name_readings)


def test_a_school_named_in_a_gakku_column_is_read_as_the_schools_kana(known_names):
    """A 学区 column says 「富谷小」; the analyser reads it とみや. The school's own name and カナ (a 公共施設 file)
    give 富谷小, 富谷小学校区 … their reading; an admin's 読み of the area 「長谷戸小学校区」 gives 長谷戸小 its
    own."""
    assert ruby("富谷小") == _r("富谷小", "とみやしょう")
    known_names(
        [
            ("渋谷区立富谷小学校", "シブヤクリツトミガヤショウガッコウ"),
            ("長谷戸小学校区", "ながやとしょうがっこうく", True),
        ]
    )
    assert ruby("臨川小;富谷小") == (f"{_r('臨川小', 'りんせんしょう')};{_r('富谷小', 'とみがやしょう')}")
    tomigaya, hasedo = _r("富谷小学校区", "とみがやしょうがっこうく"), _r("長谷戸小", "ながやとしょう")
    assert ruby("富谷小学校区と長谷戸小") == f"{tomigaya}と{hasedo}"
    assert _r("富谷中", "とみがやちゅう") not in ruby("富谷中")  # the 小's name says nothing of a 中


def test_a_name_ending_in_a_bare_chu_is_a_school_only_when_an_admin_typed_it(known_names):
    known_names([("準備中", "ジュンビチュウ"), ("長谷戸中", "ながやとちゅう", True)])
    assert ruby("長谷戸中学校区") == _r("長谷戸中学校区", "ながやとちゅうがっこうく")
    assert ruby("準備中学校") == _r("準備中学校", "じゅんびちゅうがっこう")  # the analyser's: no school 準備


def test_an_imported_facility_files_kana_reads_its_names_on_the_pages(client, db_session, known_names):
    """野々市市's 公共施設 file as imported: 名称_カナ is kept, and the park's name on its page reads すえまつ (the
    analyser alone: まっしょう) and 粟田 あわだ (alone: あわた)."""
    summary = run_import(db_session, "opendata", [REAL / "172120_nonoichi_public_facility.csv"])
    assert summary.created == 9
    park = db_session.scalars(select(Service).where(Service.name == "末松廃寺跡公園")).one()
    assert park.name_kana == "スエマツハイジアトコウエン"
    db_session.commit()
    use_reading_source(catalog_name_readings)
    html = client.get(f"/services/{park.id}?lang=ja_x_easy").get_data(as_text=True)
    assert "<ruby>末松廃寺跡公園<rp>(</rp><rt>すえまつ" in html
    assert ruby("粟田東公園").startswith("<ruby>粟田東公園<rp>(</rp><rt>あわだ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date's 9 and 7 are く and しち: 19日 じゅうくにち, 29日 にじゅうくにち, 27日 にじゅうしちにち
        ("肉の日(29日)", f"{_r('肉', 'にく')}の{_r('日', 'ひ')}({_r('29日', 'にじゅうくにち')})"),
        ("19日と27日", f"{_r('19日', 'じゅうくにち')}と{_r('27日', 'にじゅうしちにち')}"),
        ("15日", f"15{_r('日', 'にち')}"),
        # 何 before も, か, を, が is なに (the analyser says なん everywhere); 何でも, 何の stay なん
        (
            "問題があれば何も登録しません",
            f"{_r('問題', 'もんだい')}があれば{_r('何', 'なに')}も{_r('登録', 'とうろく')}しません",
        ),
        ("何かあれば", f"{_r('何', 'なに')}かあれば"),
        ("何でも、何の", f"{_r('何', 'なん')}でも、{_r('何', 'なん')}の"),
        ("何か月", f"{_r('何', 'なん')}か{_r('月', 'げつ')}"),
        # a bracket after 休館日 made the analyser read its 日 にち
        ("【休館日】月曜日", f"【{_r('休館日', 'きゅうかんび')}】{_r('月曜日', 'げつようび')}"),
        ("かいさい日として", f"かいさい{_r('日', 'び')}として"),
    ],
)
def test_dates_what_and_closing_days_are_read_right(text, expected):
    assert ruby(text) == expected
