"""The shipped abuse model: normalised text -> hashed TF-IDF -> linear heads -> calibrated probability.

Files (written by training/moderation/train.py): `abuse.npz` (idf weights, one coefficient row per
head, intercepts) and `abuse.json` (version, head names, Platt calibration of the main head,
the lexicon used to undo asterisk masking). No pickles: nothing in the files can run code.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from masthead.moderation.core.classifiers.base import AbuseScores
from masthead.moderation.core.classifiers.features import (
    NO_WORDS,
    WORD_BUCKETS,
    HashedTfidf,
    counts_one,
    read_clean_words,
    weigh_tf,
)
from masthead.moderation.core.normalise import normalise
from masthead.moderation.core.respell import VERSION as RESPELL_VERSION
from masthead.moderation.core.respell import Respeller
from masthead.moderation.core.types import Span

if TYPE_CHECKING:
    from masthead.moderation.core.classifiers.threat import ThreatScore


class ThreatReader(Protocol):
    version: str

    def score(self, text: str) -> ThreatScore: ...


WORD_RE = re.compile(r"\S+")
# Only look for the words to highlight when the comment is at least this likely to be abusive.
SPANS_FROM = 0.5
SPAN_WORD_PROBABILITY = 0.5
# The known words the respelling step leaves alone: the MiniLM vocabulary, committed with the
# weights (a weights folder may hold its own copy), and the words of pyspellchecker's English
# frequency list.
VOCABULARY = Path(__file__).resolve().parents[2] / "weights" / "minilm" / "tokenizer.json"
# A run-together word splits only into words at least this frequent in that list.
COMMON_WORD_FREQUENCY = 5000


@lru_cache(maxsize=1)
def english_words() -> dict[str, int]:
    """pyspellchecker's English word frequencies (letters-only words)."""
    import gzip
    from importlib.resources import files

    with (files("spellchecker") / "resources" / "en.json.gz").open("rb") as raw:
        counts: dict[str, int] = json.loads(gzip.decompress(raw.read()))
    return {w: n for w, n in counts.items() if w.isascii() and w.isalpha()}


def respeller(directory: Path, lexicon: tuple[str, ...]) -> Respeller:
    """The respelling step for a model: known words are the MiniLM vocabulary beside the model
    (or the shipped one) and every word of the English list; common ones are the frequent ones
    and the vocabulary's words of four letters or more."""
    path = directory / "minilm" / "tokenizer.json"
    vocabulary = json.loads((path if path.is_file() else VOCABULARY).read_text())["model"]["vocab"]
    words = english_words()
    whole = {w for w in vocabulary if w.isascii() and w.isalpha()}
    return Respeller(
        lexicon,
        known=whole | words.keys(),
        common={w for w, n in words.items() if n >= COMMON_WORD_FREQUENCY}
        | {w for w in whole if len(w) >= 4},
    )


def sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


class LinearTextModel:
    """Shared by the abuse and spam models: hashed TF-IDF and linear heads from an npz/json pair."""

    def __init__(self, directory: Path, name: str) -> None:
        meta = json.loads((directory / f"{name}.json").read_text())
        # A model trained without character n-grams for a list of clean words names the list
        # (a file beside it, with its sha256); a model that names none reads every word's.
        clean = meta.get("clean_words")
        if clean and clean.get("muted"):
            # The muted variant (the char block divided by the norm of every token's n-grams) was
            # removed; scoring such a model without it would give wrong scores, so refuse it.
            raise ValueError(f"{name}.json: clean_words 'muted' is no longer supported")
        clean_words = (
            read_clean_words(directory / clean["file"], clean["sha256"]) if clean else NO_WORDS
        )
        with np.load(directory / f"{name}.npz") as arrays:
            self.features = HashedTfidf(
                idf_word=arrays["idf_word"].astype(np.float32),
                idf_char=arrays["idf_char"].astype(np.float32),
                clean_words=clean_words,
            )
            coef = arrays["coef"].astype(np.float32)  # heads x features
            self.intercept = arrays["intercept"].astype(np.float32)
        # Kept feature by feature (a row of heads each), so that a comment's few hundred columns
        # are gathered as contiguous rows (`take`); `coef` is the same array seen as heads x
        # features, and the gathered block is laid out exactly as `coef[:, columns]` was.
        self.rows = np.ascontiguousarray(coef.T)
        self.coef = self.rows.T
        if self.features.idf_word.size != WORD_BUCKETS:
            raise ValueError(f"{name}.npz: the word block is not {WORD_BUCKETS} hashed buckets")
        if self.coef.shape[1] != self.features.idf_word.size + self.features.idf_char.size:
            raise ValueError(f"{name}.npz: coefficient width does not match the features")
        self.meta: dict[str, Any] = meta
        self.version: str = str(meta["version"])
        self.heads: list[str] = list(meta["heads"])
        self.calibration: tuple[float, float] = (
            float(meta["calibration"]["a"]),
            float(meta["calibration"]["b"]),
        )
        self.lexicon: tuple[str, ...] = tuple(meta.get("lexicon", ()))
        # One call now, so the first comment does not pay for set-up.
        self.raw_one("warm up")

    def raw(self, normalised: list[str]) -> np.ndarray[Any, Any]:
        """Scores of many texts through sparse matrices (evaluation: imports scikit-learn)."""
        x = self.features.transform(normalised)
        z: np.ndarray[Any, Any] = np.asarray(x @ self.coef.T) + self.intercept
        return z

    def raw_one(self, normalised: str) -> np.ndarray[Any, Any]:
        """The same scores as raw([text])[0], without sparse-matrix overhead (one comment)."""
        f = self.features
        # the counts and their 1 + log, shared by the models that read the same text
        counts = counts_one(normalised, f.clean_words)
        wi, _, ci, _ = counts
        z: np.ndarray[Any, Any] = (
            self.rows.take(wi, axis=0).T @ weigh_tf(wi, counts.word_tf, f.idf_word)
            + self.rows.take(counts.char_columns, axis=0).T
            @ weigh_tf(ci, counts.char_tf, f.idf_char)
            + self.intercept
        )
        return z

    def calibrated(self, z: float) -> float:
        a, b = self.calibration
        return sigmoid(a * z + b)


