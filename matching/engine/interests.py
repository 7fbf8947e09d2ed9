"""Interests and strengths that count: what a person says they like or can do, found in an entry's text.

The person's words are analysed with SudachiPy (its core dictionary): each interest or strength ("電車",
"子どもと遊ぶのが得意", "運転できる") becomes its content words' normalised forms (子ども → 子供; verbs in their
dictionary form), minus words that say how the person feels about it (好き, 得意, できる …). Each content word
becomes a *concept*: the word with its synonyms from SYNONYMS (電車 → 鉄道, 列車 …) and, for a verb, the stems its
conjugated forms begin with (過ごす → 過ごし, 過ごせ; 遊ぶ → 遊び, 遊ん; 育てる → 育て). An entry has a concept when
one of those forms occurs in its text normalised by `i18n.normalize` (the same folding as search: 表記ゆれ, width,
kana). How much it counts there is its *evidence*: fully when the entry's name has it, less for one mention in
the description, more for repeated mentions (field weights and saturation as in BM25F).

Each concept weighs by its rarity among the entries within the person's reach (`rarity`, IDF): a word most
entries have (一緒, 家族 among 子ども食堂) hardly counts, a specific one (将棋, 土いじり) decides.

Only the person's side is analysed — once per profile, cached — and an entry is a substring test against its
normalised text, which the engine already caches: Japanese has no spaces, so a form found inside a compound
(料理 in 料理教室, 送迎 in 送迎ボランティア) is the match wanted, and no entry is tokenised on any query.
Forms in Latin letters (pc, it, diy) must stand as a word, so "it" is not found in "visit"; a single kanji
and a verb's forms must not sit inside a kanji compound (`standalone`), so お茶 is not found in 喫茶, 体 not in
体験 and 育てる not in 子育て, while 料理 is still found in 料理教室.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from sudachipy.sudachipy import Dictionary, SplitMode, Tokenizer

from i18n.normalize import normalize

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("電車", "鉄道", "列車", "汽車", "鉄道模型", "SL"),
    (
        "パソコン",
        "PC",
        "IT",
        "コンピューター",
        "コンピュータ",
        "スマホ",
        "スマートフォン",
        "プログラミング",
        "デジタル",
    ),
    (
        "畑",
        "農作業",
        "園芸",
        "家庭菜園",
        "農業",
        "ガーデニング",
        "野菜作り",
        "野菜づくり",
        "花壇",
        "農園",
        "土いじり",
        "土弄り",
        "収穫",
    ),
    ("料理", "調理", "クッキング", "お菓子作り", "食事作り", "食育"),
    ("ご飯", "御飯", "ごはん", "食事", "会食", "食卓", "夕食", "昼食", "弁当", "お弁当", "配食"),
    ("食材", "食品", "食料", "フードパントリー", "パントリー", "フードバンク", "フードドライブ"),
    ("運転", "送迎", "ドライバー", "ドライブ"),
    ("子供", "児童", "小学生", "子育て"),
    ("遊ぶ", "遊び相手"),
    ("音楽", "歌", "カラオケ", "合唱", "楽器", "演奏"),
    ("将棋", "囲碁", "麻雀", "ボードゲーム", "オセロ"),
    ("散歩", "ウォーキング", "体操", "運動", "スポーツ", "ストレッチ"),
    ("手芸", "編み物", "裁縫", "刺繍", "手作り", "ものづくり", "物作り", "物づくり", "クラフト"),
    ("絵", "絵画", "美術", "アート", "書道", "塗り絵"),
    ("勉強", "学習", "宿題", "学習支援", "寺子屋", "塾"),
    ("写真", "カメラ"),
    ("掃除", "清掃", "片付け", "美化"),
    ("大工", "DIY", "修理", "工作", "木工", "ものづくり", "物作り", "物づくり"),
    ("動物", "犬", "猫", "ペット"),
    ("話す", "お話", "話し相手", "おしゃべり", "傾聴", "会話", "交流", "ふれあい", "触れ合い"),
    ("相談", "悩み", "悩む", "悩み相談", "困りごと", "困り事", "よろず相談"),
    ("接客", "販売", "店番", "レジ", "カフェ", "喫茶", "ホール係"),
    ("居場所", "溜まり場", "たまり場", "憩い", "フリースペース"),
    ("読書", "図書", "読み聞かせ", "絵本"),
    ("高齢者", "高齢", "お年寄り", "年寄り", "シニア", "年配"),
    ("手伝い", "手伝う", "手伝っ", "お手伝い", "手助け", "補助", "サポート"),
    ("聞き上手", "傾聴", "話を聞く", "お話を聞く", "話を聴く"),
)
"""Words a coordinator hears for the same thing; every word of a group finds every other."""

FEELING_WORDS = frozenset(
    "好き 得意 苦手 嫌い 興味 関心 趣味 出来る 為る 有る 居る 成る 思う".split()
    + "事 こと 物 もの 方 所 時 人 自分 最近 昔 家 少し 色々".split()
)
"""Content words that say how one relates to a thing, not what it is: never a concept of their own."""
CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
BODY_HIT = 0.6
"""How much a word found only in the entry's description (not its name) counts, once: a 将棋 club is named
for 将棋, while a 子ども食堂 that mentions 将棋 in passing is not about it (field weights: name > the rest)."""
REPEAT_K = 1.2
"""Saturation of repeated mentions (BM25's k1): each further mention in the description closes part of the gap
to a name hit, (n − 1) / (n − 1 + k) of it: 2 mentions 0.78, 3 mentions 0.85."""
RARITY_FLOOR = 0.05
"""The weight of a word every candidate has: small, never 0 (a phrase of only such words still counts)."""
_GODAN_ROWS = {
    "う": "いえおっ",
    "く": "きけこい",
    "ぐ": "ぎげごい",
    "す": "しせそ",
    "つ": "ちてとっ",
    "ぬ": "にねのん",
    "ぶ": "びべぼん",
    "む": "みめもん",
    "る": "りれろっ",
}
"""A 五段 verb's last kana → the kana its other forms end in: 連用, 仮定・可能, 意志, then the 音便 of て/た
(話す has none: 話して is 連用). Not the 未然 form: it is what ない, れる and せる follow, so 「話さなくても大丈夫」
is the opposite of a place to talk."""
_LATIN = re.compile(r"[0-9a-z]+")
_KANJI = re.compile(r"[\u4e00-\u9fff々〆ヶ]")


@dataclass(frozen=True, slots=True)
class Concept:
    """One content word of what the person said, with every normalised form that counts as finding it."""

    word: str
    forms: tuple[tuple[str, str], ...]
    """(normalised form, the word as written in SYNONYM_GROUPS or by the person), to name what was found."""
    latin: re.Pattern[str] | None = None
    """Forms in Latin letters, which must stand as a word."""
    latin_forms: tuple[str, ...] = ()
    """The same forms as plain strings: a substring test first, the word-boundary regex only on a hit."""
    bound: frozenset[str] = frozenset()
    """Forms that count only outside a kanji compound (`standalone`): a single kanji (茶 is not found in
    喫茶, 体 not in 体験, 寺 not in 寺子屋) and the forms of a verb (育て is not found in 子育て)."""

    def evidence(self, document: str, name: str) -> float:
        """How strongly the entry is about this word, in [0, 1]: 1 when its name has it, BODY_HIT for one mention
        in the rest of its text, rising with further mentions (`REPEAT_K`); 0 when absent."""
        if self.found_in(document) is None:
            return 0.0
        if self.found_in(name) is not None:
            return 1.0
        mentions = sum(self._mentions(form, document) for form, _written in self.forms) or 1
        return BODY_HIT + (1 - BODY_HIT) * (mentions - 1) / (mentions - 1 + REPEAT_K)

    def found_in(self, document: str) -> str | None:
        """The word found in the entry's normalised text (as written, e.g. "鉄道"), or None."""
        for form, written in self.forms:
            if form in document and (form not in self.bound or self._mentions(form, document)):
                return written
        if self.latin is not None and any(form in document for form in self.latin_forms):
            hit = self.latin.search(document)
            if hit is not None:
                return hit.group(1).upper()
        return None

    def found_among(self, texts: Texts) -> set[int]:
        """The positions in `texts` of the documents where `found_in` finds this word: one scan of their joined
        text per form instead of one test per document per form."""
        found: set[int] = set()
        joined, starts = texts.joined, texts.starts
        for form, _written in self.forms:
            bound = form in self.bound
            for start in _occurrences(form, joined):
                if not bound or standalone(form, joined, start):
                    found.add(bisect_right(starts, start) - 1)
        if self.latin is not None:
            found.update(bisect_right(starts, hit.start()) - 1 for hit in self.latin.finditer(joined))
        return found

    def _mentions(self, form: str, document: str) -> int:
        """How many times the form occurs in the text as a word of its own (for a `bound` form: not inside a
        kanji compound)."""
        if form not in self.bound:
            return document.count(form)
        return sum(1 for start in _occurrences(form, document) if standalone(form, document, start))


def _occurrences(form: str, document: str) -> Iterator[int]:
    start = document.find(form)
    while start >= 0:
        yield start
        start = document.find(form, start + 1)


def standalone(form: str, document: str, start: int) -> bool:
    """Whether the form at `start` is a word of its own rather than part of a kanji compound: no kanji right
    before it and, for a single kanji, none right after it either (お茶 and 茶の間 are tea, 喫茶 is a café;
    体を動かす is the body, 体験 is not). A verb's forms are checked before only (育てる in 野菜を育てる, not
    子育て), since what follows a verb stem is its ending."""
    before = document[start - 1] if start > 0 else ""
    if _KANJI.match(before):
        return False
    if len(form) == 1:
        end = start + 1
        return not (end < len(document) and _KANJI.match(document[end]))
    return True


SEPARATOR = "\x00"
"""Between the documents of `Texts.joined`: no form contains it and, not being a kanji nor a Latin letter, it
bounds a word as the start or end of a document does (`standalone`, `Concept.latin`)."""


@dataclass(frozen=True, slots=True)
class Texts:
    """Normalised documents joined into one text (by SEPARATOR), so that finding a word among all of them is one
    scan per form (`Concept.found_among`); `starts` holds where each document begins, in order."""

    joined: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, documents: Sequence[str]) -> Texts:
        ends = accumulate(len(document) + len(SEPARATOR) for document in documents)
        return cls(SEPARATOR.join(documents), (0, *ends)[: len(documents)])


