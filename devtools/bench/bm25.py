"""Okapi BM25 over character bigrams: the match benchmark's text-only baseline (no constraints, no synonyms).

Japanese has no spaces, so each normalised word (i18n.normalize) is cut into overlapping character bigrams
(a one-character word stays whole), the usual way to index Japanese without a dictionary.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from i18n.normalize import normalize

K1, B = 1.5, 0.75


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of each normalised word."""
    grams: list[str] = []
    for word in normalize(text).split():
        grams.extend([word] if len(word) < 2 else [word[i : i + 2] for i in range(len(word) - 1)])
    return grams


def bm25_scores(query: str, documents: Sequence[str]) -> list[float]:
    """Each document's BM25 score for the query, IDF from these documents (Lucene's non-negative form)."""
    bags = [Counter(bigrams(document)) for document in documents]
    if not bags:
        return []
    average = sum(sum(bag.values()) for bag in bags) / len(bags) or 1.0
    frequency: Counter[str] = Counter(term for bag in bags for term in bag)
    terms = set(bigrams(query))
    scores = []
    for bag in bags:
        length = sum(bag.values())
        score = 0.0
        for term in terms & bag.keys():
            idf = math.log(1 + (len(bags) - frequency[term] + 0.5) / (frequency[term] + 0.5))
            tf = bag[term]
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
        scores.append(score)
    return scores
