"""Search normalisation (i18n.normalize): what a resident types must find what a group wrote."""

from __future__ import annotations

import ast
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n.normalize import FIELD_SEPARATOR, normalize, query_terms, search_document
from i18n.variants import SPELLING_VARIANTS
from tests.paths import PROJECT

I18N = PROJECT / "i18n"


def finds(query: str, document: str) -> bool:
    """What the search does: every query term is a substring of the normalised document."""
    terms = query_terms(query)
    return bool(terms) and all(term in document for term in terms)


# --- width, case and accents -------------------------------------------------------------------------------


def test_full_width_ascii_and_digits_become_half_width_lower_case() -> None:
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("ＴＥＬ：０３－１２３４－５６７８") == "tel 03-1234-5678"


def test_half_width_katakana_matches_full_width() -> None:
    assert normalize("ｺﾄﾞﾓｼｮｸﾄﾞｳ") == normalize("コドモショクドウ")
    assert normalize("ｶﾞｯｺｳ") == normalize("ガッコウ")


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("refeição gratuita", "refeicao gratuita"),
        ("Comida para crianças", "comida para criancas"),
        ("Cơm miễn phí cho trẻ em", "com mien phi cho tre em"),
        ("Đà Nẵng", "da nang"),
        ("Straße", "strasse"),
        ("CAFÉ", "cafe"),
    ],
)
def test_latin_accents_and_case_do_not_matter(written: str, typed: str) -> None:
    assert normalize(written) == normalize(typed)


def test_accent_stripping_leaves_other_scripts_alone() -> None:
    assert normalize("खाना") == "खाना"  # Nepali vowel signs are combining marks, but part of the word
    assert normalize("무료 식당") == "무료 식당"
    assert normalize("免费食堂") == "免费食堂"


# --- kana --------------------------------------------------------------------------------------------------


def test_katakana_and_hiragana_match() -> None:
    assert normalize("サロン") == normalize("さろん")
    assert normalize("ボランティア募集") == normalize("ぼらんてぃあ募集")
    assert finds("ぼらんてぃあ", normalize("【ボランティア募集】畑のお手伝い"))


def test_vu_stays_a_vu() -> None:
    assert normalize("ヴァイオリン教室") == normalize("ゔぁいおりん教室")
    assert normalize("ヴァイオリン") != normalize("バイオリン")


def test_small_kana_fold_to_large() -> None:
    assert normalize("ボランティア") == normalize("ボランテイア")
    assert normalize("きっぷ") == normalize("きつぷ")
    assert normalize("しょくじ") == normalize("しよくじ")


def test_small_ke_in_counters_and_place_names_is_ka() -> None:
    assert normalize("月1ヶ月") == normalize("月1か月") == normalize("月1カ月") == normalize("月1ケ月")
    assert normalize("霞ヶ関") == normalize("霞ケ関")


def test_long_vowel_marks_after_kana_are_dropped_in_every_dash_form() -> None:
    forms = ["コーヒー", "コーヒ", "こーひー", "ｺｰﾋｰ", "コ－ヒ－", "コ―ヒ―", "コ‐ヒ‐", "コ—ヒ—", "コ–ヒ–"]
    assert {normalize(f) for f in forms} == {normalize("コーヒー")}


def test_dashes_outside_kana_become_a_hyphen() -> None:
    assert normalize("1ー2ー3") == normalize("1－2－3") == normalize("1‐2‐3") == "1-2-3"
    assert normalize("03−1234−5678") == "03-1234-5678"


def test_wave_dash_separates_words() -> None:
    assert normalize("15時〜19時") == normalize("15時～19時") == "15時 19時"
    assert normalize("はーい〜") == normalize("はい")


def test_iteration_marks() -> None:
    assert normalize("いすゞ") == normalize("いすず")
    assert normalize("こゝろ") == normalize("こころ")
    assert normalize("ミスヾ") == normalize("みすず")
    assert normalize("人々の集い") == "人々の集い"


def test_separately_typed_voice_marks_join_their_kana() -> None:
    assert normalize("か゛っこう") == normalize("がっこう")
    assert normalize("ハ゜ン") == normalize("パン")


# --- punctuation and whitespace ------------------------------------------------------------------------------


