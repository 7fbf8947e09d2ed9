"""Readings of Japanese text in context, for furigana: `segments("お金はいりません")` →
`(("お", ""), ("金", "かね"), ("はいりません", ""))` — the text cut into pieces, each with its reading in
hiragana, "" where it needs none (kana, Latin, digits, symbols). Only kanji take a reading: okurigana are split off
(小さい → 小 ちい + さい).

Three sources, in this order:
- **Known names** (the user dictionary): the names of groups and activities with the カナ reading the data gives
  them (`set_user_readings`, fed by the catalog through `use_reading_source`), and a few words of this field
  that the analyser reads otherwise (方書 かたがき).
- **Weekdays in schedules**: (水) すい, 月・水・金 げつ・すい・きん, 土日祝 — a lone 水 is not みず there.
- **SudachiPy** with its core dictionary for the rest, word by word in context; numbers in digits with their
  counter are read as people read them (1日 ついたち, 9日 ここのか, 1人 ひとり, 4時 よじ — `i18n.counters`).

The pieces always join back to the text exactly.

**What one ruby covers** (the rule the pages follow and `devtools.furigana_corpus` scores by): one ruby covers one
maximal stretch of text that takes a reading — readings that touch, with no kana, letter, symbol or space between,
are one ruby. So 大歓迎 is one ruby (だいかんげい) however the analyser cuts it (大 + 歓迎), 9日水曜日 is one
(ここのかすいようび), and 小さい is 小 (ちい) + さい, 小・中学 is 小 (しょう) ・ 中学 (ちゅうがく), 3か月 is 3か + 月
(げつ). A reader sees the same furigana over the same kanji; the rule only fixes where one `<ruby>` ends, so the
text is cut the same way whichever dictionary word boundaries the analyser uses. It is applied mechanically by
`join_touching` to the app's segments and, in the corpus notation, to both the expected and the analysed sentence.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any

from i18n.counters import COUNTERS, counter_reading, number_reading
from i18n.school_names import school_forms

Segment = tuple[str, str]

_KANJI_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
_KANJI = re.compile(f"[{_KANJI_CLASS}]")
_KANJI_RUNS = re.compile(f"([{_KANJI_CLASS}]+)")
_KANA_RUN = re.compile("^[\u3041-\u309f\u30a1-\u30ffー]+$")
_DIGITS = re.compile(r"^[0-9０-９][0-9０-９,，]*$")
_DIGITS_COUNTER = re.compile(r"^([0-9０-９][0-9０-９,，]*)(.+)$")
_KATAKANA = {cp: cp - 0x60 for cp in range(0x30A1, 0x30F7)}
_MAX_CHUNK = 4000
"""SudachiPy refuses inputs over 49,149 bytes; long texts are read in pieces of at most this many characters."""

_WEEKDAY_READINGS = {
    "月": "げつ",
    "火": "か",
    "水": "すい",
    "木": "もく",
    "金": "きん",
    "土": "ど",
    "日": "にち",
    "祝": "しゅく",
}
_WD = "[月火水木金土日祝]"
_SEP = "[・･、,/／～〜~]"
_WEEKDAYS = re.compile(
    # in brackets: (水) (水・祝)
    rf"(?<=[(（]){_WD}(?:{_SEP}?{_WD})*(?=[)）])"
    # or a list or range of two or more in a schedule: 月・水・金, 月水金, 土日祝, 月～金 — not 年月日 or 料金, not
    # 月曜, not the month of 12月、土日
    rf"|(?:(?<=週)|(?<![{_KANJI_CLASS}0-9０-９]))(?:{_WD}{_SEP}?)+{_WD}(?![曜{_KANJI_CLASS}])"
    # or one after 毎週 or 第3: 毎週月は, 第3木 — not 毎週月曜
    rf"|(?<=毎週|隔週|第[0-9０-９]){_WD}(?![曜{_KANJI_CLASS}])"
    # or one before a time: 土 10:00-15:00 (a line of the form's available times)
    rf"|(?<![{_KANJI_CLASS}0-9０-９]){_WD}(?=[ 　]*[0-9０-９]{{1,2}}[:：])"
)

_FIELD_WORDS = {
    "方書": "かたがき",
    "中学校区": "ちゅうがっこうく",
    "小学校区": "しょうがっこうく",
    "祝日": "しゅくじつ",
    "土日祝日": "どにちしゅくじつ",
    "開所": "かいしょ",
    "開所日": "かいしょび",
    "要予約": "ようよやく",
    "子ども食堂": "こどもしょくどう",
    "何歳": "なんさい",
    "何時": "なんじ",
    "何人": "なんにん",
    "何回": "なんかい",
    "何曜日": "なんようび",
    "聴導犬": "ちょうどうけん",
    "一汁三菜": "いちじゅうさんさい",
    "百万石": "ひゃくまんごく",
    "偶数月": "ぐうすうづき",
}
"""Words of this field that the analyser reads otherwise, or splits so that the reading comes out wrong."""


_WORD_READINGS = {"数": "かず", "日本": "にほん", "付": "つき", "訳": "やく"}
"""Words the analyser gives another reading than they have on these pages: 居場所の数 (かず, not すう),
日本文化 (にほん, not にっぽん), 夕食付 (つき, not つけ),
訳が あります (a translation: やく, not わけ — わけ is written in kana on these pages). 有 is read by the word
after it (`_after_a_word`)."""

_VOICED_STEMS = {
    "近": "ちか",
    "血": "ち",
    "力": "ちから",
    "縮": "ちぢ",
    "茶": "ちゃ",
    "付": "つ",
    "作": "つく",
    "造": "つく",
    "包": "つつ",
    "月": "つき",
    "続": "つづ",
    "詰": "つ",
    "綱": "つな",
    "鼓": "つづみ",
    "妻": "つま",
    "机": "つくえ",
    "爪": "つめ",
    "筒": "つつ",
    "釣": "つ",
    "積": "つ",
    "突": "つ",
    "強": "つよ",
    "遣": "つか",
    "漬": "つ",
    "連": "つ",
}
"""Kanji whose own reading starts with ち or つ (and none with じ or ず): voiced inside a compound they are written
ぢ and づ (現代仮名遣い: 身近 みぢか, 鼻血 はなぢ, 手作り てづくり), which the analyser often gives as じ and ず
(ミジカ, ハナジ)."""
_TO_VOICED_T = {"ち": "ぢ", "つ": "づ"}
_RENDAKU = dict(
    zip("カキクケコサシスセソタチツテトハヒフヘホ", "ガギグゲゴザジズゼゾダヂヅデドバビブベボ", strict=True)
)
"""A word's first kana voiced as the second part of a compound (rendaku)."""
_TO_VOICED_SZ = {"ち": "じ", "つ": "ず"}

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
"""Kanji numerals the analyser gives as a word of their own before a counter (一 + 歩, 一 + 日 + 中)."""
_ALL_THROUGH = frozenset(("日", "年", "晩"))
"""Spans after which 中 means all through (一日中 いちにちじゅう, 1年中, 一晩中), not during (会議中 ちゅう)."""

