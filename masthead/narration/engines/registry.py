"""Engines by name; each configured engine is built once per process."""

from __future__ import annotations

import functools

from masthead.narration.engines.base import SpeechEngine, UnknownEngine

ENGINE_NAMES = ("piper", "espeak", "fake")


@functools.lru_cache(maxsize=8)
def get_engine(name: str, voice: str = "", rate: float = 1.0, threads: int = 1) -> SpeechEngine:
    """The engine `name` speaking with `voice` at `rate` (1.0 normal, 1.2 faster)."""
    if not 0.5 <= rate <= 2.0:
        raise UnknownEngine(f"speaking rate must be between 0.5 and 2.0, not {rate}")
    if name == "piper":
        from masthead.narration.engines.piper import PiperEngine

        return PiperEngine(voice or "en_US-joe-medium", rate, threads)
    if name == "espeak":
        from masthead.narration.engines.espeak import EspeakEngine

        return EspeakEngine(voice or "en-us", rate)
    if name == "fake":
        from masthead.narration.engines.fake import FakeEngine

        return FakeEngine(voice or "fake", rate)
    raise UnknownEngine(f"unknown speech engine {name!r} (choose one of {', '.join(ENGINE_NAMES)})")
