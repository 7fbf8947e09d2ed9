"""Tokens of Japanese schedule text (毎月第2・4水曜日 15時～19時): normalisation, scanning and clock times.

The parser in `directory.schedules.text` works on the token stream produced here. Normalisation maps
every character to exactly one character, so a token's offsets are also offsets into the original text and
whatever is not understood can be handed back verbatim.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from directory.schedules import JAPANESE_WEEKDAYS, parse_weekday

# Every way the sources write a range or a dash; "ー" is left alone because it is part of katakana words.
_DASHES = "〜～~‐‑‒–—―−－-"
_KANJI_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九", start=0)}
# Kanji numerals are only digits in counting positions (第三, 月一回); elsewhere they are words (一人, 三鷹).
_KANJI_NUMBER = re.compile(r"(?<=[第月年・、,])[一二三四五](?=[回度・、,第]|[月火水木金土日]曜)")


def normalize(text: str) -> str:
    """NFKC per character (full-width digits, ：, （）, spaces), dashes → "~", counting kanji → digits.

    Per character rather than per string so the length never changes (see the module docstring); this is
    deliberately not `i18n.normalize`, which rewrites words for search and would move offsets.
    """
    chars = []
    for char in text:
        folded = unicodedata.normalize("NFKC", char)
        if char in _DASHES:
            folded = "~"
        chars.append(folded if len(folded) == 1 else char)
    return _KANJI_NUMBER.sub(lambda m: _KANJI_DIGITS[m.group(0)], "".join(chars))


_WD = f"[{JAPANESE_WEEKDAYS}]"
_WD_ITEM = rf"{_WD}+(?:曜日?)?"
_WD_SEP = r"\s*(?:[・,、~と&]|及び|および|から)\s*"
_TIME = r"(?:(?P<{p}mer>午前|午後|AM|PM|am|pm)\s*)?(?P<{p}h>\d{{1,2}})\s*(?P<{p}unit>:\s*(?P<{p}m>\d{{2}})|時\s*(?:(?P<{p}mm>\d{{1,2}})\s*分|(?P<{p}half>半))?)?"  # noqa: E501
_ORD_ITEM = r"(?:第\s*\d|最終|最後の?)"

# Order matters: at one position the first alternative wins, so longer and more specific words come first
# (毎月 before the weekday 月, N月M日 before N日, 月N回 before the weekday 月).
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<note>(?:年末年始|祝祭日|祝休日|祝日|祭日|お盆|休日)(?:\s*[はを・、及び]*\s*(?:お?休み?|休業|休館|除く))?)",
            r"(?P<date>\d{1,2}\s*月\s*\d{1,2}\s*日)",
            r"(?P<every_n_months>(?P<months>\d{1,2})\s*[ヶかカケヵ箇]\s*月\s*に\s*(?P<months_count>\d+)\s*回)",
            r"(?P<month>\d{1,2}\s*[ヶかカケヵ箇]?\s*月(?!\s*\d+\s*回))",
            r"(?P<count>(?P<count_unit>[月年週])\s*(?P<count_n>\d+)(?:\s*[~、,・]\s*\d+)?\s*(?:回|度)?(?:程度|ほど)?(?![\d日月時:]))",
            r"(?P<parity>(?P<parity_kind>偶数|奇数)\s*月)",
            r"(?P<daily>毎日)",
            r"(?P<weekly>毎週)",
            r"(?P<biweekly>隔週)",
            r"(?P<monthly>毎月)",
            r"(?P<irregular>(?<!時間)(?<!時間は)(?<!時刻)不定期?)",  # 開催時間不定期: the hours vary, not the days
            r"(?P<alternative>もしくは|若しくは|または|又は|あるいは|決まっておらず|変動)",
            r"(?P<month_end>月末)",
            r"(?P<weekdays_word>平日|週末)",
            rf"(?P<ordinal>{_ORD_ITEM}(?:\s*(?:[・,、~と]|及び|および)\s*(?:{_ORD_ITEM}|\d(?![\d:時日回])))*)",
            r"(?P<monthday>\d{1,2}\s*日(?:\s*[・,、と]\s*\d{1,2}\s*日)*)",
            rf"(?P<range>{_TIME.format(p='s_')}\s*(?P<to>~|から|より)\s*(?P<next_day>翌\s*)?"
            rf"(?:{_TIME.format(p='e_')}(?![\d組人名部回世日月]))?"
            r"(?P<pause>\s*(?:休憩|休み))?)",
            rf"(?P<time>{_TIME.format(p='t_')})",
            # (?!時): the 日 of 日時 (開催日時不定期) is no Sunday
            rf"(?P<weekday>{_WD_ITEM}(?:{_WD_SEP}{_WD_ITEM})*(?!時)(?P<closed>\s*は?\s*(?:お?休み|休業|除く))?)",
        ]
    )
)


@dataclass(frozen=True, slots=True)
class Token:
    """One recognised piece of schedule text: its kind (the regex group name), span and the match."""

    kind: str
    start: int
    end: int
    match: re.Match[str]


def scan(normalized: str) -> list[Token]:
    """The tokens of normalised text, left to right; text between tokens is what was not understood."""
    tokens = []
    for match in _TOKEN.finditer(normalized):
        kind = match.lastgroup
        if kind is None:  # pragma: no cover - every alternative is a named group
            continue
        if kind == "range" and match.group("s_unit") is None and match.group("e_h") is None:
            continue  # "1~3" alone is no time: a start needs 時 or ":" unless an end time follows
        if kind == "time" and match.group("t_unit") is None:
            continue  # a bare number is not a clock time
        tokens.append(Token(kind, match.start(), match.end(), match))
    return tokens


def weekdays_in(text: str) -> list[int]:
    """Weekdays (0–6, Monday = 0) in a weekday expression: 月火水木金, 月・水・金, 月~金 (a range), 土曜日."""
    days: list[int] = []
    in_range = False
    for match in re.finditer(rf"({_WD}+)(?:曜日?)?|~|から", text):
        if match.group(1) is None:
            in_range = bool(days)
            continue
        found = [parse_weekday(char) for char in match.group(1)]
        if in_range:  # 月~金: every day from the last one before "~" to the first one after it
            first = days[-1]
            days.extend((first + step) % 7 for step in range(1, (found[0] - first) % 7 + 1))
        days.extend(found)
        in_range = False
    return list(dict.fromkeys(days))


def ordinals_in(text: str) -> list[int]:
    """Ordinals in 第2・4 / 第2・第4 / 第1~3 / 第4・最終 (最終 = -1), in order, without repeats."""
    ordinals: list[int] = []
    pending_range = False
    for item in re.findall(r"\d+|最終|最後|~", text):
        if item == "~":
            pending_range = True
            continue
        value = -1 if item in ("最終", "最後") else int(item)
        if pending_range and ordinals and ordinals[-1] > 0 and value > ordinals[-1]:
            ordinals.extend(range(ordinals[-1] + 1, value))
        pending_range = False
        ordinals.append(value)
    return list(dict.fromkeys(ordinals))


def clock(match: re.Match[str], prefix: str, *, afternoon: bool = False) -> tuple[int, int] | None:
    """(hour, minute) of a time group ("s_", "e_", "t_"); None when the group did not match.

    `afternoon` carries 午後 from the start of a range to an end without one (午後3時から7時 → 19:00). Hours may
    come out ≥ 24 (翌1時 is 25:00); the caller decides what that means.
    """
    hour_text = match.group(f"{prefix}h")
    if hour_text is None:
        return None
    hour = int(hour_text)
    minute_text = match.group(f"{prefix}m") or match.group(f"{prefix}mm")
    minute = int(minute_text) if minute_text else (30 if match.group(f"{prefix}half") else 0)
    meridiem = (match.group(f"{prefix}mer") or "").upper()
    if (meridiem in ("午後", "PM") or (afternoon and not meridiem)) and hour < 12:
        hour += 12
    return hour, minute


_COLUMN_TIME = re.compile(r"(?P<h>\d{1,2})(?P<m>\d{2})(?:\d{2})?|(?P<bare>\d{1,2})")


def column_time(value: str) -> tuple[tuple[int, int] | None, bool]:
    """A start/end column ("15:00", "15時", "1500", "15:00:00", "午後4時30分") → ((hour, minute), rest_unread).

    `rest_unread` is True when the value holds more than one time (午前10時(又は午後5時)), so the caller can
    keep the column verbatim as a note instead of silently dropping the alternative.
    """
    text = normalize(value).strip()
    whole = _COLUMN_TIME.fullmatch(text)
    if whole:
        if whole.group("bare"):
            return (int(whole.group("bare")), 0), False
        return (int(whole.group("h")), int(whole.group("m"))), False
    match = re.search(_TIME.format(p="t_"), text)
    if match is None or match.group("t_unit") is None:
        return None, bool(text)
    parsed = clock(match, "t_")
    rest = (text[: match.start()] + text[match.end() :]).strip()
    return parsed, bool(re.sub(r"[:0-9]{0,3}|まで|頃|ごろ|から|~", "", rest).strip())


def to_time(hour_minute: tuple[int, int]) -> dt.time | None:
    """A `datetime.time`, or None for 24:00 and later and impossible minutes (the caller reports it)."""
    hour, minute = hour_minute
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return dt.time(hour, minute)
