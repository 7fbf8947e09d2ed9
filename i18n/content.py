"""Which translation of an entry's field to show: requested locale → やさしい日本語 → Japanese original."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

EASY_JAPANESE = "ja-x-easy"
ORIGINAL = "ja"


def content_locale(ui_locale: str | None) -> str:
    """Map a UI locale (pt_BR, zh_Hans) to the BCP 47 tag content translations are stored under."""
    return (ui_locale or ORIGINAL).replace("_", "-")


@dataclass(frozen=True)
class Translated:
    """A field's text and the locale it is actually in (so the page can say "日本語の原文")."""

    text: str | None
    locale: str


def choose(original: str | None, translations: Mapping[str, str], locale: str) -> Translated:
    """The best text for `locale` from {locale: text} of one field, falling back along the chain."""
    for candidate in (locale, EASY_JAPANESE):
        if candidate == ORIGINAL:
            break
        text = translations.get(candidate)
        if text:
            return Translated(text, candidate)
    return Translated(original, ORIGINAL)


class TranslationRow(Protocol):
    """What `choose_field` reads of a stored translation (directory.models.ServiceTranslation has it)."""

    field: str
    locale: str
    value: str
    is_machine: bool
    reviewed: bool
    source_text: str | None


@dataclass(frozen=True)
class ContentText:
    """A field as shown: its text, the locale it is in, and what the reader should be told about it."""

    text: str | None
    locale: str
    requested: str
    is_machine: bool = False
    reviewed: bool = True
    outdated: bool = False
    """The Japanese changed after this was translated (and no translator has confirmed it since)."""

    @property
    def is_fallback(self) -> bool:
        """The reader asked for another language and gets やさしい日本語 or the Japanese original."""
        return self.locale != self.requested and self.requested != ORIGINAL


def choose_field(original: str | None, rows: Iterable[TranslationRow], field: str, locale: str) -> ContentText:
    """One field of an entry for a reader of `locale` (BCP 47), along requested → やさしい日本語 → ja.

    Empty translations are skipped, so a blank row never hides the original.
    """
    by_locale = {row.locale: row for row in rows if row.field == field and row.value and row.value.strip()}
    for candidate in (locale, EASY_JAPANESE):
        if candidate == ORIGINAL:
            break
        row = by_locale.get(candidate)
        if row is not None:
            outdated = row.source_text is not None and (original or "").strip() != row.source_text.strip()
            return ContentText(row.value, candidate, locale, bool(row.is_machine), bool(row.reviewed), outdated)
    return ContentText(original, ORIGINAL, locale)
