"""Query terms against the character-pair index of search documents (PostgreSQL, migration 0025).

`tsunagu_search_grams(search_text)` holds every pair of neighbouring characters of an entry's search document
(子ども食堂 → 子ど ども も食 食堂, and the last character of a run alone: 堂) as lexemes of PostgreSQL's `simple`
text search configuration. A two-character term is one lexeme, a one-character term a prefix (茶:* finds 茶 and
お茶's 茶 as well as 茶会), a longer term all of its pairs; so pg_trgm's blind spot (terms shorter than three
characters) is served by an index, and one index serves every length. The index only narrows: the LIKE of
directory.search.query still decides, so a term the pairs cannot express (punctuation, symbols, one Latin
letter) simply goes without it.
"""

from __future__ import annotations


def indexable(term: str) -> bool:
    """Whether every character of the term is a letter or digit the text search parser keeps as part of a word:
    ASCII letters and digits, and letters from U+3000 on (kana, kanji, hangul, full-width forms)."""
    return bool(term) and all(c.isalnum() and (c.isascii() or ord(c) >= 0x3000) for c in term)


def gram_query(term: str) -> str | None:
    """The `to_tsquery('simple', …)` text that finds every document containing `term` (and possibly a few more,
    which the LIKE drops), or None when the term is not served by the pair index."""
    if not indexable(term) or term.isascii() and len(term) == 1:  # every Latin word starts with some letter
        return None
    if len(term) == 1:
        return f"{term}:*"
    return " & ".join(dict.fromkeys(term[i : i + 2] for i in range(len(term) - 1)))
