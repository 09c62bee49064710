"""Text -> sparse TF-IDF vector, shared by training and run time so both see the same features.

Hashed word 1-2-grams and character 2-5-grams of the normalised text: no vocabulary to store
(small files, small memory), only one inverse-document-frequency weight per bucket.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

WORD_BUCKETS = 2**18
CHAR_BUCKETS = 2**18


@dataclass(frozen=True)
class HashedTfidf:
    """Two hashed count vectorisers, sublinear tf, idf weights, each block L2-normalised."""

    idf_word: np.ndarray[Any, Any]
    idf_char: np.ndarray[Any, Any]

    @staticmethod
    def vectorisers() -> tuple[Any, Any]:
        from sklearn.feature_extraction.text import HashingVectorizer

        word = HashingVectorizer(
            n_features=WORD_BUCKETS,
            ngram_range=(1, 2),
            token_pattern=r"(?u)\b\w+\b|[!?]",  # noqa: S106
            alternate_sign=False,
            norm=None,
            lowercase=False,
            dtype=np.float32,
        )
        char = HashingVectorizer(
            n_features=CHAR_BUCKETS,
            analyzer="char_wb",
            ngram_range=(2, 5),
            alternate_sign=False,
            norm=None,
            lowercase=False,
            dtype=np.float32,
        )
        return word, char

    @staticmethod
    def counts(texts: Sequence[str]) -> tuple[Any, Any]:
        word, char = HashedTfidf.vectorisers()
        return word.transform(texts), char.transform(texts)

    @staticmethod
    def fit_idf(counts: Any) -> np.ndarray[Any, Any]:
        docs = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        idf: np.ndarray[Any, Any] = np.log((1 + docs) / (1 + df)) + 1.0
        return idf.astype(np.float32)

    @staticmethod
    def weigh(counts: Any, idf: np.ndarray[Any, Any]) -> Any:
        from sklearn.preprocessing import normalize

        m = counts.tocsr(copy=True)
        m.data = (1.0 + np.log(m.data)) * idf[m.indices]
        return normalize(m, norm="l2", copy=False)

    def transform(self, texts: Sequence[str]) -> Any:
        from scipy.sparse import hstack

        word, char = _cached_vectorisers()
        word, char = word.transform(texts), char.transform(texts)
        return hstack(
            [self.weigh(word, self.idf_word), self.weigh(char, self.idf_char)], format="csr"
        )


_VECTORISERS: list[tuple[Any, Any]] = []


def _cached_vectorisers() -> tuple[Any, Any]:
    # Built once per process: importing scikit-learn and building them costs seconds.
    if not _VECTORISERS:
        _VECTORISERS.append(HashedTfidf.vectorisers())
    return _VECTORISERS[0]


@lru_cache(maxsize=256)
def counts_one(text: str) -> tuple[np.ndarray[Any, Any], ...]:
    """Bucket indices and counts of one text, cached: the spam and abuse models share them."""
    word, char = _cached_vectorisers()
    w = word.transform([text])
    c = char.transform([text])
    return w.indices, w.data, c.indices, c.data


def weigh_one(
    indices: np.ndarray[Any, Any], counts: np.ndarray[Any, Any], idf: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    values: np.ndarray[Any, Any] = (1.0 + np.log(counts)) * idf[indices]
    norm = float(np.sqrt(values @ values))
    return values / norm if norm > 0 else values
