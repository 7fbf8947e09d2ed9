"""The UI languages of tsunagu and how a requested language code maps onto them."""

from __future__ import annotations

DEFAULT_LOCALE = "ja"
EASY_JAPANESE = "ja_x_easy"
"""やさしい日本語: the UI code of the BCP 47 private-use tag ja-x-easy (Babel has no such locale; it formats
dates and numbers as "ja" and its catalog lives in translations/ja_x_easy)."""

SUPPORTED_LOCALES: dict[str, str] = {
    "ja": "日本語",
    EASY_JAPANESE: "やさしい にほんご",
    "en": "English",
    "zh_Hans": "简体中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "pt_BR": "Português",
    "tl": "Tagalog",
    "ne": "नेपाली",
}
"""Locale code → the language's name in itself, in the order the language switcher lists them."""

UNTRANSLATED_FALLBACK = "en"
"""A message missing from a catalog is shown in English, then in the Japanese original (never empty)."""

_ALIASES = {"pt": "pt_BR", "zh": "zh_Hans", "zh_CN": "zh_Hans", "zh_SG": "zh_Hans", "fil": "tl"}


def normalise_locale(code: str | None) -> str | None:
    """Map "pt-br", "zh-CN", "en-US" … to a supported locale, or None when unsupported."""
    if not code:
        return None
    if code.strip().replace("-", "_").lower() in ("ja_x_easy", "easy_ja", "ja_easy"):
        return EASY_JAPANESE
    parts = code.strip().replace("-", "_").split("_")
    if not parts[0]:
        return None
    base = parts[0].lower()
    candidates = []
    if len(parts) > 1:
        region = parts[1].upper() if len(parts[1]) == 2 else parts[1].title()
        candidates.append(f"{base}_{region}")
    candidates.append(base)
    for candidate in candidates:
        if candidate in SUPPORTED_LOCALES:
            return candidate
        if candidate in _ALIASES:
            return _ALIASES[candidate]
    return None


def html_lang(code: str) -> str:
    """The BCP 47 tag of a UI locale for `<html lang>` and content lookups (pt_BR → pt-BR, ja_x_easy → ja-x-easy)."""
    return code.replace("_", "-")


def babel_locale(code: str) -> str:
    """The Babel locale that formats dates and numbers for a UI locale (やさしい日本語 formats as Japanese)."""
    return DEFAULT_LOCALE if code == EASY_JAPANESE else code


def fallback_chain(code: str) -> tuple[str, ...]:
    """The catalogs asked in turn for a message: the locale's own, then English; Japanese (the msgid) is last.

    Japanese and やさしい日本語 never fall back to English: the Japanese original reads better to their readers.
    """
    if code in (DEFAULT_LOCALE, EASY_JAPANESE, UNTRANSLATED_FALLBACK):
        return (code,)
    return (code, UNTRANSLATED_FALLBACK)
