"""Activities and resources a person can join (HSDS service) and their per-service facts."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.enums import (
    AgeBand,
    EntryStatus,
    HsdsStatus,
    LadderStage,
    Space,
    StepLevel,
    Threshold,
    Visibility,
)
from directory.models.provenance import HsdsIdentity, Provenance
from tsunagu.db import Base, JSONType, UTCDateTime, str_enum

if TYPE_CHECKING:
    from directory.models.location import ServiceAtLocation
    from directory.models.organization import Organization
    from directory.models.schedule import Schedule
    from directory.models.taxonomy import TaxonomyTerm
    from directory.models.translation import ServiceTranslation


class Atmosphere(enum.StrEnum):
    """雰囲気: what a first-timer wants to know before going."""

    QUIET = "quiet"
    """静か"""
    LIVELY = "lively"
    """にぎやか"""


class GroupSize(enum.StrEnum):
    """Usual number of participants."""

    SMALL = "small"
    """少人数 (~5)"""
    MEDIUM = "medium"
    """10–20"""
    LARGE = "large"
    """20+"""


class Service(HsdsIdentity, Provenance, Base):
    """活動・地域資源 — one thing a person can join.

    居場所, サロン, 就労体験, 子ども食堂, 学習支援, ボランティア募集, 相談窓口 …

    HSDS 3.1 service plus the Japanese profile of DESIGN.md (threshold, space, step level, ladder stage…).
    Kinds and suitable-for tags are taxonomy terms.
    """

    __tablename__ = "services"
    __table_args__ = (
        Index("ix_services_public", "status", "visibility", "hsds_status"),
        Index("ix_services_source", "municipality_code", "source_id"),
        Index("ix_services_name_norm", "name_normalized"),
        CheckConstraint("minimum_age IS NULL OR minimum_age >= 0", name="minimum_age_non_negative"),
        CheckConstraint("maximum_age IS NULL OR minimum_age IS NULL OR maximum_age >= minimum_age", name="age_range"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_kana: Mapped[str | None] = mapped_column(String(200))
    name_normalized: Mapped[str | None] = mapped_column(String(200))
    alternate_name: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    url: Mapped[str | None] = mapped_column(String(500))
    source_fields: Mapped[dict[str, str] | None] = mapped_column(JSONType)
    """Columns of the source file that have no field of their own (FAX番号, 車椅子貸出, 連絡先FormURL …),
    by the column's standard name: kept so an export can write them back and nothing is dropped silently."""

    status: Mapped[EntryStatus] = mapped_column(str_enum(EntryStatus), default=EntryStatus.DRAFT)
    hsds_status: Mapped[HsdsStatus] = mapped_column(str_enum(HsdsStatus), default=HsdsStatus.ACTIVE)
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.PUBLIC)
    do_not_list: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    """最終確認日: when someone last confirmed the entry is right."""

    threshold: Mapped[Threshold] = mapped_column(str_enum(Threshold), default=Threshold.DROP_IN)
    space: Mapped[Space] = mapped_column(str_enum(Space), default=Space.OPEN)
    step_level: Mapped[StepLevel] = mapped_column(str_enum(StepLevel), default=StepLevel.JOIN)
    ladder_stage: Mapped[LadderStage] = mapped_column(str_enum(LadderStage), default=LadderStage.SOCIAL)
    transport_offered: Mapped[bool] = mapped_column(Boolean, default=False)
    """送迎あり"""
    atmosphere: Mapped[Atmosphere | None] = mapped_column(str_enum(Atmosphere))
    group_size: Mapped[GroupSize | None] = mapped_column(str_enum(GroupSize))
    atmosphere_notes: Mapped[str | None] = mapped_column(Text)
    how_to_join: Mapped[str | None] = mapped_column(Text)
    """予約方法・初めての方へ"""

    minimum_age: Mapped[int | None] = mapped_column(Integer)
    maximum_age: Mapped[int | None] = mapped_column(Integer)
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int | None] = mapped_column(Integer)
    """定員"""
    openings: Mapped[int | None] = mapped_column(Integer)
    """Current free places; 0 = full (a hard constraint for matching). NULL = not limited / unknown."""
    fees_description: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str | None] = mapped_column(Text)
    """Normalised text of everything a search should match (i18n.normalize.search_document); see
    directory.catalog.indexing. Never shown; private-home addresses are left out so a search cannot probe them."""

    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}

    organization: Mapped[Organization] = relationship(back_populates="services")
    costs: Mapped[list[CostOption]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="CostOption.id"
    )
    eligibilities: Mapped[list[Eligibility]] = relationship(back_populates="service", cascade="all, delete-orphan")
    languages: Mapped[list[ServiceLanguage]] = relationship(back_populates="service", cascade="all, delete-orphan")
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Schedule.id"
    )
    terms: Mapped[list[TaxonomyTerm]] = relationship(
        secondary="service_taxonomy_terms", order_by="[TaxonomyTerm.sort_order, TaxonomyTerm.id]"
    )
    """Kinds and tags in the taxonomy's own order (as every list and page shows them)."""
    at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceAtLocation.id"
    )
    translations: Mapped[list[ServiceTranslation]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )

    @property
    def is_free(self) -> bool:
        """True when every cost option is free (and there is at least one)."""
        return all_free(self.costs)


def all_free(costs: Sequence[Any]) -> bool:
    """Whether there are cost options and every one is free (a `Service`'s or a result list row's)."""
    return bool(costs) and all(c.is_free for c in costs)


class CostOption(Base):
    """参加費 — cost per age band (幼児/小学生/中学生/高校生/大人); HSDS cost_option with an age band."""

    __tablename__ = "cost_options"
    __table_args__ = (
        UniqueConstraint("service_id", "age_band"),
        CheckConstraint("amount_yen IS NULL OR amount_yen >= 0", name="amount_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    age_band: Mapped[AgeBand] = mapped_column(str_enum(AgeBand))
    amount_yen: Mapped[int | None] = mapped_column(Integer)
    is_free: Mapped[bool] = mapped_column(Boolean, default=False)
    """無料 flag, kept apart from amount 0 so that "無料（カンパ制）" survives an import."""
    note: Mapped[str | None] = mapped_column(String(200))

    service: Mapped[Service] = relationship(back_populates="costs")


class EligibilityKind(enum.StrEnum):
    """Conditions beyond age that decide who may take part."""

    RESIDENTS_ONLY = "residents_only"
    """市内在住・在勤"""
    MEN_ONLY = "men_only"
    WOMEN_ONLY = "women_only"
    WITH_GUARDIAN = "with_guardian"
    """保護者同伴"""
    REFERRAL_REQUIRED = "referral_required"
    OTHER = "other"


class Eligibility(Base):
    """対象者の条件 — one eligibility condition of a service (age limits live on Service, as in HSDS 3.1)."""

    __tablename__ = "eligibilities"
    __table_args__ = (UniqueConstraint("service_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EligibilityKind] = mapped_column(str_enum(EligibilityKind))
    description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="eligibilities")


class ServiceLanguage(Base):
    """対応言語 — a language spoken at the activity (BCP 47: ja, ja-x-easy, en, zh-Hans, ko, vi, pt-BR, tl…)."""

    __tablename__ = "service_languages"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    note: Mapped[str | None] = mapped_column(String(200))

    service: Mapped[Service] = relationship(back_populates="languages")
