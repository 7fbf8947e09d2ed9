"""What a person prefers about a place, as coordinators hear it every day: 人数, 雰囲気, 男性の参加しやすさ,
最初の一歩."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from tsunagu.db import Base, JSONType, str_enum

if TYPE_CHECKING:
    from matching.models.person import Person


class GroupSizePreference(enum.StrEnum):
    """How many people around is bearable."""

    SMALL = "small"
    """少人数がよい"""
    LARGE_OK = "large_ok"
    """大人数でもよい"""


class AtmospherePreference(enum.StrEnum):
    """The atmosphere the person hopes for."""

    QUIET = "quiet"
    """静か"""
    LIVELY = "lively"
    """にぎやか"""


PREFERENCE_CODES = ("group_size", "atmosphere", "men_welcome", "first_step")
"""The preferences a coordinator can mark as a hard condition (the profile's `hard` list)."""


class MatchPreferences(Base):
    """A person's stated preferences for matching; each is soft unless its code is in `hard`."""

    __tablename__ = "match_preferences"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    group_size: Mapped[GroupSizePreference | None] = mapped_column(str_enum(GroupSizePreference))
    atmosphere: Mapped[AtmospherePreference | None] = mapped_column(str_enum(AtmospherePreference))
    men_welcome: Mapped[bool] = mapped_column(Boolean, default=False)
    """男性が参加しやすい所がよい"""
    first_step: Mapped[bool] = mapped_column(Boolean, default=False)
    """最初の一歩: somewhere one can just 見学 first."""
    hard: Mapped[list[str]] = mapped_column(JSONType, default=list)
    """Codes of PREFERENCE_CODES the person will not go without."""

    person: Mapped[Person] = relationship(
        backref=backref("match_preferences", uselist=False, cascade="all, delete-orphan", passive_deletes=True)
    )
