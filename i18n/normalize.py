"""Japanese-aware text normalisation for search: one function for indexed text and for queries.

Entries and queries are written many ways (表記ゆれ): ｺﾄﾞﾓ食堂 / 子供食堂 / こども食堂, ＡＢＣ / abc, コーヒー /
コーヒ, refeição / refeicao. Search is substring-based (LIKE, FTS5 trigram, pg_trgm) over a normalised column,
so `normalize` must be deterministic, idempotent (normalize(normalize(x)) == normalize(x)) and keep substrings
meaningful: normalize("食堂") is a substring of normalize("子ども食堂").

The rules, in order:

1. ゛゜ typed as separate characters become combining marks, so か゛ is が.
2. NFKC (full-width ASCII/digits → half-width, half-width katakana → full-width, ① → 1, ㈱ → (株)),
   then casefold (English, Portuguese, Vietnamese, Tagalog …).
3. Katakana ケ between a digit/kanji and a kanji is the counter/particle か (一ケ月, 霞ケ関).
4. One translation table:
   - Latin diacritics stripped (cơm → com, refeição → refeicao, đ → d);
   - katakana → hiragana (ヴ → ゔ, ヷ → ゔあ), small kana → large (ぁぃぅぇぉっゃゅょゎゕゖ → あいうえおつやゆよわかけ;
     ヶ/ヵ → か, see variants.KATAKANA_SPECIAL), ヽヾ → ゝゞ, a few 旧字体 → 新字体 (髙 → 高);
   - dashes of every kind (ー - － ― ‐ ‑ – — ｰ −) → one long-vowel mark, handled in step 6;
   - wave dashes (〜 ～ ~) and punctuation/symbols without search meaning (・、。「」『』（）[]【】!? ★ ♪ 〒 emoji …)
     → space; apostrophes, zero-width characters and variation selectors deleted; # $ % & + @ _ kept.
5. , : / are kept only between digits (15:00, 4/1, 第1,3水曜) and . only between ASCII letters/digits (1.5km,
   info@example.jp); a thousands comma is dropped (1,000円 → 1000円); elsewhere they separate words.
6. Long-vowel marks directly after kana are removed (コーヒー, コーヒ and こーひー all become こひ); any other
   dash becomes "-" (03-1234-5678, 1ー2ー3 → 1-2-3). Vowel kana are never removed, so こおひい stays apart:
   dropping them would merge words like おばあさん/おばさん.
7. Kana iteration marks are expanded (いすゞ → いすず, こゝろ → こころ); 々 is kept.
8. Spelling variants (variants.SPELLING_VARIANTS) → one canonical form (子ども/子供/こども → 子供,
   申し込み/申込み → 申込), longest variant first, repeated until nothing changes.
9. Whitespace of every kind (incl. U+3000) collapsed to single spaces, ends stripped.

This module and its data (i18n.variants) use the standard library only: no Flask, nothing else of tsunagu.
"""

from __future__ import annotations

import re
import unicodedata

from i18n.variants import (
    APOSTROPHES,
    DASHES,
    KANJI_VARIANTS,
    KATAKANA_SPECIAL,
    KEEP_SYMBOLS,
    LATIN_LETTERS,
    SMALL_KANA,
    SPELLING_VARIANTS,
    WAVE_DASHES,
)

__all__ = ["FIELD_SEPARATOR", "normalize", "query_terms", "search_document", "split_words"]

FIELD_SEPARATOR = " | "
"""Joins the fields of a search document. `normalize` turns "|" into a space, so no term contains it and a
term can never match across two fields."""

_LONG_MARK = "ー"
_KANA = "\u3041-\u309f"
"""Hiragana block after folding: letters, ゔ, ゝゞ (what a long-vowel mark may follow)."""
_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〇"
_COMBINING_RANGES = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0xE0000, 0xE007F))
_EMOJI_RANGES = ((0x1F000, 0x1FAFF),)

_STRAY_VOICE_MARKS = str.maketrans({"\u3099": None, "\u309a": None})


def _build_width_table() -> dict[int, str]:
    """NFKC of the Halfwidth and Fullwidth Forms block and U+3000, character by character; ゛゜ become the
    combining marks instead (NFKC would make them a space plus a mark), so か゛ is が."""
    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in (0x3000, *range(0xFF01, 0xFFEF))}
    table.update({ord("゛"): "\u3099", ord("゜"): "\u309a"})
    return {cp: value for cp, value in table.items() if value != chr(cp)}


_WIDTH = _build_width_table()
_VOICE_PAIR = re.compile("[\u3041-\u30ff][\u3099\u309a]")
_COMPOSED_KANA = {
    pair: unicodedata.normalize("NFC", pair)
    for pair in (chr(cp) + mark for cp in range(0x3041, 0x3100) for mark in "\u3099\u309a")
    if len(unicodedata.normalize("NFC", pair)) == 1
}


