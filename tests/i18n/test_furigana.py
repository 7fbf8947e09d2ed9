"""Furigana for やさしい日本語: readings over kanji, escaped first, only where ruby may go."""

from __future__ import annotations

from markupsafe import Markup

from i18n.furigana import rubify_html, ruby, segments
from tests.factories import make_service


def _r(base: str, reading: str) -> str:
    return f"<ruby>{base}<rp>(</rp><rt>{reading}</rt><rp>)</rp></ruby>"


def test_fixed_sentence():
    assert ruby("子ども食堂は毎週水曜日に開きます。") == (
        f"{_r('子', 'こ')}ども{_r('食堂', 'しょくどう')}は"
        f"{_r('毎週', 'まいしゅう')}{_r('水曜日', 'すいようび')}に{_r('開', 'ひら')}きます。"
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
    assert _r("本町", "ほんちょう") + _r("食堂", "しょくどう") in html  # entry content
    assert _r("場所", "ばしょ") in html  # UI text (the 場所 heading)
    assert "<title>&lt;img" in html  # the title gets no markup


def test_entry_text_on_the_page_has_ruby_over_kanji_only(client, db_session):
    """An entry's 参加条件 as a resident sees it in やさしい日本語: no reading over the ・ of 小・中学生 or the か of
    3か月 (each stood under one reading before), and 頃 after a time read ごろ."""
    service = make_service(db_session, description="小・中学生が対象。3か月ごとに、午後6時頃から。")
    html = client.get(f"/services/{service.id}?lang=ja_x_easy").get_data(as_text=True)
    assert _r("小", "しょう") + "・" + _r("中学", "ちゅうがく") in html
    assert "3か" + _r("月", "げつ") + "ごとに" in html
    assert _r("頃", "ごろ") in html
    assert "<ruby>小・" not in html and "<ruby>か月" not in html
