"""Speech engines behind one Protocol (`SpeechEngine`), chosen by name in settings.

`get_engine` loads an engine once per process (a neural voice takes seconds to load) and keeps it.
Heavy libraries (onnxruntime, piper) are imported only when the piper engine is first used.
"""

from __future__ import annotations

from masthead.narration.engines.base import (
    SENTENCE_GAP_SECONDS,
    EngineError,
    EngineUnavailable,
    SentenceTiming,
    SpeechEngine,
    Synthesis,
    UnknownEngine,
    WordTiming,
)
from masthead.narration.engines.registry import ENGINE_NAMES, get_engine

__all__ = [
    "ENGINE_NAMES",
    "SENTENCE_GAP_SECONDS",
    "EngineError",
    "EngineUnavailable",
    "SentenceTiming",
    "SpeechEngine",
    "Synthesis",
    "UnknownEngine",
    "WordTiming",
    "get_engine",
]
