"""Which translation of an entry's field to show: requested locale → やさしい日本語 → Japanese original."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