_COMPARED = frozenset(("形容詞", "形状詞"))
"""行く方が早い, した方がいい: 方 ほう before が and a word of quality; otherwise 方 after a verb is a person."""

_ABBREVIATED = {
    "株": "かぶ",
    "有": "ゆう",
    "財": "ざい",
    "社": "しゃ",
    "福": "ふく",
    "特": "とく",
    "医": "い",
    "学": "がく",
}
"""One kanji in brackets standing for the kind of body: (株) かぶ, (有) ゆう, (社福) しゃふく — the analyser reads the
whole word (かぶしきがいしゃ), which cannot stand over one kanji."""
_BRACKETED = re.compile(r"^([(（])([株有財社福特医学]+)([)）])$")

_AFTER_A_NOUN = {("頃", "コロ"): "ゴロ", ("柱", "ハシラ"): "バシラ"}
"""Words read otherwise right after a noun, a number or a counter (no particle between): 4時頃 よじごろ, 中旬頃
ちゅうじゅんごろ (but 子どもの頃, その頃 ころ); 3本柱 さんぼんばしら, 大黒柱 (but 木の柱 はしら). A month after a
noun of two or more kanji is づき (奇数月 きすうづき, 誕生月 — the dictionary's 対象月, 支給月 read so too); 毎月,
隔月, 今月 are words of their own."""

_HELD_AFTER = frozenset(("は", "を", "も"))
"""受付は行っていない, 調理を行っています: 行っ is おこなっ (held, done) after these, not いっ (went); not after で
(公民館で行っています is held, but バスで行って is went)."""


_WHAT_AFTER = frozenset(("も", "か", "を", "が", "から", "より", "もかも"))
"""何 before these is なに (何も, 何か, 何を, 何が, 何より); the analyser reads every 何 なん, which is right before
の, で, と, だ, でも (何の, 何でも, 何と)."""

_CLOSING = frozenset("」』）)】")
"""Closing brackets: what stands in them is one noun (「多摩川住宅」行き)."""

_CAN_ENTER_AFTER = frozenset(("で", "でも", "も", "が", "は", "なら", "だれでも", "誰でも"))


def hiragana(text: str) -> str:
    """Katakana → hiragana (NFKC first, so half-width ｶﾅ too); everything else unchanged."""
    return unicodedata.normalize("NFKC", text).translate(_KATAKANA)


@cache
def _dictionary() -> Any:
    """SudachiPy's dictionary (sudachidict-core): loads once (~0.1 s, ~80 MB), reused for every text."""
    from sudachipy import Dictionary

    return Dictionary()


@cache
def _tokenizer() -> Any:
    return _dictionary().tokenizer()


