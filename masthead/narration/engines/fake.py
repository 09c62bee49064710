"""A small deterministic engine for the tests of *other* features (and of the pipeline).

It "speaks" a soft tone whose length follows the number of words, so audio, timings and caching
behave like the real thing in milliseconds. `calls` records every sentence it synthesised;
`fail_on` makes it raise when a sentence contains that text (a crash mid-narration).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from masthead.narration.engines.base import EngineError, Synthesis, WordTiming, join_sentences

SAMPLE_RATE = 22050
SECONDS_PER_WORD = 0.25


class FakeEngine:
    name = "fake"

    def __init__(self, voice: str = "fake", rate: float = 1.0) -> None:
        self.voice = voice
        self.rate = rate
        self.calls: list[str] = []
        self.fail_on: str | None = None

    @property
    def version(self) -> str:
        return f"fake-1/{self.voice}/rate-{self.rate:g}"

    def synthesize(self, sentences: Sequence[str]) -> Synthesis:
        pieces: list[tuple[bytes, tuple[WordTiming, ...]]] = []
        for sentence in sentences:
            if self.fail_on and self.fail_on in sentence:
                raise EngineError(f"fake engine crashed on {sentence[:40]!r}")
            self.calls.append(sentence)
            words = sentence.split()
            per_word = SECONDS_PER_WORD / self.rate
            pitch = 180 + int(hashlib.sha256(sentence.encode()).hexdigest()[:2], 16)
            count = round(per_word * SAMPLE_RATE)
            n = np.arange(count)
            word = (
                6000 * np.sin(np.pi * n / count) * np.sin(2 * np.pi * pitch * n / SAMPLE_RATE)
            ).astype("<i2")
            samples = np.tile(word, len(words)).tobytes()
            timings = [
                WordTiming(w, round(i * per_word, 3), round((i + 1) * per_word, 3))
                for i, w in enumerate(words)
            ]
            pieces.append((samples, tuple(timings)))
        return join_sentences(pieces, SAMPLE_RATE)
