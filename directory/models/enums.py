"""Controlled vocabularies of the catalog (values are stored as these strings)."""

from __future__ import annotations

import enum


class EntryStatus(enum.StrEnum):
    """Editorial state of a catalog entry."""

    DRAFT = "draft"
    """下書き"""
    PENDING = "pending"
    """審査中: waiting in the review queue."""
    PUBLISHED = "published"
    """公開中"""
    ARCHIVED = "archived"
    """アーカイブ: soft-deleted, restorable by an admin."""


class HsdsStatus(enum.StrEnum):
    """HSDS 3.x service status (whether the activity is running at all)."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"
    TEMPORARILY_CLOSED = "temporarily closed"


class Visibility(enum.StrEnum):
    """Who may see an entry once published."""

    PUBLIC = "public"
    COORDINATORS = "coordinators"
    """コーディネーターのみ: オーダーメイドの個別メニュー built for one person."""


class Threshold(enum.StrEnum):
    """How a first-timer gets in."""

    DROP_IN = "drop-in"
    """予約不要: just come."""
    RESERVATION = "reservation"
    """予約制"""
    REFERRAL = "referral"
    """紹介のみ: through a coordinator or agency."""


class Space(enum.StrEnum):
    """守られた空間 (small, closed, known faces) or オープンな空間 (anyone walks in)."""

    PROTECTED = "protected"
    OPEN = "open"


class StepLevel(enum.StrEnum):
    """The first step a newcomer can take there (見学 → 体験 → 参加 → 役割)."""

    VISIT = "visit"
    """見学"""
    TRIAL = "trial"
    """体験"""
    JOIN = "join"
    """参加"""
    ROLE = "role"
    """役割"""


class LadderStage(enum.StrEnum):
    """Participation ladder (交流 → 趣味 → ボランティア → 就労): where a person can step up next."""

    SOCIAL = "social"
    """交流"""
    HOBBY = "hobby"
    """趣味"""
    VOLUNTEER = "volunteer"
    """ボランティア"""
    WORK = "work"
    """就労"""


class AgeBand(enum.StrEnum):
    """Age bands used by 参加費 in the 子ども食堂 standard layout."""

    INFANT = "infant"
    """幼児"""
    ELEMENTARY = "elementary"
    """小学生"""
    JUNIOR_HIGH = "junior_high"
    """中学生"""
    HIGH_SCHOOL = "high_school"
    """高校生"""
    ADULT = "adult"
    """大人"""


class AddressVisibility(enum.StrEnum):
    """Whether the exact address may be shown publicly."""

    PUBLIC = "public"
    AREA = "area"
    """Private home (…様方): the map shows a jittered ~300 m area, the detail page the 町域 only."""


class AreaKind(enum.StrEnum):
    """Kinds of administrative or school areas used for grouping and coverage."""

    DISTRICT = "district"
    """地区"""
    JUNIOR_HIGH = "junior_high"
    """中学校区"""
    ELEMENTARY = "elementary"
    """小学校区"""


class Frequency(enum.StrEnum):
    """RFC 5545 FREQ values used by schedules, plus IRREGULAR for 不定期."""

    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"
    IRREGULAR = "IRREGULAR"
    """不定期: no rule, the notes say when."""


class ReviewState(enum.StrEnum):
    """State of a change request in the review queue."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    """差し戻し"""
    WITHDRAWN = "withdrawn"


class ChangeKind(enum.StrEnum):
    """What a change request proposes."""

    NEW = "new"
    EDIT = "edit"
    CORRECTION = "correction"
    """情報が違う？ from a resident."""
    PUBLISH = "publish"
    """他の人にも開く: turn a custom menu into a public activity."""


class VolunteerStatus(enum.StrEnum):
    """Review state of a volunteer sign-up."""

    PENDING = "pending"
    ACTIVE = "active"
    INACTIVE = "inactive"
