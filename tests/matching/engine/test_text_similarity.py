"""The engine's hand-written TF-IDF cosine equals scikit-learn's TfidfVectorizer on the same texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n.normalize import normalize
from matching.engine.scoring import COSINE_FULL, text_similarities

words = st.text(alphabet="料理畑将棋カラオケこどもしょくどうabc ", min_size=0, max_size=30)


def sklearn_similarities(query: str, documents: list[str]) -> list[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), lowercase=False, sublinear_tf=True)
    matrix = vectorizer.fit_transform([*documents, normalize(query)])
    similarities = (matrix[:-1] @ matrix[-1].T).toarray().ravel()
    return [float(min(1.0, value / COSINE_FULL)) for value in similarities]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="料理畑将棋カラオケ ab", min_size=1, max_size=12), st.lists(words, min_size=1, max_size=8))
def test_same_cosines_as_scikit_learn(query, texts):
    documents = [normalize(text) or "x" for text in texts]
    if not normalize(query):
        assert text_similarities(query, documents) == [0.0] * len(documents)
        return
    assert text_similarities(query, documents) == pytest.approx(sklearn_similarities(query, documents), abs=1e-9)


def test_an_entry_about_the_interest_ranks_first():
    documents = [normalize(t) for t in ("男の料理教室 月1回", "将棋クラブ 初心者歓迎", "カラオケ サロン")]
    similarities = text_similarities("料理", documents)
    assert similarities[0] > 0 and similarities[1] == similarities[2] == 0.0
