"""Interests and strengths that count: Japanese-aware matching with SudachiPy and a synonym table."""

from __future__ import annotations

import datetime as dt

from directory.schedules import Rule
from i18n.normalize import normalize
from matching.engine import Cost, match
from matching.engine.interests import RARITY_FLOOR, match_phrases, phrase, phrases, rarity, share_found
from tests.matching.engine.test_match import TODAY, candidate, profile

EVERY_DAY = tuple(
    Rule("WEEKLY", byday=day, opens_at=dt.time(10), closes_at=dt.time(16)) for day in ("MO", "TU", "WE", "TH", "FR")
)
WEEKDAYS = [{"day": day, "start": "09:00", "end": "17:00"} for day in ("mon", "tue", "wed", "thu", "fri")]


def entry(service_id, name, text, *, km=0.5, kinds=("ibasho",), **overrides):
    return candidate(
        service_id,
        name=name,
        text=f"{name} {text}",
        kinds=kinds,
        lat=35.86 + km / 111.0,
        rules=EVERY_DAY,
        costs=(Cost("adult", None, True),),
        **overrides,
    )


def found(words, text):
    return [(m.share, m.found) for m in match_phrases(phrases(tuple(words)), normalize(text))]


def test_content_words_are_read_with_their_normalised_forms_and_feeling_words_are_dropped():
    assert [c.word for c in phrase("子どもと遊ぶのが得意").concepts] == ["子供", "遊ぶ"]
    assert [c.word for c in phrase("運転できる").concepts] == ["運転"]
    assert phrase("好き").concepts == ()


def test_synonyms_inflections_and_latin_words_are_found():
    assert found(["電車"], "鉄道模型の運転会") == [(1.0, ("鉄道",))]
    assert found(["パソコン"], "スマホ・PC相談会") == [(1.0, ("スマホ",))]
    assert found(["パソコン"], "初心者のためのPC教室") == [(1.0, ("PC",))]
    assert found(["パソコン"], "visit the city") == [(0.0, ())]  # "it" must stand as a word
    assert found(["畑"], "みんなで家庭菜園") == [(1.0, ("家庭菜園",))]
    assert found(["子どもと遊ぶのが得意"], "子供たちの遊び相手になってください") == [(1.0, ("子供", "遊び相手"))]
    assert found(["子どもと遊ぶのが得意"], "こどもと外で遊びます") == [(1.0, ("子供", "遊び"))]
    assert found(["野菜を育てる"], "一緒に育てて収穫") == [(0.5, ("育て",))]
    assert found(["料理"], "ｸｯｷﾝｸﾞ教室") == [(1.0, ("クッキング",))]


def test_a_man_in_his_forties_who_likes_trains_and_computers_gets_them_first():
    person = profile(age=44, interests=["電車", "パソコン"], available=WEEKDAYS, max_cost_yen=0, max_distance_km=5)
    entries = [
        entry(1, "家族のつどい", "ひきこもりの家族が集まって話し合います", km=0.2, kinds=("family_meeting",)),
        entry(2, "鉄道模型クラブ", "ジオラマを作り、鉄道模型を走らせます", km=3.0, kinds=("hobby",)),
        entry(3, "シニアのスマホ・PC教室", "パソコンの基本から", km=2.5, kinds=("study",)),
        entry(4, "ふらっとカフェ", "誰でも立ち寄れる居場所です", km=0.4),
        entry(5, "体操教室", "椅子に座ってできる体操", km=0.6, kinds=("exercise",)),
    ]
    result = match(person, entries, TODAY)
    assert [s.service_id for s in result.suggestions[:2]] == [3, 2]
    reasons = {r.code: r.params for r in result.suggestions[1].reasons}
    assert reasons["interest"] == {"words": ["電車"], "found": ["鉄道"]}


def test_a_retired_man_who_drives_finds_the_transport_volunteer_post_near_the_top():
    person = profile(
        age=68, interests=["囲碁"], strengths=["運転できる"], available=WEEKDAYS, max_cost_yen=0, max_distance_km=5
    )
    near = [entry(n, f"サロン{n}", "お茶を飲みながらおしゃべり", km=0.1 * n, kinds=("salon",)) for n in range(1, 10)]
    driver = entry(
        20,
        "送迎ボランティア",
        "サロンへの送迎をお願いできる方を募集しています",
        km=3.5,
        kinds=("volunteers_wanted",),
        step_level="role",
    )
    result = match(person, [*near, driver], TODAY)
    ranked = [s.service_id for s in result.suggestions]
    assert ranked.index(20) <= 2
    reasons = {r.code: r.params for r in result.suggestions[ranked.index(20)].reasons}
    assert reasons["strength"] == {"words": ["運転できる"], "found": ["送迎"]}


