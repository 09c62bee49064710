"""Narration settings, read from `settings.MASTHEAD` when needed (never at import)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from masthead.narration.engines import EngineUnavailable, SpeechEngine, get_engine
from masthead.narration.pipeline import SegmentCache


@dataclass(frozen=True)
class NarrationSettings:
    engine: str
    voice: str
    rate: float
    threads: int
    parallel: int
    cache_dir: Path
    on_publish: bool


def narration_settings() -> NarrationSettings:
    conf = settings.MASTHEAD
    return NarrationSettings(
        engine=str(conf.get("NARRATION_ENGINE", "piper")),
        voice=str(conf.get("NARRATION_VOICE", "")),
        rate=float(conf.get("NARRATION_RATE", 1.0)),
        threads=int(conf.get("NARRATION_THREADS", 1)),
        parallel=narration_parallel(conf.get("NARRATION_PARALLEL")),
        cache_dir=Path(
            conf.get("NARRATION_CACHE_DIR") or Path(settings.VAR_DIR) / "narration-cache"
        ),
        on_publish=bool(conf.get("NARRATION_ON_PUBLISH", True)),
    )


def cores() -> int:
    """The CPU cores this process may run on (a container's share, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - Linux has sched_getaffinity


def load_average() -> float:
    """Runnable processes over the last minute (0 where the system does not say)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - Linux has it
        return 0.0


def narration_parallel(configured: object = None) -> int:
    """How many parts are synthesised at once: MASTHEAD["NARRATION_PARALLEL"], else the
    MASTHEAD_NARRATION_PARALLEL environment variable: a number, or "auto" (the default).

    "auto", read when a narration starts: 2 when this process may use two cores or more and at
    least one and a half of them are idle (one-minute load average), else 1. Each part runs
    onnxruntime on NARRATION_THREADS threads (1), so 2 uses a second core. On a busy machine a
    second part only competes with the first for the same CPU and delays the first audio
    (measured in docs/benchmarks.md), hence the check."""
    raw = (
        configured
        if configured not in (None, "")
        else os.environ.get("MASTHEAD_NARRATION_PARALLEL")
    )
    if raw in (None, "") or str(raw).strip().lower() == "auto":
        available = cores()
        return 2 if available >= 2 and load_average() <= available - 1.5 else 1
    try:
        value = int(str(raw))
    except ValueError:
        raise ValueError(
            f'NARRATION_PARALLEL must be a whole number or "auto", not {raw!r}'
        ) from None
    return max(1, value)


def configured_engine(name: str | None = None) -> SpeechEngine:
    """The engine from settings (or `name` with the configured voice and rate)."""
    conf = narration_settings()
    engine = name or conf.engine
    voice = conf.voice if engine == conf.engine or engine == "espeak" else ""
    return get_engine(engine, voice, conf.rate, conf.threads)


def ready_engine() -> tuple[SpeechEngine, str]:
    """The configured engine, loaded and able to speak here; if it cannot run (voice or program
    missing) and espeak-ng can, espeak-ng as the light fallback, with a note saying why.
    Raises EngineError when neither can."""
    try:
        return _prepared(configured_engine()), ""
    except EngineUnavailable as exc:
        if narration_settings().engine in {"espeak", "fake"}:
            raise
        try:
            fallback = _prepared(configured_engine("espeak"))
        except EngineUnavailable:
            raise exc from None
        return fallback, f"read by the fallback voice (espeak-ng) because {exc}"


def _prepared(engine: SpeechEngine) -> SpeechEngine:
    _ = engine.version  # espeak-ng: is the program there?
    load = getattr(engine, "load", None)
    if load is not None:
        load()  # Piper: the voice, once per process
    return engine


def segment_cache() -> SegmentCache:
    return SegmentCache(narration_settings().cache_dir)