def test_punctuation_without_search_meaning_becomes_space() -> None:
    assert normalize("「みんなの食卓」（無料）！") == "みんなの食卓 無料"
    assert normalize("【募集】畑・料理、遊び。") == "募集 畑 料理 遊び"
    assert normalize("Help? Yes! [now]") == "help yes now"


def test_numbers_times_and_addresses_keep_their_punctuation() -> None:
    assert normalize("１，０００円") == normalize("1000円")
    assert normalize("15:00〜17:30") == "15:00 17:30"
    assert normalize("4/1（水）") == "4/1 水"
    assert normalize("1.5km") == "1.5km"
    assert normalize("info@example.jp") == "info@example.jp"
    assert normalize("参加費50%オフ #子ども食堂") == normalize("参加費50%おふ #子供食堂")


def test_whitespace_of_every_kind_collapses() -> None:
    assert normalize("  子ども食堂\u3000\u3000無料\t\n毎週  ") == "子供食堂 無料 毎週"


def test_emoji_and_invisible_characters_are_dropped() -> None:
    assert normalize("🍙子ども食堂🍙") == normalize("子ども食堂")
    assert normalize("子ども\u200b食堂") == normalize("子ども食堂")
    assert normalize("葛\U000e0100飾") == normalize("葛飾")


def test_old_kanji_forms_match_the_everyday_ones() -> None:
    assert normalize("髙橋") == normalize("高橋")
    assert normalize("山﨑") == normalize("山崎")


# --- spelling variants -------------------------------------------------------------------------------------


def test_every_spelling_of_kodomo_shokudo_is_the_same() -> None:
    spellings = ["ｺﾄﾞﾓ食堂", "子供食堂", "こども食堂", "子ども食堂", "コドモショクドウ", "こどもしょくどう"]
    assert len({normalize(s) for s in spellings}) == 1


def test_shokudo_finds_kodomo_shokudo() -> None:
    assert normalize("食堂") in normalize("子ども食堂")
    assert finds("食堂", search_document("子ども食堂 みんなのテーブル"))
    assert finds("しょくどう", search_document("子ども食堂"))
    assert finds("こども", search_document("地域の子ども食堂"))


def test_kodomotachi() -> None:
    assert len({normalize(s) for s in ["子供達", "子どもたち", "こどもたち", "子ども達", "コドモタチ"]}) == 1
    assert finds("子ども", search_document("子どもたちの居場所"))


@pytest.mark.parametrize(
    "spellings",
    [
        ["申し込み", "申込み", "申込", "もうしこみ"],
        ["受付", "受け付け", "受付け"],
        ["取組", "取り組み", "取組み"],
        ["付添", "付き添い", "付添い"],
        ["話し合い", "話合い", "はなしあい"],
        ["集い", "つどい"],
        ["居場所", "いばしょ", "イバショ"],
        ["問い合わせ", "問合せ", "問い合せ"],
        ["引きこもり", "ひきこもり", "引き籠もり", "ヒキコモリ"],
        ["障害", "障がい", "障碍"],
    ],
)
def test_okurigana_and_kana_spellings_meet(spellings: list[str]) -> None:
    assert len({normalize(s) for s in spellings}) == 1


def test_verb_forms_follow_the_folded_stem() -> None:
    assert normalize("申し込む") == normalize("申込む")
    assert finds("申し込み", search_document("電話で申込ください"))


def test_otetsudai_still_contains_tetsudai() -> None:
    assert normalize("手伝い") in normalize("お手伝い")
    assert finds("てつだい", search_document("畑のお手伝い"))


def test_different_words_stay_different() -> None:
    assert normalize("高齢者") != normalize("お年寄り")
    assert normalize("学習支援") != normalize("学習サポート")
    assert normalize("おばあさん") != normalize("おばさん")


def test_every_variant_normalises_to_its_canonical_form() -> None:
    for canonical, sources in SPELLING_VARIANTS.items():
        for source in sources:
            assert normalize(source) == normalize(canonical), source


# --- idempotence -------------------------------------------------------------------------------------------

