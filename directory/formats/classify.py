"""Free text (活動内容, 対象者, 説明) → our taxonomy codes and participation-ladder stage.

Municipal and national lists describe activities in their own words (「体操・脳トレ・茶話会」, 「ボランティアによる
配食」). Keywords decide which of tsunagu's kinds and suitable-for tags (directory.catalog.taxonomy) an entry gets;
the original text always stays in the entry's description, so a wrong guess loses nothing and a curator can
correct it. Pure: no session.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from directory.models import LadderStage

# kind code → keywords; checked in this order, every match counts.
KIND_KEYWORDS: dict[str, tuple[str, ...]] = {
    "salon": (
        "サロン",
        "茶話",
        "お茶会",
        "体操",
        "運動",
        "脳トレ",
        "認知症予防",
        "介護予防",
        "百歳",
        "いきいき",
        "趣味",
        "カラオケ",
        "歌",
        "手芸",
        "囲碁",
        "将棋",
        "麻雀",
        "園芸",
        "書道",
        "折り紙",
        "ウォーキング",
        "レクリエーション",
        "会食",
        "おしゃべり",
        "交流",
    ),
    "ibasho": ("居場所", "カフェ", "多世代", "誰でも", "だれでも", "どなたでも", "ふらっと", "集い", "つどい"),
    "kodomo_shokudo": ("子ども食堂", "こども食堂", "子供食堂"),
    "study_support": ("学習支援", "宿題", "勉強会", "学習会", "無料塾"),
    "volunteers_wanted": ("ボランティア募集", "担い手募集", "ボランティア歓迎", "担い手"),
    "work_experience": ("就労", "就労体験", "有償", "仕事体験", "農作業", "軽作業"),
    "consultation": ("相談", "窓口"),
}

TAG_KEYWORDS: dict[str, tuple[str, ...]] = {
    "older_people": ("高齢", "65歳以上", "60歳以上", "シニア", "お年寄り", "介護予防"),
    "men_welcome": ("男性",),
    "parent_child": ("親子", "乳幼児", "子育て"),
    "disability_friendly": ("障害", "障がい"),
    "young_adults": ("若者", "青年"),
    "foreign_language": ("外国", "多言語", "日本語教室"),
    "solo_ok": ("一人でも", "おひとり", "ひとりでも"),
    "visit_ok": ("見学",),
}

# highest step first: the ladder stage is where a person can step up to here
LADDER_KEYWORDS: tuple[tuple[LadderStage, tuple[str, ...]], ...] = (
    (LadderStage.WORK, KIND_KEYWORDS["work_experience"]),
    (LadderStage.VOLUNTEER, ("ボランティア", "担い手", "運営スタッフ")),
    (LadderStage.HOBBY, ("趣味", "カラオケ", "手芸", "囲碁", "将棋", "園芸", "書道", "麻雀", "歌", "折り紙")),
)


@dataclass(frozen=True)
class Classification:
    """Kinds and tags (taxonomy codes) and the ladder stage a text suggests."""

    kinds: tuple[str, ...]
    tags: tuple[str, ...]
    ladder_stage: LadderStage

    @property
    def codes(self) -> tuple[str, ...]:
        """Kinds then tags: the term codes an entry gets."""
        return self.kinds + self.tags


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def classify(activity: str | None, audience: str | None = None, *, default_kind: str | None = None) -> Classification:
    """Classify an activity text (and its 対象者 text for tags); `default_kind` when no kind keyword matches."""
    what = _fold(activity or "")
    who = _fold(f"{audience or ''} {activity or ''}")
    kinds = tuple(code for code, words in KIND_KEYWORDS.items() if any(w in what for w in words))
    if not kinds and default_kind:
        kinds = (default_kind,)
    tags = tuple(code for code, words in TAG_KEYWORDS.items() if any(w in who for w in words))
    stage = next((stage for stage, words in LADDER_KEYWORDS if any(w in what for w in words)), LadderStage.SOCIAL)
    return Classification(kinds, tags, stage)
