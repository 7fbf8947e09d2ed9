"""Data tables for search normalisation (i18n.normalize): spelling variants (表記ゆれ) of the same word.

Only true spelling variants belong here — the same word written with other kana/kanji/okurigana — never
synonyms (高齢者/お年寄り, 学習支援/学習サポート are different words and must stay apart).

Entries are written as people write them; i18n.normalize folds both sides (katakana → hiragana, small kana →
large, long-vowel marks dropped) when it builds its regex, so "ショクドウ" here means every spelling that
folds to the same kana. Two rules keep normalisation idempotent, and i18n.normalize refuses to import when
they are broken:

- a canonical form is itself normalised (folding it changes nothing and no source matches inside it), and
  it is shorter than each source, or as long but without one of the source's characters (御飯 → ご飯), so
  repeating the replacement until nothing changes terminates;
- a canonical form may end in kana only when every one of its sources ends in kana too, because the rules
  that look at the previous character (a long-vowel mark or ゝ after kana) must see the same kind of
  character before and after the replacement. That is why 子ども/こども/子供 fold to "子供" and
  申し込み/申込み fold to "申込": their sources include forms that end in kanji.

Okurigana folding works on stems, so the verb forms follow: 申し込む → 申込む like 申込む, 受け付ける → 受付る
like 受付ける. A query fragment that cuts into a variant word (e.g. "ども") no longer finds it; whole words do.
"""

from __future__ import annotations

from itertools import product

_KODOMO = ("子ども", "子供", "こども", "コドモ")

SPELLING_VARIANTS: dict[str, tuple[str, ...]] = {
    # 子ども: the 子ども食堂 family. Canonical ends in kanji because 子供 does.
    "子供": _KODOMO,
    "子供達": tuple(a + b for a, b in product(_KODOMO, ("達", "たち", "タチ"))),
    "食堂": ("しょくどう", "ショクドウ"),
    "居場所": ("いばしょ", "イバショ"),
    "集い": ("つどい", "ツドイ"),
    "ご飯": ("ごはん", "御飯", "ゴハン"),
    "友達": ("友だち", "ともだち", "トモダチ"),
    # ボランテイア, ボランティア and ぼらんてぃあ already meet through small-kana folding.
    "ボランティア": ("ヴォランティア",),
    # お手伝い keeps its お, so it still contains 手伝い.
    "手伝い": ("てつだい", "手つだい"),
    # Okurigana (送り仮名) variants: the shortest official spelling is canonical.
    "申込": ("申し込み", "申込み", "申し込", "申しこみ", "もうしこみ"),
    "受付": ("受け付け", "受付け", "受け付", "うけつけ"),
    "取組": ("取り組み", "取組み", "取り組", "とりくみ"),
    "付添": ("付き添い", "付添い", "付き添", "つきそい"),
    "話合": ("話し合",),
    "話合い": ("話しあい", "はなしあい"),
    "問合せ": ("問い合わせ", "問い合せ", "問合わせ"),
    "打合せ": ("打ち合わせ", "打ち合せ", "打合わせ"),
    "見守": ("見守り", "見まもり", "みまもり"),
    "寄添": ("寄り添", "寄りそ"),
    "引籠り": ("ひきこもり", "引きこもり", "引き籠もり", "引き篭もり", "引籠もり", "引き籠り", "引篭り"),
    # 障害 / 障がい / 障碍: all three are in official use; search must not depend on which one a group chose.
    "障害": ("障がい", "障碍"),
}
"""Canonical form → the spellings that mean exactly the same word."""

KANJI_VARIANTS: dict[str, str] = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "邊": "辺",
    "邉": "辺",
    "濵": "浜",
    "濱": "浜",
    "齋": "斎",
    "齊": "斉",
    "櫻": "桜",
    "廣": "広",
    "澤": "沢",
    "嶋": "島",
    "國": "国",
    "會": "会",
    "舘": "館",
    "〻": "々",
}
"""Old/variant glyphs (旧字体・異体字) common in organisation and place names → the everyday kanji.
NFKC already maps the CJK compatibility ideographs; these are separate code points it leaves alone."""

DASHES = "-‐‑‒–—―−⁃⸺⸻ー─━﹘﹣"
"""Characters people type for the long-vowel mark or a hyphen (ASCII/full-width hyphen-minus, Unicode
dashes, minus sign, box-drawing lines). ｰ and － arrive here as ー and - through NFKC."""

WAVE_DASHES = "~〜〰∼∿⁓"
"""Wave dashes (～ arrives as ~ through NFKC): a range "15時〜19時" or a playful long vowel "はーい〜";
neither is worth matching, so they separate words."""

APOSTROPHES = "'‘’ʼ‛"
"""Deleted rather than turned into a space, so "children's" still contains "children" and "d'água" stays
one word."""

SMALL_KANA: dict[str, str] = {
    "ぁ": "あ",
    "ぃ": "い",
    "ぅ": "う",
    "ぇ": "え",
    "ぉ": "お",
    "っ": "つ",
    "ゃ": "や",
    "ゅ": "ゆ",
    "ょ": "よ",
    "ゎ": "わ",
    "ゕ": "か",
    "ゖ": "け",
    # Katakana-only small letters (Ainu extension block), folded straight to large hiragana.
    "ㇰ": "く",
    "ㇱ": "し",
    "ㇲ": "す",
    "ㇳ": "と",
    "ㇴ": "ぬ",
    "ㇵ": "は",
    "ㇶ": "ひ",
    "ㇷ": "ふ",
    "ㇸ": "へ",
    "ㇹ": "ほ",
    "ㇺ": "む",
    "ㇻ": "ら",
    "ㇼ": "り",
    "ㇽ": "る",
    "ㇾ": "れ",
    "ㇿ": "ろ",
}
"""Small kana → large kana (hiragana), so きゃ/きや, ティ/テイ, っ/つ meet."""

KATAKANA_SPECIAL: dict[str, str] = {
    # ヶ/ヵ are almost never a "ke" sound: 一ヶ月, 霞ヶ関, 3ヵ所 — fold them to か like 一か月/一カ月.
    "ヶ": "か",
    "ヵ": "か",
    # ヷヸヹヺ are old spellings of ヴァヴィヴェヴォ.
    "ヷ": "ゔあ",
    "ヸ": "ゔい",
    "ヹ": "ゔえ",
    "ヺ": "ゔお",
    "ヽ": "ゝ",
    "ヾ": "ゞ",
}
"""Katakana whose hiragana fold is not simply "code point − 0x60"."""

LATIN_LETTERS: dict[str, str] = {
    "đ": "d",
    "ð": "d",
    "ø": "o",
    "ł": "l",
    "ŀ": "l",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
}
"""Latin letters whose diacritic is not a separate combining mark (Vietnamese đ, Nordic ø, Polish ł …)."""

KEEP_SYMBOLS = "#$%&+@_.,:/"
"""ASCII punctuation kept because it is part of what people search for: #hashtag, 50%, C++, e-mail @,
snake_case IDs; . , : / only inside numbers, addresses and domains (1.5km, 15:00, 4/1, example.jp), see
i18n.normalize."""