def found_among(asked: Iterable[Phrase], documents: Sequence[str]) -> dict[str, set[int]]:
    """Per concept of these phrases, the positions of the documents that have it (`Concept.found_in`)."""
    concepts = {c.word: c for item in asked for c in item.concepts}
    texts = Texts.of(documents) if concepts else Texts("", ())
    return {word: concept.found_among(texts) for word, concept in concepts.items()}


@dataclass(frozen=True, slots=True)
class Phrase:
    """One interest or strength as the person said it, and its concepts."""

    text: str
    concepts: tuple[Concept, ...]


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """How much of one phrase an entry has: the share of its concepts found, and the forms that were found."""

    phrase: str
    share: float
    found: tuple[str, ...]


@lru_cache(maxsize=65536)
def folded(text: str) -> str:
    """An entry's text (or name) normalised as search does, cached: the same entries come back query after query."""
    return normalize(text)


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    """The Sudachi tokenizer, loaded on first use (its dictionary takes ~0.5 s)."""
    return Dictionary().tokenizer(SplitMode.C)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, ...]]:
    """Normalised word → every word of its synonym groups (itself included)."""
    table: dict[str, list[str]] = {}
    for group in SYNONYM_GROUPS:
        for word in group:
            table.setdefault(normalize(word), []).extend(group)
    return {key: tuple(dict.fromkeys(words)) for key, words in table.items()}


