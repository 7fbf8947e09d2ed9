"""The UI languages of tsunagu and how a requested language code maps onto them."""

from __future__ import annotations

DEFAULT_LOCALE = "ja"

SUPPORTED_LOCALES: dict[str, str] = {
    "ja": "日本語",
    "en": "English",
    "zh_Hans": "简体中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "pt_BR": "Português",
    "tl": "Tagalog",
    "ne": "नेपाली",
}
"""Locale code → the language's name in itself. やさしい日本語 (ja-x-easy) joins with its catalog."""

_ALIASES = {"pt": "pt_BR", "zh": "zh_Hans", "zh_CN": "zh_Hans", "fil": "tl"}


def normalise_locale(code: str | None) -> str | None:
    """Map "pt-br", "zh-CN", "en-US" … to a supported locale, or None when unsupported."""
    if not code:
        return None
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
