"""The names a school is written with in 学区 / 中学校区 columns and area names, from one name with its カナ.

`school_forms("茅野市立永明小学校", "ちのしりつえいめいしょうがっこう", read)` gives 永明小学校, 永明小, 永明小学校区,
永明小学区 and 永明小学校 … each as (stem, its reading, suffix, its reading): a 学区 written 「永明小」 or an area
「永明小学校区」 is read through the school it is named after. The stem's reading is cut from the カナ (the suffix's
reading off the end, a 〇〇市立 / 区立 / 県立 prefix off the start), so it comes from the data, never from a guess.
Any of the forms can be the source (an admin's 読み of 「加計塚小学校区」 gives 加計塚小 too).

Pure: plain strings in and out; `read` is how the prefix is read (the analyser), passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_KINDS = {"小": "しょう", "中": "ちゅう"}
_SUFFIXES = {"学校区": "がっこうく", "学校": "がっこう", "学区": "がっく", "校区": "こうく", "区": "く", "": ""}
"""What follows 小 / 中 in a school's or a 学区's name, and its reading (永明小学校区, 永明小学区, 永明小)."""

_NAME = re.compile(
    "^(?P<prefix>.+?[都道府県市区町村]立|私立|国立)?(?P<stem>.*?[\u3400-\u9fff々ヶ].*?)"
    f"(?P<kind>[{''.join(_KINDS)}])(?P<suffix>{'|'.join(sorted(filter(None, _SUFFIXES), key=len, reverse=True))})?$"
)
_PREFIX_END = "りつ"
"""A 〇〇市立 prefix's reading ends so (しりつ, くりつ, けんりつ, とりつ)."""

SchoolForm = tuple[str, str, str, str]
"""(stem, stem's reading, suffix, suffix's reading): ("永明", "えいめい", "小学校区", "しょうがっこうく")."""


def school_forms(name: str, kana: str, read: Callable[[str], str], *, short: bool = False) -> Iterator[SchoolForm]:
    """Every way of writing the school or 学区 `name` (read `kana`, in hiragana) names; nothing if `name` is not a
    school or 学区 name or its カナ cannot be cut (it does not end in the suffix's reading, or leaves no stem).

    A name ending in a bare 小 / 中 (長谷戸小) is taken as a school only with `short` (an area's name, which an
    admin typed): an activity called 〇〇中 is more likely 「… in progress」."""
    match = _NAME.match(name)
    if match is None:
        return
    kind, suffix = match.group("kind"), match.group("suffix") or ""
    if not suffix and not short:
        return
    ending = _KINDS[kind] + _SUFFIXES[suffix]
    if not kana.endswith(ending):
        return
    stem_reading = kana[: len(kana) - len(ending)]
    prefix = match.group("prefix")
    if prefix:
        own = read(prefix)
        if stem_reading.startswith(own):
            stem_reading = stem_reading[len(own) :]
        elif _PREFIX_END in stem_reading:
            stem_reading = stem_reading[stem_reading.index(_PREFIX_END) + len(_PREFIX_END) :]
        else:
            return
    stem = match.group("stem")
    if not stem_reading or len(stem_reading) > 4 * len(stem):
        return
    for other, reading in _SUFFIXES.items():
        yield stem, stem_reading, kind + other, _KINDS[kind] + reading
