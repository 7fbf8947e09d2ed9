"""The cheap word statistics give what the per-entry tests gave: a word looked for once among all the texts
(`interests.found_among`) is found in exactly the texts `Concept.found_in` finds it in, and an entry's own
interest part is computed only where one of the person's words is found (`scoring.own_interests`), taken
from the statistics when they have it, and equal to `own_interest` everywhere."""

from __future__ import annotations

from dataclasses import replace

from i18n.normalize import normalize
from matching.engine import match
from matching.engine.interests import found_among, phrases, rarity, rarity_of
from matching.engine.scoring import interest_statistics, interest_weights, kind_affinity, own_interest, own_interests
from tests.matching.engine.test_match import TODAY, candidate, profile

TEXTS = [
    "喫茶 ひだまり 毎週お茶会",  # 茶 alone in お茶, not in 喫茶
    "茶",  # a bound form as the whole text
    "子育てサロン 野菜を育てる畑",  # 育て inside 子育て does not count, 野菜を育てる does
    "DIYクラブ 工作と修理",  # a Latin form standing as a word
    "diyer の集まり",  # ... and not inside another word
    "",
    "将棋と囲碁 体験会 体を動かす",  # 体 in 体験 is not the body, 体を動かす is
    "一緒にごはん 一緒に遊ぶ",
]
WORDS = ("お茶", "野菜を育てる", "DIY", "将棋", "体", "一緒", "ごはん")


def test_a_word_is_found_among_all_texts_where_it_is_found_in_each():
    asked = phrases(WORDS)
    documents = [normalize(text) for text in TEXTS]
    found = found_among(asked, documents)
    for item in asked:
        for concept in item.concepts:
            expected = {n for n, document in enumerate(documents) if concept.found_in(document) is not None}
            assert found[concept.word] == expected, concept.word
    assert any(found.values())


def test_rarity_from_counts_is_rarity():
    asked = phrases(WORDS)
    documents = [normalize(text) for text in TEXTS]
    counts = {word: len(hits) for word, hits in found_among(asked, documents).items()}
    assert rarity_of(asked, counts, len(documents)) == rarity(asked, documents)


def _entries():
    kinds = [("ibasho",), ("kodomo_shokudo",), ("volunteers_wanted",), ()]
    return [
        candidate(n + 1, name=text.split(" ")[0] or "名前", text=text, kinds=kinds[n % len(kinds)])
        for n, text in enumerate(TEXTS)
    ]


def test_own_interest_parts_are_computed_only_where_a_word_is_and_equal_everywhere():
    entries = _entries()
    documents = [normalize(c.text or c.name) for c in entries]
    for person in (
        profile(interests=["将棋", "お茶"]),
        profile(interests=["将棋"], strengths=["DIY", "野菜を育てる"]),
        profile(interests=[], strengths=["DIY"]),  # strengths only: nothing to read for entries not roles
        profile(interests=["の"]),  # nothing the analyser reads
    ):
        weights = interest_weights(person, documents)
        expected = [own_interest(person, c, d, weights) for c, d in zip(entries, documents, strict=True)]
        assert own_interests(person, entries, documents, weights) == expected
        assert kind_affinity(person, entries, documents, weights) == kind_affinity(
            person, entries, documents, weights, expected
        )


def test_the_engine_takes_the_statistics_own_parts_only_for_the_same_text():
    person = profile(interests=["将棋", "お茶"])
    entries = _entries()
    statistics = interest_statistics(person, entries)
    assert statistics.owns and set(statistics.owns) <= {c.service_id for c in entries}
    documents = [normalize(c.text or c.name) for c in entries]
    [known] = [c for c in entries if c.service_id in statistics.owns][:1]
    stale = {known.service_id: ("別の文章", 0.123)}
    owns = own_interests(person, entries, documents, statistics.weights, known=stale)
    assert 0.123 not in owns  # the text changed: computed again
    taken = own_interests(
        person,
        entries,
        documents,
        statistics.weights,
        known={known.service_id: (normalize(known.text or known.name), 0.123)},
    )
    assert 0.123 in taken
    near = [replace(c, lat=35.861, lon=139.971) for c in entries]
    with_statistics = match(person, near, TODAY, statistics=statistics)
    assert with_statistics.suggestions == match(person, near, TODAY).suggestions