def _mode() -> Any:
    from sudachipy import SplitMode

    return SplitMode.C


def _mode_a() -> Any:
    from sudachipy import SplitMode

    return SplitMode.A


def split_okurigana(base: str, reading: str) -> list[Segment]:
    """Each kanji run of `base` with its own part of `reading` (小さい/ちいさい → 小:ちい + さい:""), kana and
    symbols with none — ruby never stands over them, even inside one word (小・中学 → 小:しょう ・ 中学:ちゅうがく).

    The kana of the word anchor the cut; kanji runs that only symbols separate are cut where each run's own
    reading ends. Where the word cannot be lined up at all, each kanji run takes its own reading."""
    if not _KANJI.search(base) or not reading or reading == hiragana(base):
        return [(base, "")]
    runs = [run for run in _KANJI_RUNS.split(base) if run]
    if len(runs) == 1:
        return [(base, reading)]
    own = None
    if _unanchored(runs):
        own = [_run_reading(run) if _KANJI.match(run) else "" for run in runs]
        if (
            "".join(own) == _NOT_KANA.sub("", reading)
            or "".join(r or hiragana(run) for run, r in zip(runs, own, strict=True)) == reading
        ):
            return list(zip(runs, own, strict=True))
    pattern = "".join(
        "(.+?)" if _KANJI.match(run) else _kana(run) if _KANA_RUN.match(run) else _unread(run, reading) for run in runs
    )
    match = re.fullmatch(pattern, reading)
    if match is not None and not (own is not None and any(group[:1] in _NO_START for group in match.groups())):
        readings = iter(match.groups())
        return [(run, next(readings)) if _KANJI.match(run) else (run, "") for run in runs]
    own = own or [_run_reading(run) if _KANJI.match(run) else "" for run in runs]
    return list(zip(runs, own, strict=True))


def _kana(run: str) -> str:
    """The pattern for a run of kana in a word: itself, but a ケ or ヵ between kanji is read が or か (阿佐ケ谷
    あさがや, 霞ケ関 かすみがせき)."""
    return "".join("[けがか]" if char in "ケヵ" else re.escape(hiragana(char)) for char in run)


def _unanchored(runs: list[str]) -> bool:
    """Whether two kanji runs of a word have no kana between them to cut the reading at (小・中学)."""
    kanji_seen = anchored = False
    for run in runs:
        if _KANJI.match(run):
            if kanji_seen and not anchored:
                return True
            kanji_seen, anchored = True, False
        elif re.search("[\u3041-\u309f\u30a1-\u30faー]", run):
            anchored = True
    return False


@lru_cache(maxsize=4096)
def _run_reading(run: str) -> str:
    """A run of kanji read on its own."""
    return "".join(hiragana(m.reading_form()) for m in _tokenizer().tokenize(run, _mode()))


def _unread(run: str, reading: str) -> str:
    """The pattern for a run of symbols or letters in a word: nothing where its kana are not in the reading (the
    gloss of 本人（ほごしゃ）, which the analyser reads ほんにん), else anything."""
    kana = re.sub("[^\u3041-\u309f]", "", hiragana(run))
    return "" if kana and kana not in reading else "(?:.*?)"


def _token_reading(surface: str, reading: str) -> list[Segment]:
    bracketed = _BRACKETED.match(surface)
    if bracketed:
        kanji = bracketed.group(2)
        return [(bracketed.group(1), ""), (kanji, "".join(_ABBREVIATED[k] for k in kanji)), (bracketed.group(3), "")]
    reading = _WORD_READINGS.get(surface) or hiragana(reading)
    if not _KANJI.search(surface) or not reading or _KANJI.search(reading) or reading == "きごう":
        return [(surface, "")]
    return split_okurigana(surface, _voiced_as_written(surface, reading))


def _voiced_as_written(surface: str, reading: str) -> str:
    """ぢ and づ where a kanji of `_VOICED_STEMS` is voiced after another kanji of the word: 身近 みじか → みぢか,
    鼻血 はなじ → はなぢ; the cut is found from the reading of the kanji before it, so a word whose start the
    analyser reads otherwise is left as it is."""
    for index, char in enumerate(surface):
        stem = _VOICED_STEMS.get(char)
        if not index or stem is None or not all(map(_KANJI.match, surface[:index])):
            continue
        head = _run_reading(surface[:index])
        voiced = _TO_VOICED_SZ[stem[0]] + stem[1:]
        if reading.startswith(head) and reading.startswith(voiced, len(head)):
            cut = len(head)
            reading = reading[:cut] + _TO_VOICED_T[stem[0]] + reading[cut + 1 :]
    return reading


def _word_reading(surface: str, reading: str, mixed: dict[str, Any]) -> list[Segment]:
    """One word's segments; a word of Latin letters and kanji (NPO法人) is read in its smaller words."""
    if surface in mixed:
        parts: list[Segment] = []
        for part in mixed[surface].split(_mode_a()):
            parts.extend(_token_reading(part.surface(), part.reading_form()))
        return parts
    return _token_reading(surface, reading)