def _verb_stems(lemma: str, conjugation: str) -> tuple[str, ...]:
    """What the verb's other forms begin with, so that a text's conjugated verb is found: 過ごす → 過ごさ, 過ごし,
    過ごせ (過ごせる), 過ごそ; 遊ぶ → 遊ん (遊んで); 育てる → 育て. Stems of one character are left out (話す's 話
    would find 話題, 電話)."""
    if conjugation.startswith("五段") and lemma[-1:] in _GODAN_ROWS:
        stems = tuple(lemma[:-1] + kana for kana in _GODAN_ROWS[lemma[-1]])
    elif conjugation.startswith(("上一段", "下一段")) and lemma.endswith("る"):
        stems = (lemma[:-1],)
    else:
        return ()
    return tuple(stem for stem in stems if len(stem) > 1)


def _concept(word: str, extra: Iterable[str], *, verb: bool = False) -> Concept:
    written = (*_synonyms().get(normalize(word), (word,)), *extra)
    forms = {normalize(w): w for w in reversed(written)}  # reversed: the first spelling of a form wins
    latin = [f for f in forms if _LATIN.fullmatch(f)]
    pattern = re.compile("(?<![0-9a-z])(" + "|".join(map(re.escape, latin)) + ")(?![0-9a-z])") if latin else None
    kept = tuple((f, forms[f]) for f in dict.fromkeys(normalize(w) for w in written) if f and f not in latin)
    inflected = {normalize(w) for w in (word, *extra)} if verb else set()
    single = {f for f, _w in kept if len(f) == 1}
    bound = frozenset(f for f, _w in kept if (f in single or f in inflected) and _KANJI.match(f[:1]))
    return Concept(word, kept, pattern, tuple(latin), bound)


def _conjugation(lemma: str, conjugation: str) -> str:
    """The conjugation type of the verb's dictionary form: a potential form (過ごせる, 下一段) is read as its
    lemma (過ごす, 五段), so that 過ごせる所 finds 過ごします as well as 過ごせます."""
    tokens = _tokenizer().tokenize(lemma)
    if len(tokens) == 1 and tokens[0].part_of_speech()[0] == "動詞":
        return str(tokens[0].part_of_speech()[4])
    return conjugation


