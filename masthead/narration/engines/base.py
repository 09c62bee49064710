"""The speech engine Protocol and the values engines return.

An engine turns a paragraph, given as its sentences, into 16-bit mono PCM plus the time each
sentence (and, where the engine can tell, each word) starts and ends. Sentences are separated by
a short silence; paragraph pauses are added by whoever joins paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

SENTENCE_GAP_SECONDS = 0.18


class EngineError(Exception):
    """Synthesis failed; the message is shown to editors as the reason."""


class EngineUnavailable(EngineError):
    """The engine cannot run here (program or voice not installed)."""


class UnknownEngine(EngineError):
    """No engine by that name."""


@dataclass(frozen=True)
class WordTiming:
    word: str
    start: float
    end: float


@dataclass(frozen=True)
class SentenceTiming:
    """Seconds from the start of the synthesis."""

    start: float
    end: float
    words: tuple[WordTiming, ...] = ()


@dataclass(frozen=True)
class Synthesis:
    pcm: bytes  # signed 16-bit little-endian, mono
    sample_rate: int
    sentences: tuple[SentenceTiming, ...] = field(default_factory=tuple)

    @property
    def samples(self) -> int:
        return len(self.pcm) // 2

    @property
    def duration(self) -> float:
        return self.samples / self.sample_rate


@runtime_checkable
class SpeechEngine(Protocol):
    name: str
    voice: str

    @property
    def version(self) -> str:
        """Changes whenever the same text would sound different (engine, voice, rate)."""
        ...

    def synthesize(self, sentences: Sequence[str]) -> Synthesis:
        """Speak the sentences of one paragraph, one SentenceTiming per sentence, in order."""
        ...


def silence(seconds: float, sample_rate: int) -> bytes:
    return b"\x00\x00" * round(seconds * sample_rate)


def join_sentences(
    pieces: Sequence[tuple[bytes, tuple[WordTiming, ...]]], sample_rate: int
) -> Synthesis:
    """Concatenate per-sentence PCM with a short gap, keeping each sentence's timing."""
    out = bytearray()
    timings: list[SentenceTiming] = []
    gap = silence(SENTENCE_GAP_SECONDS, sample_rate)
    for index, (pcm, words) in enumerate(pieces):
        if index:
            out += gap
        start = len(out) / 2 / sample_rate
        out += pcm
        end = len(out) / 2 / sample_rate
        shifted = tuple(
            WordTiming(w.word, round(start + w.start, 3), round(start + w.end, 3)) for w in words
        )
        timings.append(SentenceTiming(round(start, 3), round(end, 3), shifted))
    return Synthesis(bytes(out), sample_rate, tuple(timings))