def _in_context(
    surface: str,
    reading: str,
    before: str,
    joined: tuple[str, str] = ("", ""),
    following: str = "",
    after: tuple[str, str, str] = ("", "", ""),
) -> str:
    """Readings the word before decides: だれでも入れる (can enter: はいれる, not put in: を入れる いれる), 高齢者の方
    (a person: かた), 今日開いている (open: あいて) but 水曜日に開いています (held: ひらいて), 受付は行っていない
    (held: おこなって); and the word after: 空で いい (empty: から), 主となり (しゅ). `joined` is the word right
    before (no space between) and its part of speech: a noun makes 休館日 きゅうかんび, かいさい日 かいさいび,
    作品作り さくひんづくり, 国際色 しょく. `after` is the part of speech of `following`, then the word after it
    and its part of speech.

    More in `_after_a_word`: 方 after a verb, 他 before a kanji, 無 alone, 場 after a loanword, 家 after a name,
    開き after a noun."""
    if surface in ("入れ", "入れる") and before in _CAN_ENTER_AFTER:
        return "ハイ" + reading[1:]
    if surface == "方" and before == "の":
        return "カタ"
    if surface == "開い":
        return "ヒライ" if before == "に" else "アイ"
    if surface == "行っ" and reading == "イッ" and before in _HELD_AFTER:
        return "オコナッ"
    if surface == "空" and reading == "ソラ" and following == "で":
        return "カラ"
    if surface == "何" and reading == "ナン" and following in _WHAT_AFTER:
        return "ナニ"
    if surface == "主" and reading == "ヌシ" and following == "と":  # 住民が主となり: しゅ (家の主 stays ぬし)
        return "シュ"
    previous, pos = joined
    told = _after_a_word(surface, reading, joined, following, after)
    if told is not None:
        return told
    if pos in ("名詞", "固有名詞", "数詞", "接尾辞") and previous and (surface, reading) in _AFTER_A_NOUN:
        return _AFTER_A_NOUN[surface, reading]
    if surface == "日頃" and previous.endswith("曜"):  # 月曜日頃: the day's び and ごろ, not 日頃 (ひごろ, always)
        return "ビゴロ"
    if pos in ("名詞", "固有名詞") and previous:
        if surface == "月" and reading == "ガツ" and len(previous) >= 2 and all(map(_KANJI.match, previous)):
            return "ヅキ"
        if (
            surface == "日"
            and len(previous) >= 2
            and (reading == "ヒ" or (reading == "ニチ" and all(map(_KANJI.match, previous))))
        ):
            return "ビ"  # 【休館日】: before a bracket the analyser reads it ニチ
        if surface == "作り" and reading == "ツクリ":
            return "ヅクリ"
        if surface == "色" and reading == "イロ" and len(previous) >= 2 and all(map(_KANJI.match, previous)):
            return "ショク"
    return reading


def _after_a_word(
    surface: str, reading: str, joined: tuple[str, str], following: str, after: tuple[str, str, str]
) -> str | None:
    """The readings that the part of speech of the word right before decides, or None:
    - 方 after a verb or an auxiliary is a person, かた (すべて満たす方, 参加したい方), but ほう before が and a word of
      quality (行く方が早い, した方がいい);
    - 他 before a kanji is the prefix た (他館, 他市), alone it is ほか (第2水曜日他, その他);
    - 無 alone (駐車場:無) is なし, as 有 is あり (一部有); before a kanji word they are the prefixes む and ゆう
      (無農薬, 有酸素);
    - 場 after a loanword is じょう (スキー場, as キャンプ場 is one word);
    - 家 after a proper name is the family, け (鍋島家, 徳川家);
    - 開き after a noun is voiced, びらき (お粥開き, as 鏡開き is one word), where it is a noun itself: not before
      an auxiliary (2回開きます)."""
    previous, pos = joined
    if surface == "方" and reading == "ホウ" and pos in ("動詞", "助動詞"):
        return "ホウ" if following == "が" and after[2] in _COMPARED else "カタ"
    if surface == "他":
        return "タ" if _KANJI.match(following[:1]) else "ホカ"
    if surface == "無" and not _KANJI.match(following[:1]):
        return "ナシ"
    if surface == "有":
        return "ユウ" if _KANJI.match(following[:1]) else "アリ"
    if surface == "場" and previous and _KANA_RUN.match(previous) and not re.search("[\u3041-\u309f]", previous):
        return "ジョウ"
    if surface == "家" and pos == "固有名詞":
        return "ケ"
    if surface == "開き" and reading == "ヒラキ" and pos in ("名詞", "固有名詞") and previous and after[0] != "助動詞":
        return "ビラキ"
    return None


def _word_before(words: list[tuple[str, str]], index: int) -> str:
    """The word before `words[index]`, past spaces."""
    return next((surface for surface, _ in reversed(words[:index]) if surface.strip()), "")


