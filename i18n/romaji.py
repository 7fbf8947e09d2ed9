"""Japanese names for readers of other languages: `romaji("ほんちょう")` → "honchō" (modified Hepburn, as on
Japanese road signs), and `place_label("本町地区", "pt_BR")` → "Honchō Chiku (本町地区)" — the name read in
context (`i18n.readings`) so that a resident can both say it and match it to the sign."""

from __future__ import annotations

import re

from i18n.readings import hiragana, segments, word_segments

_DIGRAPHS = {
    "きゃ": "kya", "きゅ": "kyu", "きょ": "kyo", "しゃ": "sha", "しゅ": "shu", "しょ": "sho", "ちゃ": "cha",
    "ちゅ": "chu", "ちょ": "cho", "にゃ": "nya", "にゅ": "nyu", "にょ": "nyo", "ひゃ": "hya", "ひゅ": "hyu",
    "ひょ": "hyo", "みゃ": "mya", "みゅ": "myu", "みょ": "myo", "りゃ": "rya", "りゅ": "ryu", "りょ": "ryo",
    "ぎゃ": "gya", "ぎゅ": "gyu", "ぎょ": "gyo", "じゃ": "ja", "じゅ": "ju", "じょ": "jo", "ぢゃ": "ja", "ぢゅ": "ju",
    "ぢょ": "jo", "びゃ": "bya", "びゅ": "byu", "びょ": "byo", "ぴゃ": "pya", "ぴゅ": "pyu", "ぴょ": "pyo",
    "ふぁ": "fa", "ふぃ": "fi", "ふぇ": "fe", "ふぉ": "fo", "てぃ": "ti", "でぃ": "di", "うぃ": "wi", "うぇ": "we",
    "しぇ": "she", "じぇ": "je", "ちぇ": "che", "ゔぁ": "va", "ゔぃ": "vi", "ゔぇ": "ve", "ゔぉ": "vo",
}  # a table read as a table: seven digraphs a line  # fmt: skip
_SINGLE = dict(
    zip(
        "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
        "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔぁぃぅぇぉゃゅょゎ",
        "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo "
        "ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po "
        "vu a i u e o ya yu yo wa".split(),
        strict=True,
    )
)
_LONG = {"a": "ā", "i": "ī", "u": "ū", "e": "ē", "o": "ō"}
_LONG_PAIRS = re.compile("ou|oo|uu|aa|ō[ou]")


def romaji(kana: str) -> str:
    """Hiragana or katakana in modified Hepburn: long o and u with a macron (ō, ū), っ doubles the next consonant
    (tch for ch), ん is n (n' before a vowel or y). Characters that are not kana pass through."""
    text = hiragana(kana)
    out: list[str] = []
    double = False
    index = 0
    while index < len(text):
        pair, char = text[index : index + 2], text[index]
        syllable = _DIGRAPHS.get(pair)
        step = 2 if syllable else 1
        if syllable is None:
            if char == "っ":
                double, index = True, index + 1
                continue
            if char == "ー":
                if out and out[-1][-1:] in _LONG:
                    out[-1] = out[-1][:-1] + _LONG[out[-1][-1]]
                index += 1
                continue
            syllable = _SINGLE.get(char, char)
        if double and syllable[:1].isalpha() and syllable[0] not in "aiueon":
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
        double = False
        if out and out[-1] == "n" and syllable[:1] in ("a", "i", "u", "e", "o", "y"):
            out[-1] = "n'"
        out.append(syllable)
        index += step
    joined = "".join(out)
    return _LONG_PAIRS.sub(lambda match: _LONG[match.group()[0] if match.group()[0] != "ō" else "o"], joined)


_SUFFIX_WORDS = frozenset(
    ("地区", "中学校区", "小学校区", "中学校", "小学校", "地域", "学区", "区", "市", "町内会", "自治会")
)
"""Words of an area name written apart, as on signs: Honchō Chiku, Tsunagu Chūgakkōku; the rest run together
(緑が丘 Midorigaoka, 第一 Daiichi)."""


def romanized(name: str) -> str:
    """A name read in context and written in romaji: 本町地区 → Honchō Chiku, 緑が丘 → Midorigaoka."""
    written: list[str] = []
    for base, reading in word_segments(name):
        text = romaji(reading or base)
        if base in _SUFFIX_WORDS or not written or text[:1].isspace():
            written.append(text.strip())
        else:
            written[-1] += text
    return " ".join(word[:1].upper() + word[1:] for word in " ".join(written).split())


def place_label(name: str, locale: str, *, text: bool = False) -> str:
    """How a place name (地区, 中学校区) is shown in a language: as is in Japanese, with its reading in
    やさしい日本語 where furigana cannot go (an <option>: 本町地区（ほんちょうちく）; `text=True` for page text, which
    gets furigana), and romanised with the Japanese in brackets elsewhere (Honchō Chiku (本町地区))."""
    if locale == "ja" or not re.search("[\u3400-\u9fff]", name):
        return name
    if locale == "ja_x_easy":
        if text:
            return name
        reading = "".join(reading or base for base, reading in segments(name))
        return f"{name}（{reading}）" if reading != name else name
    return f"{romanized(name)} ({name})"
