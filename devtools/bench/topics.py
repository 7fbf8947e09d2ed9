"""The match benchmark's fixed vocabulary of hobbies and needs, and its relevance rule.

Written by hand, apart from the generator's descriptions (devtools/demo/kinds.py `what`/`whom`) and from the
engine's synonym table: each topic is what a person tells a coordinator ("電車が好き", "運転ならできる"), and
the activity variants a coordinator would judge it relevant to, by the variant's *key* only. A persona draws its
interests (and, for helping, its strengths) from one topic's phrasings; an entry is relevant 2 when the
generator made it from one of the topic's variants, 1 when it is of the same kind as one of them, else 0.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """A hobby or need in a resident's words, and the activity variants relevant to it."""

    key: str
    interests: tuple[str, ...]
    variants: frozenset[str]
    strengths: tuple[str, ...] = ()
    ages: tuple[int, int] = (20, 75)


def _t(key: str, interests: str, variants: str, strengths: str = "", ages: tuple[int, int] = (20, 75)) -> Topic:
    return Topic(key, tuple(interests.split()), frozenset(variants.split()), tuple(strengths.split()), ages)


TOPICS: tuple[Topic, ...] = (
    _t("games", "ゲーム 漫画 アニメ", "youth_cafe", ages=(15, 35)),
    _t("chat", "おしゃべり 人と話したい お茶", "community_cafe fureai_salon orange_cafe"),
    _t("boardgames", "将棋 囲碁 オセロ", "shogi"),
    _t("crafts", "手芸 編み物 ものづくり", "crafts"),
    _t("quiet", "静かに過ごしたい 一人で過ごせる所", "quiet_room", ages=(15, 45)),
    _t("singing", "歌 カラオケ 音楽", "song_salon"),
    _t("exercise", "体操 体を動かしたい 健康づくり", "exercise_salon"),
    _t("cooking", "料理 お菓子づくり 食べること", "mens_cooking cook_volunteer", ages=(30, 75)),
    _t("dementia", "物忘れが心配 認知症の家族", "orange_cafe", ages=(50, 85)),
    _t("farming", "畑 土いじり 野菜を育てる", "farm park_volunteer"),
    _t("service_work", "接客 カフェで働きたい 働く練習", "cafe_work light_work", ages=(18, 45)),
    _t("care_work", "介護の仕事 お年寄りの手伝い", "care_work visiting_volunteer", ages=(18, 60)),
    _t("temple", "お寺 掃除 静かな作業", "temple_work temple_shokudo"),
    _t("meals", "ごはん 食事 一緒に食べる", "shokudo pantry_shokudo temple_shokudo"),
    _t("study", "勉強 宿題 受験", "junior_study high_school_study homework_club", ages=(10, 17)),
    _t("japanese", "日本語 日本語を学びたい", "japanese_study foreign_desk"),
    _t("driving", "ドライブ 車", "driver_volunteer", strengths="運転できる 車の運転", ages=(40, 75)),
    _t("teaching", "子どもに教える 勉強を教える", "tutor_volunteer", strengths="教えるのが得意", ages=(20, 70)),
    _t("nature", "公園 花 自然", "park_volunteer farm"),
    _t("visiting", "話し相手 お年寄りと話す", "visiting_volunteer", strengths="聞き上手"),
    _t("worries", "悩み 相談したい 生活の困りごと", "welfare_desk youth_desk"),
    _t("family", "家族のこと 子どものひきこもり", "family_meeting", ages=(40, 80)),
)
"""Every topic a persona can be built from."""


def relevance(topic: Topic, variant_key: str | None, kinds: tuple[str, ...], kind_of: dict[str, str]) -> int:
    """2 for an entry made from one of the topic's variants, 1 for one of their kinds, else 0."""
    if variant_key in topic.variants:
        return 2
    wanted = {kind_of[key] for key in topic.variants if key in kind_of}
    return 1 if wanted & set(kinds) else 0