def _kind(pos: tuple[str, ...]) -> str:
    """The part of speech `_in_context` decides by: 数詞 and 固有名詞 apart from other nouns, else the first level."""
    return pos[1] if pos[1] in ("数詞", "固有名詞") else pos[0]


def _is_date(previous: str, following: str) -> bool:
    """Whether 1日 is the first of a month (毎月1日, 4月1日, 1日(水)) rather than one day (1日2回)."""
    return previous.endswith("月") or following[:1] in ("(", "（", "・", "、", "〜", "～", "-")


def _analysed(text: str) -> list[Segment]:
    """SudachiPy's words with their readings, numbers with their counters read together."""
    result: list[Segment] = []
    for start in range(0, len(text), _MAX_CHUNK):
        chunk = text[start : start + _MAX_CHUNK]
        morphemes = _tokenizer().tokenize(chunk, _mode())
        cut = _prefix_cut(morphemes)
        if cut is not None:
            result.extend([*_analysed(chunk[:cut]), (chunk[cut], _PREFIXES[chunk[cut]]), *_analysed(chunk[cut + 1 :])])
            continue
        words = [(m.surface(), m.reading_form()) for m in morphemes]
        kinds = [_kind(m.part_of_speech()) for m in morphemes]
        words_a = {m.surface(): m for m in morphemes if _SPELLED.search(m.surface()) and _KANJI.search(m.surface())}
        index = 0
        while index < len(words):
            surface, reading = words[index]
            following = words[index + 1][0] if index + 1 < len(words) else ""
            previous = words[index - 1][0] if index else ""
            fused = _DIGITS_COUNTER.match(surface)
            if _DIGITS.match(surface) and following in COUNTERS:
                later = words[index + 2][0] if index + 2 < len(words) else ""
                read = counter_reading(surface, following, date=_is_date(previous, later))
                if read is not None:
                    result.extend(_number_with_counter(surface + following, *read))
                    index += 2 + _all_through(words, index + 2, following, result)
                    continue
            elif fused and fused.group(2) in COUNTERS and not _DIGITS.match(surface):
                read = counter_reading(fused.group(1), fused.group(2), date=_is_date(previous, following))
                if read is not None:
                    result.extend(_number_with_counter(surface, *read))
                    index += 1
                    continue
            elif surface in _NUMERALS and kinds[index] == "数詞" and following in COUNTERS:
                value = str(_NUMERALS[surface])
                read = counter_reading(value, following, date=previous.endswith("月"))
                if read is not None:  # the kanji numeral takes ruby too: 一歩 いっぽ, 三歩 さんぽ
                    counted, spoken = read
                    spoken = spoken if counted != following else (number_reading(value) or "") + spoken
                    result.append((surface + following, spoken))
                    index += 2 + _all_through(words, index + 2, following, result)
                    continue
            joined = (previous, kinds[index - 1]) if index else ("", "")
            ahead = [*words[index + 1 : index + 3], ("", ""), ("", "")]
            after = (kinds[index + 1] if ahead[0][0] else "", ahead[1][0], kinds[index + 2] if ahead[1][0] else "")
            told = _in_context(surface, reading, _word_before(words, index), joined, following, after)
            reading = _after_nouns(morphemes, kinds, index) if told == reading else told
            result.extend(_word_reading(surface, reading, words_a))
            index += 1
    return result


_AFTER_A_WORD = frozenset(("助詞", "助動詞", "接尾辞", "補助記号", "空白"))
"""What may follow the last word of a compound: particles, auxiliaries, suffixes, symbols, spaces (not kana that go
on with a word: 馬込 + 子 + まもり)."""

_ADDRESS_UNITS = ("都", "道", "府", "県", "市", "区", "町", "村", "郡", "丁目", "字")
"""Words ending so are a place of an address: the noun after them begins a name or a word of its own."""

_PREFIXES = {"要": "よう"}
"""Prefixes the analyser may join to the kanji after them when that kanji begins a word with the next one: 要事前申込
is 要 (needs) + 事前申込, not 要事 (an errand) + 前."""


def _prefix_cut(morphemes: Any) -> int | None:
    """Where a prefix of `_PREFIXES` stands alone although the analyser joined it to the next kanji: a two-kanji word
    prefix + X before a word Y where X + Y is one word (要事 + 前: 事前); its position in the text, or None."""
    for index in range(len(morphemes) - 1):
        surface, following = morphemes[index].surface(), morphemes[index + 1].surface()
        if len(surface) == 2 and surface[0] in _PREFIXES and _KANJI.match(surface[1]) and _KANJI.match(following[:1]):
            if len(_tokenizer().tokenize(surface[1] + following, _mode())) == 1:
                return int(morphemes[index].begin())
    return None