def test_strengths_count_only_for_entries_that_ask_for_help():
    person = profile(strengths=["運転できる"], interests=[])
    hobby = entry(1, "ドライブの会", "みんなでドライブ")
    role = entry(2, "ドライブの会のお手伝い", "みんなでドライブ", kinds=("volunteers_wanted",))
    parts = {s.service_id: s.parts["interest"] for s in match(person, [hobby, role], TODAY).suggestions}
    assert parts[2] == 1.0 and parts[1] < 1.0


def test_a_word_most_candidates_have_weighs_less_than_a_rare_specific_one():
    asked = phrases(("家族と一緒に将棋",))
    documents = [normalize(f"家族で一緒に過ごす食堂 {n}") for n in range(9)] + [normalize("将棋サロン")]
    weights = rarity(asked, documents)
    assert weights["将棋"] > 5 * weights["家族"]
    assert weights["家族"] == weights["一緒"] >= RARITY_FLOOR
    common, rare = share_found(asked, documents[0], weights), share_found(asked, documents[-1], weights)
    assert rare > common  # unweighted it would be 1/3 against 2/3
    assert share_found(asked, documents[0]) > share_found(asked, documents[-1])


def test_the_entry_with_the_rare_word_the_person_named_comes_before_the_common_ones():
    person = profile(age=70, interests=["家族と一緒に将棋"], available=WEEKDAYS, max_cost_yen=0, max_distance_km=5)
    entries = [entry(n, f"ふれあい食堂{n}", "家族みんなで一緒に過ごす食堂です", km=0.3) for n in range(1, 9)]
    entries.append(entry(20, "将棋の会", "初心者歓迎、駒の動かし方から", km=0.6, kinds=("hobby",)))
    result = match(person, entries, TODAY)
    assert result.suggestions[0].name == "将棋の会"


def test_everyday_words_of_real_entries_find_their_synonyms():
    assert found(["土いじり"], "みんなで家庭菜園と収穫体験") == [(1.0, ("家庭菜園",))]
    assert found(["ものづくり"], "親子で木工教室") == [(1.0, ("木工",))]
    assert found(["悩み"], "子育ての相談もできます") == [(1.0, ("相談",))]
    assert found(["接客"], "地域カフェのお手伝い") == [(1.0, ("カフェ",))]
    assert found(["ご飯"], "温かい食事を提供します") == [(1.0, ("食事",))]


def test_conjugated_verbs_in_an_entry_are_found():
    assert found(["静かに過ごしたい"], "少人数でゆっくり過ごせる部屋") == [(0.5, ("過ごせ",))]
    assert found(["子どもと遊ぶのが得意"], "子どもたちと遊んでください") == [(1.0, ("子供", "遊ん"))]


def test_an_entry_named_for_the_interest_comes_before_one_that_mentions_it_in_passing():
    person = profile(age=70, interests=["お寺"], available=WEEKDAYS, max_cost_yen=0, max_distance_km=5)
    passing = entry(1, "ふれあい食堂", "会場は近くのお寺の隣の公民館です", km=0.5)
    named = entry(2, "お寺の朝そうじ", "本堂の掃除を一緒にします", km=0.6)
    result = match(person, [passing, named], TODAY)
    assert [s.service_id for s in result.suggestions] == [2, 1]
    assert result.suggestions[0].parts["interest"] > result.suggestions[1].parts["interest"]


def test_an_entry_of_the_kind_the_persons_words_point_to_comes_before_an_unrelated_one():
    person = profile(age=70, interests=["将棋"], available=WEEKDAYS, max_cost_yen=0, max_distance_km=5)
    clubs = [entry(n, f"将棋クラブ{n}", "駒の動かし方から教えます", km=2.0 + n / 10) for n in range(1, 4)]
    ibasho = entry(10, "ふらっとカフェ", "誰でも立ち寄れる居場所です", km=1.0)
    exercise = entry(11, "体操教室", "椅子に座ってできる体操", km=1.0, kinds=("exercise",))
    result = match(person, [*clubs, ibasho, exercise], TODAY)
    parts = {s.service_id: s.parts["interest"] for s in result.suggestions}
    ranked = [s.service_id for s in result.suggestions]
    assert parts[10] > parts[11] and ranked.index(10) < ranked.index(11)
    assert all(parts[10] < parts[n] for n in range(1, 4))  # the word itself still counts more
    reasons = {r.code for r in result.suggestions[ranked.index(10)].reasons}
    assert "interest" not in reasons  # no word of theirs was found there: none is claimed