@lru_cache(maxsize=4096)
def phrase(text: str) -> Phrase:
    """The concepts of one interest or strength (analysed once per process per text)."""
    concepts: dict[str, Concept] = {}
    known = _synonyms().get(normalize(text))
    if known is not None:  # a listed word as a whole (鉄道模型, 学習支援) before its parts
        concepts[text] = _concept(text, ())
    else:
        prefix = ""
        for morpheme in _tokenizer().tokenize(text):
            pos = morpheme.part_of_speech()
            lemma = morpheme.normalized_form()
            honorific, prefix = prefix, morpheme.surface() if pos[0] == "接頭辞" else ""
            if pos[0] not in CONTENT_POS or pos[1] in ("数詞", "非自立可能", "代名詞") or lemma in FEELING_WORDS:
                continue
            if len(lemma) < 2 and not re.match(r"[\u4e00-\u9fff]", lemma):
                continue
            verb = pos[0] == "動詞"
            stems = _verb_stems(lemma, _conjugation(lemma, pos[4])) if verb else ()
            # a word listed with its honorific prefix (お年寄り, お話) finds its synonyms (高齢の方, 傾聴)
            listed = _synonyms().get(normalize(honorific + morpheme.surface()), ()) if honorific else ()
            concepts.setdefault(lemma, _concept(lemma, (*stems, *listed), verb=verb))
    return Phrase(text, tuple(concepts.values()))


@lru_cache(maxsize=4096)
def phrases(texts: tuple[str, ...]) -> tuple[Phrase, ...]:
    """The phrases of a profile's interests (or strengths) that have at least one concept."""
    return tuple(p for p in (phrase(text) for text in texts) if p.concepts)


def match_phrases(asked: tuple[Phrase, ...], document: str) -> tuple[PhraseMatch, ...]:
    """Per phrase, the share of its concepts the entry's normalised text has, and the forms found there."""
    matches = []
    for item in asked:
        found = [form for form in (c.found_in(document) for c in item.concepts) if form is not None]
        matches.append(PhraseMatch(item.text, len(found) / len(item.concepts), tuple(found)))
    return tuple(matches)


def rarity(asked: Iterable[Phrase], documents: Sequence[str]) -> dict[str, float]:
    """Each concept's weight over these documents (the entries within the person's reach): its IDF,
    ln((N + 1) / (df + 1)), at least RARITY_FLOOR, so a word most entries have (一緒, 家族, 過ごす in a list
    of 子ども食堂) hardly counts and a rare, specific one (将棋, 土いじり) decides. A word no candidate has
    tells none of them apart: as the rarest it would outweigh the rest of its phrase and shrink every entry's
    interest part against its distance, so it weighs as much as the phrase's other words on average (お年寄り
    の手伝い where no entry says 手伝い: an entry about 高齢の方 has half of it), and 0 when the phrase has
    nothing any candidate has (then the phrase is left out, `share_found`). Computed once per query."""
    asked = tuple(asked)
    return rarity_of(asked, {word: len(hits) for word, hits in found_among(asked, documents).items()}, len(documents))


def rarity_of(asked: Sequence[Phrase], found: Mapping[str, int], documents: int) -> dict[str, float]:
    """`rarity` from how many of the documents have each concept (`found`, by word) and how many there are."""
    total = documents + 1
    weights = {word: max(RARITY_FLOOR, math.log(total / (1 + df))) for word, df in found.items() if df}
    for item in asked:
        present = [weights[c.word] for c in item.concepts if c.word in weights]
        for concept in item.concepts:
            if not found[concept.word]:
                weights.setdefault(concept.word, sum(present) / len(present) if present else 0.0)
    return weights


def share_found(
    asked: tuple[Phrase, ...], document: str, weights: Mapping[str, float] | None = None, name: str | None = None
) -> float:
    """`fit(match_phrases(asked, document))` without naming what was found: the per-candidate scoring path.
    With `weights` (from `rarity`), each phrase's share is weighted by its concepts' rarity instead of counted;
    with `name` (the entry's normalised name), each concept counts by its `Concept.evidence` (name > text,
    repeated mentions more) instead of found or not."""
    if not asked:
        return 0.0
    total, counted = 0.0, 0
    for item in asked:
        if name is None:
            scores = [1.0 if c.found_in(document) is not None else 0.0 for c in item.concepts]
        else:
            scores = [c.evidence(document, name) for c in item.concepts]
        if weights is None:
            total, counted = total + sum(scores) / len(item.concepts), counted + 1
            continue
        weight = sum(weights.get(c.word, 1.0) for c in item.concepts)
        if weight:  # a phrase no candidate has anything of is left out, as its words are (`rarity`)
            found = sum(weights.get(c.word, 1.0) * score for c, score in zip(item.concepts, scores, strict=True))
            total, counted = total + found / weight, counted + 1
    return total / counted if counted else 0.0


def fit(matches: tuple[PhraseMatch, ...]) -> float:
    """The mean share over the phrases: 1 when the entry has everything the person named."""
    return sum(m.share for m in matches) / len(matches) if matches else 0.0