PIECES = sorted(
    {s for c, sources in SPELLING_VARIANTS.items() for s in (c, *sources)}
    | set("あいうえおかがきくけこさしすそたちつてともどんはばぱひふへほまみむもやゆよりるれろわをんゔ")
    | set("ぁぃぅぇぉっゃゅょゎゕゖ")
    | set("アカガケヶヵヴヷヽヾァッャｶｹｰﾞﾟ")
    | set("゛゜\u3099\u309aゝゞ々〻一子供食堂達込付添組手伝")
    | set("ー－-―‐‑–—−〜～~・、。「」()|'’")
    | set("0123456789,.:/ abcdéơđ\u0301\u3000\u200d\ufe0f\U0001f359")
)
jp_text = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@given(st.text())
def test_normalize_is_idempotent_on_any_text(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=1000)
@given(jp_text)
def test_normalize_is_idempotent_on_japanese_looking_text(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def test_normalize_is_idempotent_on_every_pair_of_pieces() -> None:
    for a in PIECES:
        for b in PIECES:
            once = normalize(a + b)
            assert normalize(once) == once, a + b


@given(st.one_of(st.text(), jp_text))
def test_normalised_text_never_contains_the_field_separator(text: str) -> None:
    assert "|" not in normalize(text)
    assert all("|" not in term for term in query_terms(text))


# --- empty input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", [None, "", "   ", "\u3000", "・、。！？", "🍙"])
def test_empty_input(empty: str | None) -> None:
    assert normalize(empty) == ""
    assert query_terms(empty) == []
    assert search_document(empty, empty) == ""


# --- query_terms -------------------------------------------------------------------------------------------


def test_query_terms_split_on_full_width_space() -> None:
    assert query_terms("子ども食堂　無料") == [normalize("子ども食堂"), normalize("無料")]


def test_query_terms_drop_duplicates_and_keep_order() -> None:
    assert query_terms("無料 子ども 無料 こども 子供") == [normalize("無料"), normalize("子ども")]


@pytest.mark.parametrize(
    "quoted", ['"子ども 食堂" 無料', "「子ども　食堂」無料", "『子ども 食堂』 無料", "“子ども 食堂” 無料"]
)
def test_quoted_phrase_stays_one_term(quoted: str) -> None:
    assert query_terms(quoted) == [normalize("子ども 食堂"), normalize("無料")]


def test_quoted_phrase_finds_words_only_side_by_side() -> None:
    assert finds('"子ども 食堂"', search_document("子ども 食堂"))
    assert not finds('"子ども 食堂"', search_document("子ども 学習 食堂"))
    assert finds("子ども 食堂", search_document("子ども 学習 食堂"))


def test_unbalanced_quote_is_ignored() -> None:
    assert query_terms('"子ども 食堂') == [normalize("子ども"), normalize("食堂")]


# --- search_document ---------------------------------------------------------------------------------------


def test_search_document_normalises_every_field() -> None:
    document = search_document("ｺﾄﾞﾓ食堂 ひだまり", None, "Refeição para crianças", "", "NPO法人つなぐ")
    assert finds("子ども食堂", document)
    assert finds("refeicao", document)
    assert finds("ＮＰＯ", document)


def test_a_term_never_matches_across_two_fields() -> None:
    document = search_document("みんなのこども", "食堂町1-2-3")
    assert finds("こども", document)
    assert finds("食堂町", document)
    assert not finds("こども食堂", document)
    assert not finds('"こども 食堂"', document)


def test_search_document_keeps_identical_fields_once() -> None:
    assert search_document("サロン", "さろん", "サロン") == normalize("サロン")
    assert search_document("サロン", "Salon") == FIELD_SEPARATOR.join([normalize("サロン"), "salon"])


# --- package boundary --------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["normalize.py", "variants.py"])
def test_normalisation_imports_only_the_standard_library(module: str) -> None:
    tree = ast.parse((I18N / module).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    foreign = {name for name in imported if name.split(".")[0] not in sys.stdlib_module_names}
    assert foreign <= {"i18n.variants"}


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        # a ー or ゝ after the replaced word would be read differently on a second pass
        ({"こども": ("子供",)}, "ends in non-kana"),
        ({"子供": ("こども",), "子ども": ("こども",)}, "two canonical forms"),
        # as long as its canonical form and made of its characters: repeating might never settle
        ({"子供": ("供子",)}, "must be longer"),
        ({"子ども会": ("こども会",), "子供": ("子ども",)}, "contains a variant source"),
    ],
)
def test_a_variant_table_that_would_break_idempotence_is_refused(
    table: dict[str, tuple[str, ...]], problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import i18n.normalize

    monkeypatch.setattr(i18n.normalize, "SPELLING_VARIANTS", table)
    with pytest.raises(ValueError, match=problem):
        i18n.normalize._build_variants()
