"""The character pairs of a search document, as SQLite computes them for its pair index (migration 0028).

The twin of PostgreSQL's `tsunagu_search_grams` (migration 0025): every pair of neighbouring characters of the
document, separated by spaces (子ども食堂 → 子ど ども も食 食堂 堂), so that a full-text tokenizer that splits on
spaces and punctuation reads a two-character word as one token and a one-character word as the first letter of
one. Registered on every SQLite connection of the app (tsunagu.db): the triggers of the FTS5 table call it on
every write of `services.search_text`, so no write path has code of its own for the index.
"""

from __future__ import annotations


def search_grams(document: str | None) -> str | None:
    """Every pair of neighbouring characters of `document`, and its last character alone, space-separated."""
    if document is None:
        return None
    return " ".join(document[i : i + 2] for i in range(len(document)))
