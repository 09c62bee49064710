"""The threat model: is any sentence of the comment a threat, a wish or an incitement of violence?

The abuse model reads words: "I know where you live." has none it fears, while "This bill will
kill small businesses." has one. Threats need their own reading, sentence by sentence, since one
threatening sentence in a long comment is diluted in a whole-comment score.

Files (written by training/moderation/threats.py): `threat.npz`, the lexical head (the abuse
model's hashed TF-IDF design, `LinearTextModel`), and `threat.json`, its version, the embedding
head, the blend of the two (fitted on dev sentences) and the operating threshold chosen on dev.
Pure: no I/O beyond reading the two files, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from masthead.moderation.core.classifiers.abuse import LinearTextModel, sigmoid
from masthead.moderation.core.normalise import normalise
from masthead.moderation.core.types import Span

# A sentence: up to and including its closing punctuation, or a line.
SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]*")
# A long comment is read in at most this many sentences (the longest ones first would favour
# rants; the first ones are what readers see): bounds the cost of one decision.
MAX_SENTENCES = 40
MIN_WORDS = 2


@dataclass(frozen=True)
class ThreatScore:
    # Calibrated probability that the most threatening sentence is a threat of violence.
    probability: float
    # Where that sentence is in the comment (for moderators); None when the comment is empty.
    span: Span | None = None


def sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of the comment's sentences (stripped), at most MAX_SENTENCES."""
    out: list[tuple[int, int]] = []
    for m in SENTENCE_RE.finditer(text):
        piece = m.group(0)
        start = m.start() + (len(piece) - len(piece.lstrip()))
        end = m.end() - (len(piece) - len(piece.rstrip()))
        if end > start:
            out.append((start, end))
        if len(out) == MAX_SENTENCES:
            break
    return out


def units(text: str) -> list[tuple[int, int]]:
    """What is scored: each sentence of two words or more, and the whole comment when it has more
    than one sentence (a threat can run across a full stop: "Keep talking. See what happens.")."""
    parts = [(a, b) for a, b in sentences(text) if len(text[a:b].split()) >= MIN_WORDS]
    stripped = text.strip()
    if stripped and len(parts) != 1:
        start = text.index(stripped[0])
        parts.append((start, start + len(stripped)))
    return parts


class ThreatModel:
    """Lexical head per sentence (the most threatening one counts) blended with a head on the
    comment's MiniLM embedding, which the on-topic model computes anyway (`embed` is its cached
    embedder, so a comment is embedded once for both)."""

    def __init__(self, directory: Path, embed: Callable[[list[str]], np.ndarray[Any, Any]]) -> None:
        self.model = LinearTextModel(directory, "threat")
        self.version = self.model.version
        meta = self.model.meta
        try:
            blend = meta["blend"]
            self.a = float(blend["lexical"])
            self.b = float(blend["semantic"])
            self.c = float(blend["intercept"])
            self.semantic = np.asarray(meta["semantic"]["coef"], dtype=np.float32)
            self.semantic_intercept = float(meta["semantic"]["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"threat.json is incomplete: {exc}") from exc
        values = [self.a, self.b, self.c, self.semantic_intercept]
        if not (np.isfinite(values).all() and np.isfinite(self.semantic).all()):
            raise ValueError("threat.json holds a value that is not a finite number")
        self.embed = embed

    def lexical(self, text: str) -> float:
        m = self.model
        return float(m.raw_one(normalise(text, m.lexicon))[0])

    def score(self, text: str) -> ThreatScore:
        parts = units(text)
        if not parts:
            return ThreatScore(0.0)
        raw = [self.lexical(text[a:b]) for a, b in parts]
        best = int(np.argmax(raw))
        vector = self.embed([text])[0]
        if vector.shape != self.semantic.shape:
            raise ValueError("threat.json was fitted on another embedding size")
        semantic = float(vector @ self.semantic) + self.semantic_intercept
        p = sigmoid(self.a * raw[best] + self.b * semantic + self.c)
        start, end = parts[best]
        return ThreatScore(p, Span(start, end, "threat"))
