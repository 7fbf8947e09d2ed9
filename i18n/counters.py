"""How a number written in digits is read with the counter after it: 1日 ついたち, 9日 ここのか, 20日 はつか,
1人 ひとり, 4時 よじ, 10分 じゅっぷん, 3階 さんがい, 1通 いっつう, 第1期 いっき, 1枠 ひとわく, 1,500円 せんごひゃくえん.

Pure: `counter_reading("9", "日")` gives `("9日", "ここのか")` — the part of the text that takes ruby and its
reading. Where the number keeps its ordinary reading (3人: さん + にん) only the counter takes ruby, so furigana
stay on kanji; where the sound of the number itself changes (4時 よじ, 1分 いっぷん) the whole group does.
"""

from __future__ import annotations

import unicodedata

_ONES = ("", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう")
_TENS = (
    "",
    "じゅう",
    "にじゅう",
    "さんじゅう",
    "よんじゅう",
    "ごじゅう",
    "ろくじゅう",
    "ななじゅう",
    "はちじゅう",
    "きゅうじゅう",
)
_HUNDREDS = (
    "",
    "ひゃく",
    "にひゃく",
    "さんびゃく",
    "よんひゃく",
    "ごひゃく",
    "ろっぴゃく",
    "ななひゃく",
    "はっぴゃく",
    "きゅうひゃく",
)
_THOUSANDS = ("", "せん", "にせん", "さんぜん", "よんせん", "ごせん", "ろくせん", "ななせん", "はっせん", "きゅうせん")

_SMALL_TSU = {"いち": "いっ", "ろく": "ろっ", "はち": "はっ", "じゅう": "じゅっ", "ひゃく": "ひゃっ"}


def _doubled(rest: str, *numbers: str) -> dict[str, str]:
    """The number's last sound doubled before the counter: いっかい, ろっかい, はっかい, じゅっかい."""
    return {number: _SMALL_TSU[number] + rest for number in numbers}


_K = ("いち", "ろく", "はち", "じゅう", "ひゃく")
"""Numbers whose last sound doubles before a k sound (回 かい, 個 こ, か月 かげつ)."""
_S = ("いち", "はち", "じゅう")
"""… before an s or t sound (歳 さい, 週 しゅう, 丁目 ちょうめ); ろく stays (ろくさい)."""
_H = {"いち": "いっ", "ろく": "ろっ", "はち": "はっ", "じゅう": "じゅっ", "ひゃく": "ひゃっ"}


def _h_row(voiced: str, half: str, rest: str = "") -> dict[str, str]:
    """は-row counters (分 ふん, 本 ほん, 杯 はい): いっぷん, さんぷん / さんぼん, ろっぷん, はっぷん, じゅっぷん."""
    forms = {number: prefix + half + rest for number, prefix in _H.items()}
    forms["さん"] = "さん" + voiced + rest
    return forms


# counter → (its reading after most numbers, {the number's last word: number-word + counter where it changes})
_COUNTERS: dict[str, tuple[str, dict[str, str]]] = {
    "人": ("にん", {"よん": "よにん"}),
    "日": ("にち", {"きゅう": "くにち", "なな": "しちにち"}),
    "日間": ("にちかん", {"きゅう": "くにちかん", "なな": "しちにちかん"}),
    "時": ("じ", {"よん": "よじ", "なな": "しちじ", "きゅう": "くじ"}),
    "時間": ("じかん", {"よん": "よじかん", "なな": "しちじかん", "きゅう": "くじかん"}),
    "時半": ("じはん", {"よん": "よじはん", "なな": "しちじはん", "きゅう": "くじはん"}),
    "分": ("ふん", {**_h_row("ぷん", "ぷん"), "よん": "よんぷん"}),
    "分間": ("ふんかん", {**_h_row("ぷん", "ぷん", "かん"), "よん": "よんぷんかん"}),
    "本": ("ほん", _h_row("ぼん", "ぽん")),
    "杯": ("はい", _h_row("ばい", "ぱい")),
    "月": ("がつ", {"よん": "しがつ", "なな": "しちがつ", "きゅう": "くがつ"}),
    "か月": ("かげつ", _doubled("かげつ", *_K)),
    "ヶ月": ("かげつ", _doubled("かげつ", *_K)),
    "ヵ月": ("かげつ", _doubled("かげつ", *_K)),
    "カ月": ("かげつ", _doubled("かげつ", *_K)),
    "回": ("かい", _doubled("かい", *_K)),
    "回目": ("かいめ", _doubled("かいめ", *_K)),
    "階": ("かい", {**_doubled("かい", *_K), "さん": "さんがい"}),
    "個": ("こ", _doubled("こ", *_K)),
    "件": ("けん", _doubled("けん", *_K)),
    "校": ("こう", _doubled("こう", *_K)),
    "か所": ("かしょ", _doubled("かしょ", *_K)),
    "カ所": ("かしょ", _doubled("かしょ", *_K)),
    "ヶ所": ("かしょ", _doubled("かしょ", *_K)),
    "箇所": ("かしょ", _doubled("かしょ", *_K)),
    "歳": ("さい", _doubled("さい", *_S)),
    "才": ("さい", _doubled("さい", *_S)),
    "週": ("しゅう", _doubled("しゅう", *_S)),
    "週間": ("しゅうかん", _doubled("しゅうかん", *_S)),
    "食": ("しょく", _doubled("しょく", *_S)),
    "席": ("せき", _doubled("せき", *_S)),
    "世帯": ("せたい", _doubled("せたい", *_S)),
    "丁目": ("ちょうめ", _doubled("ちょうめ", *_S)),
    "点": ("てん", _doubled("てん", *_S)),
    "通": ("つう", _doubled("つう", *_S)),
    "期": ("き", _doubled("き", *_K)),
    "枠": ("わく", {}),
    "年": ("ねん", {"よん": "よねん"}),
    "年間": ("ねんかん", {"よん": "よねんかん"}),
    "年生": ("ねんせい", {"よん": "よねんせい"}),
    "円": ("えん", {"よん": "よえん"}),
    "名": ("めい", {}),
    "番": ("ばん", {}),
    "番地": ("ばんち", {}),
    "号": ("ごう", {}),
    "号室": ("ごうしつ", {}),
    "度": ("ど", {}),
    "代": ("だい", {}),
    "台": ("だい", {}),
    "枚": ("まい", {}),
    "部": ("ぶ", {}),
    "区": ("く", {}),
    "組": ("くみ", {}),
    "割": ("わり", {}),
    "倍": ("ばい", {}),
    "曜日": ("ようび", {}),
    "周年": ("しゅうねん", _doubled("しゅうねん", *_S)),
    "歩": ("ほ", _h_row("ぽ", "ぽ")),
    "晩": ("ばん", {}),
}

_DAYS = {1: "ついたち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか", 6: "むいか", 7: "なのか", 8: "ようか"}
_DAYS |= {9: "ここのか", 10: "とおか", 14: "じゅうよっか", 20: "はつか", 24: "にじゅうよっか"}
_WHOLE: dict[str, dict[int, str]] = {
    "人": {1: "ひとり", 2: "ふたり"},
    "日": _DAYS,
    "日間": {n: reading + "かん" for n, reading in _DAYS.items() if n != 1},
    "歳": {20: "はたち"},
    "才": {20: "はたち"},
    "組": {1: "ひとくみ", 2: "ふたくみ"},
    "枠": {1: "ひとわく", 2: "ふたわく"},
    "晩": {1: "ひとばん", 2: "ふたばん"},
}
"""Readings of the whole number with its counter (only for that number: 11人 is じゅういちにん)."""

COUNTERS = frozenset(_COUNTERS)
"""The counters read here (a word the analyser gives right after a number in digits)."""


def _words(value: int) -> list[str]:
    """The number's reading, one word per place (1500 → せん, ごひゃく); [] for 0."""
    if value >= 10000:
        upper, value = divmod(value, 10000)
        return ["".join(_words(upper)) + "まん", *_words(value)]
    thousands, value = divmod(value, 1000)
    hundreds, value = divmod(value, 100)
    tens, ones = divmod(value, 10)
    words = [_THOUSANDS[thousands], _HUNDREDS[hundreds], _TENS[tens], _ONES[ones]]
    return [word for word in words if word]


def _value(digits: str) -> int | None:
    text = unicodedata.normalize("NFKC", digits).replace(",", "")
    return int(text) if text.isdigit() and len(text) <= 8 else None


def number_reading(digits: str) -> str | None:
    """`"1,500"` → せんごひゃく; None if `digits` is not a whole number under 10^8."""
    value = _value(digits)
    return None if value is None else "".join(_words(value)) or "ぜろ"


def counter_reading(digits: str, counter: str, *, date: bool = True) -> tuple[str, str] | None:
    """(the text that takes ruby, its reading) for `digits` + `counter`, or None if either is not known.

    `date` reads 日 as a day of the month (1日 ついたち); `date=False` as a number of days (1日 いちにち).
    """
    value = _value(digits)
    if value is None or counter not in _COUNTERS:
        return None
    words = _words(value) or ["ぜろ"]
    whole = "".join(words)
    plain, forms = _COUNTERS[counter]
    exact = _WHOLE.get(counter, {})
    if value in exact and not (counter == "日" and value == 1 and not date):
        reading = exact[value]
    else:
        last = words[-1]
        suffix = next((number for number in sorted(forms, key=len, reverse=True) if last.endswith(number)), None)
        if suffix is None:
            reading = whole + plain
        else:
            reading = "".join(words[:-1]) + last[: -len(suffix)] + forms[suffix]
    if reading.startswith(whole) and reading != whole:
        return counter, reading[len(whole) :]
    if value >= _LONG:
        return counter, plain
    return digits + counter, reading


_LONG = 1000
"""From four digits on (2024年) only the counter takes ruby, with its plain reading: a reading of ten kana cannot
stand over five characters, and 2024年 read にせんにじゅうよんねん is understood as well as よねん."""