def test_a_single_kanji_or_a_verb_counts_only_as_a_word_of_its_own_not_inside_a_compound():
    assert found(["お茶"], "うたごえ喫茶 懐かしい歌を歌います") == [(0.0, ())]
    assert found(["お茶"], "お茶を飲みながらおしゃべり") == [(1.0, ("茶",))]
    assert found(["お茶"], "地域の茶の間") == [(1.0, ("茶",))]
    assert found(["体を動かしたい"], "軽作業の体験") == [(0.0, ())]
    assert found(["体を動かしたい"], "無理なく体を動かします") == [(1.0, ("体", "動かし"))]
    assert found(["野菜を育てる"], "子育て中のご家庭の相談") == [(0.0, ())]
    assert found(["野菜を育てる"], "野菜を育てています") == [(1.0, ("野菜", "育て"))]


def test_a_negated_verb_is_not_what_the_person_asked_for():
    assert found(["人と話したい"], "話さなくても大丈夫です") == [(0.0, ())]
    assert found(["人と話したい"], "みんなで話します") == [(1.0, ("話し",))]


def test_a_potential_verb_finds_its_plain_forms_and_honorific_words_find_their_synonyms():
    assert found(["一人で過ごせる所"], "ひとりで静かに過ごします") == [(0.5, ("過ごし",))]
    assert found(["お年寄りの手伝い"], "高齢の方の送迎を手伝ってください") == [(1.0, ("高齢", "手伝っ"))]
    assert [c.word for c in phrase("家族のこと").concepts] == ["家族"]


def test_a_person_who_wants_to_help_older_people_gets_the_visiting_volunteer_post_before_a_closer_cafe():
    person = profile(age=35, interests=["お年寄りの手伝い"], available=WEEKDAYS, max_cost_yen=0, max_distance_km=5)
    singing = entry(1, "うたごえ喫茶", "懐かしい歌をみんなで歌います", km=0.2, kinds=("salon",))
    visiting = entry(
        2,
        "見守り訪問ボランティア",
        "ひとり暮らしの高齢の方のお宅を訪ね、お話を聞くボランティアです",
        km=2.5,
        kinds=("volunteers_wanted",),
        step_level="role",
    )
    result = match(person, [singing, visiting], TODAY)
    assert [s.service_id for s in result.suggestions] == [2, 1]
    reasons = {r.code: r.params for r in result.suggestions[0].reasons}
    assert reasons["interest"] == {"words": ["お年寄りの手伝い"], "found": ["高齢"]}


def test_a_word_no_candidate_has_neither_decides_nor_vanishes():
    asked = phrases(("子どもに教える",))
    documents = [normalize(f"子ども食堂{n} みんなで食べます") for n in range(5)] + [normalize("将棋クラブ")]
    weights = rarity(asked, documents)
    assert weights["教える"] == weights["子供"] > 0  # 教える is nowhere: it weighs as an average word
    assert share_found(asked, documents[0], weights, normalize("子ども食堂0")) == 0.5  # half of what was said
    assert rarity(phrases(("鉄道",)), documents) == {"鉄道": 0.0}
    assert share_found(phrases(("鉄道",)), documents[0], {"鉄道": 0.0}) == 0.0


def test_variety_never_puts_an_unrelated_kind_in_place_of_what_the_person_named():
    person = profile(age=70, interests=["将棋"], available=WEEKDAYS, max_cost_yen=0, max_distance_km=5)
    clubs = [
        entry(n, f"将棋クラブ{n}", "駒の動かし方から教えます", km=1.0 + n / 10, organization_id=n) for n in range(4)
    ]
    exercise = entry(10, "体操教室", "椅子に座ってできる体操", km=0.2, kinds=("exercise",), organization_id=10)
    salon = entry(11, "ふれあいサロン", "お茶を飲んで将棋も指せます", km=0.3, kinds=("salon",), organization_id=11)
    shown = [s.service_id for s in match(person, [*clubs, exercise, salon], TODAY, limit=3).suggestions]
    assert 10 not in shown  # the 体操教室 is closer, but nothing of 将棋 is there
    assert 11 in shown and len(shown) == 3  # a サロン where one plays 将棋 is variety worth showing
