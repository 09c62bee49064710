"""Text -> sparse TF-IDF vector, shared by training and run time so both see the same features.

Hashed word 1-2-grams and character 2-5-grams of the normalised text: no vocabulary to store
(small files, small memory), only one inverse-document-frequency weight per bucket.

A model may name a list of clean words (`clean_words`; off unless its json says so): a
whitespace token whose bare form (lower case, surrounding punctuation stripped) is on it gives
no character n-grams, only its word features. Training and run time apply the same list.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import mmh3
import numpy as np

WORD_BUCKETS = 2**18
CHAR_BUCKETS = 2**18
TOKEN_PATTERN = r"(?u)\b\w+\b|[!?]"  # noqa: S105 (a regular expression, not a secret)
# Stripped from both ends of a whitespace token before it is looked up in a clean-words list.
SURROUNDING_PUNCTUATION = string.punctuation + "\u2018\u2019\u201c\u201d\u00ab\u00bb\u2026"
NO_WORDS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HashedTfidf:
    """Two hashed count vectorisers, sublinear tf, idf weights, each block L2-normalised."""

    idf_word: np.ndarray[Any, Any]
    idf_char: np.ndarray[Any, Any]
    # Tokens whose bare form is here give no character n-grams (empty: every token gives them).
    clean_words: frozenset[str] = NO_WORDS

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
    def counts(texts: Sequence[str], clean_words: frozenset[str] = NO_WORDS) -> tuple[Any, Any]:
        word, char = HashedTfidf.vectorisers()
        return word.transform(texts), char.transform(char_texts(texts, clean_words))

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

        word_v, char_v = _cached_vectorisers()
        word = word_v.transform(texts)
        kept = char_v.transform(char_texts(texts, self.clean_words))
        return hstack(
            [self.weigh(word, self.idf_word), self.weigh(kept, self.idf_char)], format="csr"
        )


def bare(token: str) -> str:
    """A whitespace token as a clean-words list is looked up: lower case, no surrounding
    punctuation ("Bitcoin," -> "bitcoin")."""
    return token.lower().strip(SURROUNDING_PUNCTUATION)


def char_tokens(text: str, clean_words: frozenset[str] = NO_WORDS) -> list[str]:
    """The whitespace tokens whose character n-grams count ("char_wb" makes each token's on its
    own): every token, less those on the clean-words list. The one place that decides it, for
    the batch and the one-comment paths alike."""
    tokens = _WHITE_SPACES.sub(" ", text).split()
    if not clean_words:
        return tokens
    return [t for t in tokens if bare(t) not in clean_words]


def without_clean_words(text: str, clean_words: frozenset[str]) -> str:
    """The text less its tokens on the list: the other tokens' n-grams exactly."""
    return " ".join(char_tokens(text, clean_words))


def char_texts(texts: Sequence[str], clean_words: frozenset[str]) -> Sequence[str]:
    """What the character vectoriser reads: the texts, less clean words when there is a list."""
    if not clean_words:
        return texts
    return [without_clean_words(t, clean_words) for t in texts]


def write_clean_words(path: Any, words: Iterable[str]) -> str:
    """Write a clean-words list (sorted, one a line, gzip without a time stamp, so the same
    list gives the same bytes); returns the sha256 of the uncompressed text."""
    text = "".join(f"{w}\n" for w in sorted(set(words))).encode()
    path.write_bytes(gzip.compress(text, mtime=0))
    return hashlib.sha256(text).hexdigest()


def read_clean_words(path: Any, sha256: str) -> frozenset[str]:
    """Read a list written by write_clean_words, refusing one that is not the expected list."""
    text = gzip.decompress(path.read_bytes())
    if hashlib.sha256(text).hexdigest() != sha256:
        raise ValueError(f"{path}: the clean-words list does not match its sha256")
    return frozenset(text.decode().split())


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


def char_terms(
    text: str, low: int = 2, high: int = 5, clean_words: frozenset[str] = NO_WORDS
) -> list[str]:
    """Character n-grams inside word boundaries ("char_wb"): each word's own n-grams, in order;
    none for a word on `clean_words`."""
    terms: list[str] = []
    for token in char_tokens(text, clean_words):
        terms.extend(token_char_terms(token, low, high))
    return terms


def bucket_counts(
    terms: Sequence[str], buckets: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Sorted bucket indices and how many terms fell in each."""
    return _unique_counts(_hashed(terms, buckets))


def _hashed(terms: Sequence[str], buckets: int) -> np.ndarray[Any, Any]:
    hashes = np.fromiter(map(mmh3.hash, terms), dtype=np.int64, count=len(terms))
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
    """What np.unique(buckets, return_counts=True) gives (as int32 and float32), without its
    general-purpose overhead, which cost more than the sort itself on a comment's few hundred."""
    if buckets.size == 0:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    ordered = np.sort(buckets)
    edges = np.empty(ordered.size + 1, dtype=bool)  # where a run of one bucket starts or ends
    edges[0] = edges[-1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=edges[1:-1])
    bounds = edges.nonzero()[0]
    counts = bounds[1:] - bounds[:-1]
    return ordered.take(bounds[:-1]).astype(np.int32, copy=False), counts.astype(np.float32)


class Counts(tuple[np.ndarray[Any, Any], ...]):
    """What `counts_one` gives: (word buckets, their counts, character buckets, their counts),
    and beside them what every model derives from the counts alone, made once with them: the
    sublinear term frequencies (1 + log count) and the character buckets' columns in a model's
    coefficients (offset past the word block). Remembered and forgotten with the counts."""

    word_tf: np.ndarray[Any, Any]
    char_tf: np.ndarray[Any, Any]
    char_columns: np.ndarray[Any, Any]


@lru_cache(maxsize=256)
def counts_one(text: str, clean_words: frozenset[str] = NO_WORDS) -> Counts:
    """Bucket indices and counts of one text, cached: the spam and abuse models share them.

    The same as `bucket_counts(word_terms(text), ...)` and `bucket_counts(char_terms(text, 2, 5,
    clean_words), ...)` (a unit test compares them), with each word's buckets remembered.
    """
    # A lone surrogate (JSON can carry one, as \ud800) has no UTF-8 form, and the hash library
    # crashes the process on one instead of raising: it becomes "?" first.
    text = text.encode("utf-8", "replace").decode("utf-8")
    word = _hashed(word_terms(text), WORD_BUCKETS)
    parts = [_token_char_buckets(t) for t in char_tokens(text, clean_words)]
    char = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    wi, wc = _unique_counts(word)
    ci, cc = _unique_counts(char)
    counts = Counts((wi, wc, ci, cc))
    counts.word_tf = sublinear(wc)
    counts.char_tf = sublinear(cc)
    counts.char_columns = ci + WORD_BUCKETS
    return counts


def clear_caches() -> None:
    """Forget every remembered text and word (benchmarks measure a cold start with this)."""
    counts_one.cache_clear()
    _token_char_buckets.cache_clear()


def sublinear(counts: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    tf: np.ndarray[Any, Any] = 1.0 + np.log(counts)
    return tf


def weigh_one(
    indices: np.ndarray[Any, Any], counts: np.ndarray[Any, Any], idf: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    return weigh_tf(indices, sublinear(counts), idf)


def weigh_tf(
    indices: np.ndarray[Any, Any], tf: np.ndarray[Any, Any], idf: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """`weigh_one` from term frequencies already made sublinear (the same operations)."""
    values: np.ndarray[Any, Any] = tf * idf.take(indices)
    norm = float(np.sqrt(values @ values))
    return values / norm if norm > 0 else values
