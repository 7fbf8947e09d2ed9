"""Translations of entries' own text (ServiceTranslation): what is missing per language, the side-by-side
editor, and the spreadsheet round trip for offline translators (`tsunagu translations …`). Imports
`directory.models`, `directory.catalog`, `directory.permissions`, `i18n` (locales, the fallback) and the core.
"""
