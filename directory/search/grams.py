"""Query terms against the character-pair indexes of search documents (PostgreSQL migrations 0025, 0029; SQLite 0028).

`tsunagu_search_grams(search_text)` holds every pair of neighbouring characters of an entry's search document
(子ども食堂 → 子ど ども も食 食堂, and the last character of a run alone: 堂): on PostgreSQL as lexemes of the `simple`
text search configuration in a GIN index (in the side table of migration 0029, directory.search.keys), on SQLite
as the tokens of an FTS5 table (`services_search_grams`, kept by triggers). A two-character term is one token,
a one-character term a prefix (茶 finds 茶 and お茶's 茶 as well as 茶会), a longer term all of its pairs; so
pg_trgm's blind spot (terms shorter than three characters) is served by an index, and one index serves every
length.

For a longer term the pairs only narrow: the LIKE of directory.search.query still decides (居場 and 場所 apart are
not 居場所), and a term the pairs cannot express (punctuation, symbols, one Latin letter) goes without them. A
term of one or two kana or kanji is the one case where the index alone is exact (`exact`): the entry holds the
term if and only if it holds that pair (or a pair starting with that character), so the LIKE is left out and the
database does not read every matching document to say what the index already said.
"""

from __future__ import annotations


def indexable(term: str) -> bool:
    """Whether every character of the term is a letter or digit the text search parser keeps as part of a word:
    ASCII letters and digits, and letters from U+3000 on (kana, kanji, hangul, full-width forms)."""
    return bool(term) and all(c.isalnum() and (c.isascii() or ord(c) >= 0x3000) for c in term)


def _pairs(term: str) -> list[str]:
    return list(dict.fromkeys(term[i : i + 2] for i in range(len(term) - 1)))


def gram_query(term: str) -> str | None:
    """The `to_tsquery('simple', …)` text that finds every document containing `term` (and possibly a few more,
    which the LIKE drops), or None when the term is not served by the pair index."""
    if not indexable(term) or term.isascii() and len(term) == 1:  # every Latin word starts with some letter
        return None
    if len(term) == 1:
        return f"{term}:*"
    return " & ".join(_pairs(term))


def fts_query(term: str) -> str | None:
    """The same question in SQLite FTS5's query syntax (quoted tokens, `*` for a prefix, a space for AND)."""
    if gram_query(term) is None:
        return None
    if len(term) == 1:
        return f'"{term}"*'
    return " ".join(f'"{pair}"' for pair in _pairs(term))


def exact(term: str) -> bool:
    """Whether the pair index alone says which documents hold `term`: one or two kana or kanji (characters without
    case, which neither tokenizer folds), whose LIKE would find exactly the same documents."""
    return (
        len(term) <= 2
        and indexable(term)
        and all(not c.isascii() and c.lower() == c.upper() and not 0xFF00 <= ord(c) <= 0xFFEF for c in term)
    )
