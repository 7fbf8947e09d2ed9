"""Translations of entries' own text (ServiceTranslation): what is missing per language, the side-by-side
editor, and the spreadsheet round trip for offline translators (`tsunagu translations …`).
"""