class TfidfAbuse:
    """The abuse model, with the threat model beside it when one is given (the run time always
    gives one: `loader.load_classifiers`; training and evaluation use the abuse model alone)."""

    def __init__(self, directory: Path, threat: ThreatReader | None = None) -> None:
        self.model = LinearTextModel(directory, "abuse")
        # Misspelt and run-together abusive words spelt out first (`respell`), at run time only.
        self.respell = respeller(directory, self.model.lexicon)
        self.threat = threat
        self.version = f"{self.model.version}+respell{RESPELL_VERSION}" + (
            f"+{threat.version}" if threat else ""
        )
        # A word's own score depends on the word alone, and words recur: remembered (bounded).
        self.word_score = lru_cache(maxsize=8192)(self._word_score)

    def prepared(self, text: str) -> str:
        """The text as this model reads it: normalised, abusive words respelt."""
        return self.respell(normalise(text, self.model.lexicon))

    def _word_score(self, word: str) -> float:
        m = self.model
        return m.calibrated(float(m.raw_one(self.prepared(word))[0]))

    def score(self, text: str) -> AbuseScores:
        m = self.model
        z = m.raw_one(self.prepared(text))
        abusive = m.calibrated(float(z[0]))
        kinds = {head: sigmoid(float(v)) for head, v in zip(m.heads[1:], z[1:], strict=True)}
        spans: tuple[Span, ...] = ()
        if abusive >= SPANS_FROM:
            spans = self.spans(text)
        if self.threat is None:
            return AbuseScores(abusive=abusive, kinds=kinds, spans=spans)
        threat = self.threat.score(text)
        if not math.isfinite(threat.probability):
            raise ValueError("the threat model gave a score that is not a number")
        return AbuseScores(abusive, kinds, spans, threat.probability, threat.span)

    def probabilities(self, texts: list[str], batch: int = 2000) -> list[float]:
        """Calibrated abuse probabilities for many texts at once (evaluation, thresholds)."""
        m = self.model
        out: list[float] = []
        for i in range(0, len(texts), batch):
            z = m.raw([self.prepared(t) for t in texts[i : i + batch]])[:, 0]
            out.extend(m.calibrated(float(v)) for v in z)
        return out

    def spans(self, text: str) -> tuple[Span, ...]:
        """The words that would be abusive on their own: what a moderator should look at."""
        words = [(w.start(), w.end(), w.group(0)) for w in WORD_RE.finditer(text)]
        if not words:
            return ()
        return tuple(
            Span(start, end, "abusive")
            for start, end, word in words
            if self.word_score(word) >= SPAN_WORD_PROBABILITY
        )


class TfidfSpam:
    def __init__(self, directory: Path) -> None:
        self.model = LinearTextModel(directory, "spam")
        self.version = self.model.version

    def score(self, text: str) -> float:
        z = self.model.raw_one(normalise(text))
        return self.model.calibrated(float(z[0]))