def _after_nouns(morphemes: Any, kinds: list[str], index: int) -> str:
    """The reading of a word that the nouns right before it (no particle between) decide:
    - 行 and 行き after a run of nouns that holds a place name, or after a closing bracket, mean bound for, ゆき
      (多摩川住宅行, 新宿行, 「多摩川住宅」行きバス); データ行 stays ぎょう (a line);
    - a noun that ends a compound takes the voiced form the dictionary gives it (`_in_compound`): the last noun of
      the run, before a particle or a symbol (飾り寿司を, さくら通りを), or a noun right after a proper name and
      before a kanji word (多摩川流域); a noun that another noun or kana follow may begin the next word instead
      (有料 + 貸スペース: かし, 馬込 + 子まもり). Not after a word of one character (美 + 竹: a name the analyser
      cut), nor after an address unit (丸岡町 + 霞, 2丁目 + 地内: the next place name or word begins there)."""
    morpheme = morphemes[index]
    surface, reading = morpheme.surface(), morpheme.reading_form()
    run = 0
    while run < index and kinds[index - run - 1] in ("名詞", "固有名詞"):
        run += 1
    if surface in ("行", "行き") and reading in ("ギョウ", "コウ", "イキ"):
        before = [morphemes[i] for i in range(index - run, index)]
        if any(m.part_of_speech()[2] == "地名" for m in before) or (
            index and morphemes[index - 1].surface() in _CLOSING
        ):
            return "ユキ"
    previous = morphemes[index - 1].surface() if index else ""
    if not run or kinds[index] != "名詞" or len(previous) < 2 or previous.endswith(_ADDRESS_UNITS):
        return reading
    last = index + 1 == len(kinds) or kinds[index + 1] in _AFTER_A_WORD
    if last or (kinds[index - 1] == "固有名詞" and _KANJI.match(morphemes[index + 1].surface()[:1])):
        return _in_compound(surface, reading, tuple(morpheme.part_of_speech()[:3]))
    return reading


@lru_cache(maxsize=4096)
def _in_compound(surface: str, reading: str, pos: tuple[str, ...]) -> str:
    """A noun right after another noun (no particle between) read as the second part of a compound where the
    dictionary gives it that form: an entry of the same surface and part of speech whose reading is `reading`
    with its first kana voiced (通り ドオリ: さくら通り, 組 グミ: オープン組, 寿司 ズシ: 飾り寿司, 川 ガワ, 塚 ヅカ);
    else `reading` as it is. A ジ or ズ entry is another reading, not the voiced ち or つ (地 ジ: 地内 stays ち)."""
    voiced = _RENDAKU.get(reading[:1])
    if voiced is None:
        return reading
    form = voiced + reading[1:]
    for entry in _dictionary().lookup(surface):
        if entry.surface() == surface and tuple(entry.part_of_speech()[:3]) == pos and entry.reading_form() == form:
            return form
    return reading


def _all_through(words: list[tuple[str, str]], index: int, counter: str, result: list[Segment]) -> int:
    """中 right after a span (一日中, 1年中, 一晩中) read じゅう, all through, and added to `result`: 1 if so, else
    0 (the analyser reads it ちゅう, as in 会議中)."""
    if counter in _ALL_THROUGH and index < len(words) and words[index] == ("中", "チュウ"):
        result.append(("中", "じゅう"))
        return 1
    return 0


def _number_with_counter(text: str, base: str, reading: str) -> list[Segment]:
    """`text` (9日, 3人) as the digits without ruby and `base` (the counter, or all of it) with `reading`; a
    counter spelled with kana (3か月, 1カ所) has ruby over its kanji only: 3か + 月:げつ, 1か + 月:げつ (いっかげつ)."""
    head = text[: len(text) - len(base)]
    kanji = _KANJI_RUNS.split(base)
    if len(kanji) == 3 and not kanji[2]:  # か月, 1か月: kana (after the digits) then kanji
        spelled = hiragana(kanji[0].lstrip("0123456789０１２３４５６７８９,，"))
        cut = reading.rfind(spelled) if spelled else -1
        if cut >= 0:
            return [(head + kanji[0], ""), (kanji[1], reading[cut + len(spelled) :])]
    return ([(head, "")] if head else []) + [(base, reading)]


