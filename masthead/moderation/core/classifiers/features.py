"""Text -> sparse TF-IDF vector, shared by training and run time so both see the same features.

Hashed word 1-2-grams and character 2-5-grams of the normalised text: no vocabulary to store
(small files, small memory), only one inverse-document-frequency weight per bucket.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import mmh3
import numpy as np

WORD_BUCKETS = 2**18
CHAR_BUCKETS = 2**18
TOKEN_PATTERN = r"(?u)\b\w+\b|[!?]"  # noqa: S105 (a regular expression, not a secret)


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
            token_pattern=TOKEN_PATTERN,
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


# Run time does not import scikit-learn (importing it and SciPy took 2.3-2.8 s of the models'
# load): the two functions below give the same terms as its HashingVectorizer analysers above
# and the same buckets (MurmurHash3, 32-bit, seed 0, of the UTF-8 bytes; index |h| mod n).
# Training still uses scikit-learn; a unit test proves both give identical counts.
_TOKEN_RE = re.compile(TOKEN_PATTERN)
_WHITE_SPACES = re.compile(r"\s\s+")


def word_terms(text: str) -> list[str]:
    """Word 1- and 2-grams, as the word vectoriser's analyser makes them."""
    tokens = _TOKEN_RE.findall(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def token_char_terms(token: str, low: int = 2, high: int = 5) -> list[str]:
    """The character n-grams of one word, padded with one space each side."""
    padded = f" {token} "
    size = len(padded)
    terms: list[str] = []
    for n in range(low, high + 1):
        if size <= n:  # a short word counts once, whole, and longer n-grams add nothing
            terms.append(padded)
            break
        terms.extend(padded[i : i + n] for i in range(size - n + 1))
    return terms


def char_terms(text: str, low: int = 2, high: int = 5) -> list[str]:
    """Character n-grams inside word boundaries ("char_wb"): each word's own n-grams, in order."""
    terms: list[str] = []
    for token in _WHITE_SPACES.sub(" ", text).split():
        terms.extend(token_char_terms(token, low, high))
    return terms


def bucket_counts(
    terms: Sequence[str], buckets: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Sorted bucket indices and how many terms fell in each."""
    return _unique_counts(_hashed(terms, buckets))


def _hashed(terms: Sequence[str], buckets: int) -> np.ndarray[Any, Any]:
    hashes = np.fromiter((mmh3.hash(t) for t in terms), dtype=np.int64, count=len(terms))
    out: np.ndarray[Any, Any] = (np.abs(hashes) % buckets).astype(np.int32)
    return out


# A word's character n-grams depend on the word alone, and words recur from comment to comment:
# each word's buckets are hashed once and remembered (bounded; a few MB at most).
@lru_cache(maxsize=16384)
def _token_char_buckets(token: str) -> np.ndarray[Any, Any]:
    buckets = _hashed(token_char_terms(token), CHAR_BUCKETS)
    buckets.flags.writeable = False  # shared by every text with this word
    return buckets


def _unique_counts(
    buckets: np.ndarray[Any, Any],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    if buckets.size == 0:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    indices, counts = np.unique(buckets, return_counts=True)
    return indices.astype(np.int32), counts.astype(np.float32)


@lru_cache(maxsize=256)
def counts_one(text: str) -> tuple[np.ndarray[Any, Any], ...]:
    """Bucket indices and counts of one text, cached: the spam and abuse models share them.

    The same as `bucket_counts(word_terms(text), ...)` and `bucket_counts(char_terms(text), ...)`
    (a unit test compares them), with each word's buckets remembered across texts.
    """
    # A lone surrogate (JSON can carry one, as \ud800) has no UTF-8 form, and the hash library
    # crashes the process on one instead of raising: it becomes "?" first.
    text = text.encode("utf-8", "replace").decode("utf-8")
    word = _hashed(word_terms(text), WORD_BUCKETS)
    parts = [_token_char_buckets(t) for t in _WHITE_SPACES.sub(" ", text).split()]
    char = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    wi, wc = _unique_counts(word)
    ci, cc = _unique_counts(char)
    return wi, wc, ci, cc


def clear_caches() -> None:
    """Forget every remembered text and word (benchmarks measure a cold start with this)."""
    counts_one.cache_clear()
    _token_char_buckets.cache_clear()


def weigh_one(
    indices: np.ndarray[Any, Any], counts: np.ndarray[Any, Any], idf: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    values: np.ndarray[Any, Any] = (1.0 + np.log(counts)) * idf[indices]
    norm = float(np.sqrt(values @ values))
    return values / norm if norm > 0 else values