def _strip_latin(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not _is_combining(ord(c)))
    return LATIN_LETTERS.get(base, base).casefold()


def _is_combining(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _COMBINING_RANGES)


def _build_table() -> dict[int, str | None]:
    """The one translation table of step 4 (built once at import, ~65k code points)."""
    table: dict[int, str | None] = {}
    code_points = [*range(0x10000), *(cp for lo, hi in _EMOJI_RANGES for cp in range(lo, hi + 1))]
    for cp in code_points:
        category = unicodedata.category(chr(cp))
        if category in ("Cf", "Cs"):
            table[cp] = None
        elif category == "Cc" or category[0] == "Z":
            table[cp] = " "
        elif category[0] in "PS" and category != "Sc" and chr(cp) not in KEEP_SYMBOLS:
            table[cp] = " "
    for lo, hi in (*_COMBINING_RANGES, *_VARIATION_SELECTORS):
        table.update(dict.fromkeys(range(lo, hi + 1)))
    for lo, hi in ((0x00C0, 0x024F), (0x1E00, 0x1EFF)):
        for cp in range(lo, hi + 1):
            stripped = _strip_latin(chr(cp))
            if stripped != chr(cp):
                table[cp] = stripped
    table.update({ord(k): v for k, v in LATIN_LETTERS.items()})
    for cp in range(0x30A1, 0x30F7):
        hiragana = chr(cp - 0x60)
        table[cp] = SMALL_KANA.get(hiragana, hiragana)
    table.update({ord(k): v for k, v in (SMALL_KANA | KATAKANA_SPECIAL | KANJI_VARIANTS).items()})
    table.update(dict.fromkeys(map(ord, DASHES), _LONG_MARK))
    table.update(dict.fromkeys(map(ord, WAVE_DASHES), " "))
    table.update(dict.fromkeys(map(ord, APOSTROPHES)))
    return table


_TABLE = _build_table()

_COUNTER_KE = re.compile(f"(?<=[0-9{_KANJI}])ケ(?=[{_KANJI}])")
_THOUSANDS_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
# Each pattern starts with the character it replaces, so the regex engine can skip ahead to it.
_LOOSE_PUNCT = re.compile(r"\.(?:(?<![0-9a-z]\.)|(?![0-9a-z]))|[,:/](?:(?<![0-9].)|(?![0-9]))")
_LONG_AFTER_KANA = re.compile(f"{_LONG_MARK}(?<=[{_KANA}]{_LONG_MARK}){_LONG_MARK}*")
_LONG_OTHER = re.compile(f"{_LONG_MARK}+")
_ITERATION = re.compile("([\u3041-\u3096])([ゝゞ]+)")

_VOICED = dict(
    zip(
        "かきくけこさしすせそたちつてとはひふへほう",
        "がぎぐげござじずぜぞだぢづでどばびぶべぼゔ",
        strict=True,
    )
)
_VOICED.update({"ぱ": "ば", "ぴ": "び", "ぷ": "ぶ", "ぺ": "べ", "ぽ": "ぼ"})
_UNVOICED = {v: k for k, v in _VOICED.items() if k not in "ぱぴぷぺぽ"}
_UNVOICED.update({"ぱ": "は", "ぴ": "ひ", "ぷ": "ふ", "ぺ": "へ", "ぽ": "ほ"})


def _expand_iteration(match: re.Match[str]) -> str:
    base = match.group(1)
    plain = _UNVOICED.get(base, base)
    return base + "".join(_VOICED.get(plain, plain) if mark == "ゞ" else plain for mark in match.group(2))


def _compose_kana(match: re.Match[str]) -> str:
    return _COMPOSED_KANA.get(match.group(), match.group())


