"""TF-IDF of character 2- and 3-grams with numpy and scipy.sparse only (no scikit-learn import).

The same numbers as ``TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)``
(lower-cased, runs of whitespace as one space, smoothed idf ``ln((1 + n) / (1 + df)) + 1``, rows
L2-normalised), for :func:`policykg.analysis.overlaps.overlaps` ``method=``: importing
scikit-learn takes seconds (it pulls in scipy.stats), this takes milliseconds, which matters
for a build that computes overlaps every time.

Example
-------
>>> m = char_ngram_tfidf(["建置平臺", "建置平臺", "量子電腦"])
>>> round(float((m[0] @ m[1].T).toarray()[0, 0]), 6), round(float((m[0] @ m[2].T).toarray()[0, 0]), 6)
(1.0, 0.0)
"""
from __future__ import annotations

import re

import numpy as np

__all__ = ["char_ngram_tfidf", "tfidf_char_ngrams_fast"]

_WHITE = re.compile(r"\s\s+")


def _ngrams(text: str, low: int = 2, high: int = 3) -> list[str]:
    text = _WHITE.sub(" ", text.lower())
    grams = []
    for n in range(low, high + 1):
        grams.extend(text[i:i + n] for i in range(len(text) - n + 1))
    return grams


def char_ngram_tfidf(texts: list[str]):
    """L2-normalised sublinear TF-IDF of character 2- and 3-grams → scipy CSR matrix (float32)."""
    from collections import Counter

    import scipy.sparse as sp

    vocabulary: dict[str, int] = {}
    indptr, indices, counts = [0], [], []
    for text in texts:
        for gram, count in Counter(_ngrams(text)).items():
            indices.append(vocabulary.setdefault(gram, len(vocabulary)))
            counts.append(count)
        indptr.append(len(indices))
    matrix = sp.csr_matrix((np.asarray(counts, dtype=np.float64), indices, indptr),
                           shape=(len(texts), len(vocabulary)))
    matrix.data = 1.0 + np.log(matrix.data)
    df = np.bincount(matrix.indices, minlength=len(vocabulary))
    idf = np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    matrix = matrix @ sp.diags(idf)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sp.diags(1.0 / norms) @ matrix
    return matrix.astype(np.float32).tocsr()


def tfidf_char_ngrams_fast(texts: list[str]):
    """:func:`char_ngram_tfidf` of the texts normalised as the overlap analysis does."""
    from policykg.analysis.overlaps import normalise_text

    return char_ngram_tfidf([normalise_text(t) for t in texts])