class _UserReadings:
    """The known names and their segments, and one regular expression that finds any of them (longest first)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.names: dict[str, tuple[Segment, ...]] = {}
        self.pattern: re.Pattern[str] | None = None
        self.source: Callable[[], Iterable[tuple[str, str | None, bool]]] | None = None
        self.loaded_at = 0.0
        self.refresh_seconds = 300.0

    def set(self, names: dict[str, tuple[Segment, ...]]) -> None:
        words = {word: tuple(split_okurigana(word, reading)) for word, reading in _FIELD_WORDS.items()}
        words.update(names)
        keys = sorted(words, key=len, reverse=True)
        with self.lock:
            self.names = words
            self.pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
        segments.cache_clear()
        word_segments.cache_clear()


_USER = _UserReadings()


_NOT_KANA = re.compile("[^\u3041-\u309fー]")
_SPELLED = re.compile("[A-Za-z0-9]")
_NO_START = frozenset("ぁぃぅぇぉっゃゅょゎんー")
"""Kana no reading of a kanji word starts with (じ|ょう is not a cut)."""
_O_AND_U_ROWS = frozenset("おこごそぞとどのほぼぽもよょろうくぐすずつづぬふぶぷむゆゅる")
_SPELLED_OUT = "*"
_SPOKEN_SYMBOLS = re.compile("[&＆@＠+＋]")
"""Symbols the カナ spells out (アンド, アット, プラス): such names are left to the analyser."""


def _name_segments(name: str, kana: str, *, trusted: bool = False) -> tuple[Segment, ...] | None:
    """The analyser's words of a name, each word in kanji read as the カナ says; None where the analyser reads it so
    anyway, or where the カナ cannot be lined up with the name (it spells Latin letters, reads more or less than
    the name, or gives a word less than half or more than twice the length of the analyser's reading)."""
    reading = _NOT_KANA.sub("", hiragana(kana))
    if _SPOKEN_SYMBOLS.search(name):
        return None
    words = _analysed(name)
    parts: list[str | None] = []  # the kana a word must match, or None for a word in kanji
    for base, word_reading in words:
        text = hiragana(base)
        if word_reading:
            parts.append(None)
        else:
            parts.append(_SPELLED_OUT if _SPELLED.search(text) else _NOT_KANA.sub("", text))
    hints = [word_reading or base for base, word_reading in words]
    found = _align(tuple(parts), tuple(hints), reading)
    if found is None:
        return None
    result = [(base, found[i] if parts[i] is None else "") for i, (base, _) in enumerate(words)]
    if result == words:
        return None
    if not trusted and any(
        r and r != hint and _common_word(base) for (base, r), hint in zip(result, hints, strict=True)
    ):
        return None  # the カナ is wrong or lined up wrongly where it disagrees on an everyday word (食堂, 居場所)
    return tuple(result)


def _splits_a_sound(reading: str, cut: int) -> bool:
    """Whether cutting `reading` before `cut` would split one sound: じ|ょ, しょ|う (a long vowel), ん."""
    following = reading[cut : cut + 1]
    return following in _NO_START or (following == "う" and reading[cut - 1 : cut] in _O_AND_U_ROWS)


def _common_word(base: str) -> bool:
    """An everyday word of two or more kanji (食堂, 居場所), whose reading the analyser knows better than a typo."""
    words = _tokenizer().tokenize(base, _mode())
    return len(base) >= 2 and len(words) == 1 and words[0].part_of_speech()[1] == "普通名詞"


def _align(parts: tuple[str | None, ...], hints: tuple[str, ...], reading: str) -> list[str] | None:
    """Cut `reading` over the words: fixed kana where `parts` has them, a plausible reading for each kanji word
    (the analyser's own where it fits: it best agrees with the analyser)."""
    memo: dict[tuple[int, int], tuple[int, list[str]] | None] = {}

    def best(index: int, position: int) -> tuple[int, list[str]] | None:
        if index == len(parts):
            return (0, []) if position == len(reading) else None
        key = (index, position)
        if key in memo:
            return memo[key]
        part, hint = parts[index], hints[index]
        choice: tuple[int, list[str]] | None = None
        if part == _SPELLED_OUT:  # Latin letters or digits, spelled in カナ: 2–4 kana a letter (エス, ダブリュー)
            for end in range(position + 1, min(len(reading), position + 4 * len(hint) + 2) + 1):
                rest = None if _splits_a_sound(reading, end) else best(index + 1, end)
                score = None if rest is None else rest[0] - 2 * abs(end - position - 2 * len(hint))
                if rest is not None and score is not None and (choice is None or score > choice[0]):
                    choice = (score, ["", *rest[1]])
        elif part is not None:
            if reading.startswith(part, position):
                rest = best(index + 1, position + len(part))
                choice = None if rest is None else (rest[0], ["", *rest[1]])
        else:
            for end in range(position + max(1, (len(hint) + 1) // 2), min(len(reading), position + 2 * len(hint)) + 1):
                rest = None if _splits_a_sound(reading, end) else best(index + 1, end)
                if rest is not None:
                    guess = reading[position:end]
                    score = rest[0] + 100 * (guess == hint) - abs(len(guess) - len(hint))
                    if choice is None or score > choice[0]:
                        choice = (score, [reading[position:end], *rest[1]])
        memo[key] = choice
        return choice

    found = best(0, 0)
    return None if found is None else found[1]


def set_user_readings(pairs: Iterable[tuple[str, str | None] | tuple[str, str | None, bool]]) -> int:
    """Read these names (group, activity and place names) as the given カナ says; returns how many differ from the
    analyser and so were kept. Pairs without kana, or without kanji, are ignored. A third item True marks a
    reading typed by an admin (an area's 読み): it is kept even where it reads an everyday word otherwise
    (東部 ひがしべ); an import file's カナ is not trusted that far."""
    names: dict[str, tuple[Segment, ...]] = {}
    schools: dict[str, tuple[Segment, ...]] = {}
    for name, kana, *trusted in pairs:
        name = (name or "").strip()
        if not kana or not kana.strip() or not _KANJI.search(name) or len(name) < 2:
            continue
        found = _name_segments(name, kana.strip(), trusted=bool(trusted and trusted[0]))
        if found is not None:
            names[name] = found
        schools.update(_school_names(name, kana.strip(), short=bool(trusted and trusted[0])))
    _USER.set({**schools, **names})
    return len(names)


def _school_names(name: str, kana: str, *, short: bool) -> dict[str, tuple[Segment, ...]]:
    """The forms a school's name takes in 学区 columns (永明小, 永明小学校区 from 茅野市立永明小学校), read as its カナ
    says (`i18n.school_names`)."""
    reading = _NOT_KANA.sub("", hiragana(kana))
    return {
        stem + suffix: (*split_okurigana(stem, stem_reading), (suffix, suffix_reading))
        for stem, stem_reading, suffix, suffix_reading in school_forms(name, reading, _run_reading, short=short)
    }


def use_reading_source(
    source: Callable[[], Iterable[tuple[str, str | None, bool]]], refresh_seconds: float = 300
) -> None:
    """Where the known names come from (the catalog gives its names and カナ); read again every `refresh_seconds`."""
    _USER.source = source
    _USER.refresh_seconds = refresh_seconds
    _USER.loaded_at = 0.0


def refresh_user_readings(*, force: bool = False) -> None:
    """Load the known names from the source if it is time to (call where the source can run, e.g. in a request)."""
    if _USER.source is None or (not force and time.monotonic() - _USER.loaded_at < _USER.refresh_seconds):
        return
    _USER.loaded_at = time.monotonic()
    set_user_readings(_USER.source())


def _protected(text: str) -> list[tuple[str, tuple[Segment, ...] | None]]:
    """`text` cut into known names and weekday lists (with their segments) and the rest (None: to analyse)."""
    pieces: list[tuple[str, tuple[Segment, ...] | None]] = []
    spans: list[tuple[int, int, tuple[Segment, ...]]] = []
    if _USER.pattern is not None:
        for match in _USER.pattern.finditer(text):
            spans.append((match.start(), match.end(), _USER.names[match.group()]))
    for match in _WEEKDAYS.finditer(text):
        if not any(start < match.end() and match.start() < end for start, end, _ in spans):
            spans.append((match.start(), match.end(), _weekdays(match.group())))
    position = 0
    for start, end, found in sorted(spans):
        if start > position:
            pieces.append((text[position:start], None))
        pieces.append((text[start:end], found))
        position = end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


def _weekdays(run: str) -> tuple[Segment, ...]:
    if run.endswith("祝日"):
        return (*_weekdays(run[:-2]), ("祝日", "しゅくじつ")) if len(run) > 2 else (("祝日", "しゅくじつ"),)
    return tuple((char, _WEEKDAY_READINGS.get(char, "")) for char in run)


@lru_cache(maxsize=16384)
def segments(text: str) -> tuple[Segment, ...]:
    """`text` cut into (base, reading) pairs as the ruby rule says; the reading is "" where no furigana is needed.

    The bases always join back to `text` exactly; if they ever did not, the text gets no furigana at all.
    """
    return join_touching(word_segments(text))


@lru_cache(maxsize=4096)
def word_segments(text: str) -> tuple[Segment, ...]:
    """`text` cut into words, each with its reading ("" where none is needed): what `segments` joins into ruby,
    for whoever needs the word cuts (romanised names are written a word at a time: Honchō Chiku)."""
    if not _KANJI.search(text):
        return ((text, ""),)
    result: list[Segment] = []
    for piece, found in _protected(text):
        result.extend(found if found is not None else _analysed(piece))
    if "".join(base for base, _ in result) != text:
        return ((text, ""),)
    return tuple(result)


def join_touching(pieces: Iterable[Segment]) -> tuple[Segment, ...]:
    """Touching pieces joined as the ruby rule says (module docstring): readings that touch are one ruby
    (大 だい + 歓迎 かんげい → 大歓迎 だいかんげい), and text without a reading is one piece."""
    merged: list[Segment] = []
    for base, reading in pieces:
        if merged and bool(reading) == bool(merged[-1][1]):
            merged[-1] = (merged[-1][0] + base, merged[-1][1] + reading)
        else:
            merged.append((base, reading))
    return tuple(merged)


def annotated(text: str) -> str:
    """The text with each reading in brackets after its kanji: お金(かね)はいりません."""
    return "".join(f"{base}({reading})" if reading else base for base, reading in segments(text))


_USER.set({})