def _nfkc(text: str) -> str:
    """NFKC, with ゛゜ joining their kana (steps 1–2).

    CPython's NFKC costs ~90 ns a character once a string needs any change, and most Japanese text does
    (（）, full-width digits, ｶﾀｶﾅ). Mapping that block by table and composing ｶﾞ first leaves NFKC its quick
    check for most strings: the same result, about three times faster over a catalogue.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = text.translate(_WIDTH)
    if "\u3099" in text or "\u309a" in text:
        text = _VOICE_PAIR.sub(_compose_kana, text)
    return unicodedata.normalize("NFKC", text)


def _fold(text: str) -> str:
    """Steps 1–7 (everything but spelling variants and whitespace), on a non-empty string."""
    text = _nfkc(text).casefold()
    if "ケ" in text:
        text = _COUNTER_KE.sub("か", text)
    text = text.translate(_TABLE)
    if not unicodedata.is_normalized("NFC", text):
        # Deleting a character can bring a base and a combining mark together (ㇷ゚ → ふ + ゚).
        text = unicodedata.normalize("NFC", text)
    if "\u3099" in text or "\u309a" in text:
        text = text.translate(_STRAY_VOICE_MARKS)
    if "," in text:
        text = _THOUSANDS_COMMA.sub("", text)
    if "." in text or "," in text or ":" in text or "/" in text:
        text = _LOOSE_PUNCT.sub(" ", text)
    if _LONG_MARK in text:
        text = _LONG_OTHER.sub("-", _LONG_AFTER_KANA.sub("", text))
    if "ゝ" in text or "ゞ" in text:
        text = _ITERATION.sub(_expand_iteration, text)
    return text


def _ends_in_kana(text: str) -> bool:
    return bool(text) and "\u3041" <= text[-1] <= "\u309f"


def _build_variants() -> tuple[re.Pattern[str], dict[str, str]]:
    """The spelling-variant regex (longest source first) and source → canonical, both in folded form.

    Raises ValueError when the table would make `normalize` non-idempotent (see i18n.variants)."""
    replacements: dict[str, str] = {}
    canonical_chars = {ch for canonical in SPELLING_VARIANTS for ch in _fold(canonical)}
    for canonical, sources in SPELLING_VARIANTS.items():
        target = _fold(canonical)
        if target != canonical and _fold(target) != target:
            raise ValueError(f"variant {canonical!r} does not fold stably")
        for source in sources:
            key = _fold(source)
            if key == target:
                continue
            if _ends_in_kana(target) and not _ends_in_kana(key):
                raise ValueError(f"variant {source!r} ends in non-kana but its canonical {canonical!r} ends in kana")
            if len(key) < len(target) or (len(key) == len(target) and set(key) <= canonical_chars):
                raise ValueError(f"variant {source!r} must be longer than {canonical!r} or use a character it drops")
            if replacements.get(key, target) != target:
                raise ValueError(f"variant {source!r} has two canonical forms")
            replacements[key] = target
    pattern = re.compile("|".join(re.escape(k) for k in sorted(replacements, key=lambda k: (-len(k), k))))
    for target in set(replacements.values()):
        if pattern.search(target):
            raise ValueError(f"canonical form {target!r} contains a variant source")
    return pattern, replacements


_VARIANT_PATTERN, _VARIANT_REPLACEMENTS = _build_variants()


def _canonical(match: re.Match[str]) -> str:
    return _VARIANT_REPLACEMENTS[match.group()]


def normalize(text: str | None) -> str:
    """Search form of `text` (see the module docstring for the rules); "" for None or blank.

    Applied to indexed fields and to queries alike, so both sides meet whatever the spelling; the result is
    for matching only and is never shown.
    """
    if not text:
        return ""
    text = _fold(text)
    # Repeat until nothing changes: a replacement can complete a longer variant with the text after it
    # (うけつけ + け → 受付 + け = 受付け). Terminates because every replacement shortens the text or removes a
    # character no canonical form contains (御飯 → ご飯), which _build_variants checks.
    replaced = 1
    while replaced:
        text, replaced = _VARIANT_PATTERN.subn(_canonical, text)
    return " ".join(text.split())


_QUOTED = re.compile(r'"([^"]*)"|＂([^＂]*)＂|“([^”]*)”|「([^」]*)」|『([^』]*)』')


def query_terms(query: str | None) -> list[str]:
    """The normalised search terms of a query: split on any whitespace (full-width too), each term once, in order.

    A quoted phrase ("…", “…”, 「…」, 『…』) stays one term, spaces included, so 「子ども 食堂」 asks for the
    words side by side. Every term is a substring to look for in a `search_document`.
    """
    if not query:
        return []
    terms: list[str] = []

    def add(found: list[str]) -> None:
        terms.extend(t for t in found if t and t not in terms)

    position = 0
    for match in _QUOTED.finditer(query):
        add(normalize(query[position : match.start()]).split(" "))
        add([normalize(next(g for g in match.groups() if g is not None))])
        position = match.end()
    add(normalize(query[position:]).split(" "))
    return terms


def search_document(*parts: str | None) -> str:
    """The text to index for an entry: each non-empty field normalised, joined by FIELD_SEPARATOR.

    The separator keeps fields apart, so a term never matches the end of one field and the start of the next
    (name "こども" + address "食堂町" must not match "こども食堂"). Identical fields (a name and its label in
    another language that normalise alike) are kept once, which keeps the index small.
    """
    fields: list[str] = []
    for part in parts:
        normalized = normalize(part)
        if normalized and normalized not in fields:
            fields.append(normalized)
    return FIELD_SEPARATOR.join(fields)


_WORD_SEPARATORS = re.compile(r"[、,，\s]+")


def split_words(text: str | None) -> list[str]:
    """Words typed with 、 , or spaces (interests, skills) → a list, each once, in the order typed."""
    return list(dict.fromkeys(word for word in _WORD_SEPARATORS.split(text or "") if word))
