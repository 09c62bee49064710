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


def load_average() -> float:
    """Runnable processes over the last minute (0 where the system does not say)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - Linux has it
        return 0.0


def narration_parallel(configured: object = None) -> int:
    """How many parts are synthesised at once: MASTHEAD["NARRATION_PARALLEL"], else the
    MASTHEAD_NARRATION_PARALLEL environment variable: a number, or "auto" (the default),
    returned as 0 and decided for each narration by `IdleMeter`. Each part runs onnxruntime on
    NARRATION_THREADS threads (1), so 2 uses a second core."""
    raw = (
        configured
        if configured not in (None, "")
        else os.environ.get("MASTHEAD_NARRATION_PARALLEL")
    )
    if raw in (None, "") or str(raw).strip().lower() == "auto":
        return 0
    try:
        value = int(str(raw))
    except ValueError:
        raise ValueError(
            f'NARRATION_PARALLEL must be a whole number or "auto", not {raw!r}'
        ) from None
    return max(1, value)


def choose_parallel(cores: int, idle: float | None, load: float) -> int:
    """`auto`: 2 parts at once when this process may use two cores or more and another core
    was idle while the first part was made (`idle`: idle cores measured then, at least 0.75),
    else 1. Without that measurement (no /proc/stat, or the first part came from the cache at
    once), the one-minute load average must leave 1.5 cores idle. On a busy machine a second
    part only competes with the first for the same CPU (measured in docs/benchmarks.md)."""
    if cores < 2:
        return 1
    if idle is not None:
        return 2 if idle >= 0.75 else 1
    return 2 if load <= cores - 1.5 else 1


def cpu_times(cpus: set[int]) -> tuple[int, int] | None:
    """(idle, total) clock ticks of these CPUs since boot, from /proc/stat (None elsewhere)."""
    try:
        lines = Path("/proc/stat").read_text().splitlines()
    except OSError:
        return None
    idle = total = 0
    for line in lines:
        name, _, rest = line.partition(" ")
        if not name.startswith("cpu") or name == "cpu" or int(name[3:]) not in cpus:
            continue
        ticks = [int(value) for value in rest.split()[:8]]  # guest time is inside user
        idle += ticks[3] + ticks[4]  # idle + iowait
        total += sum(ticks)
    return (idle, total) if total else None


class IdleMeter:
    """NARRATION_PARALLEL=auto for one narration (a `pipeline.Parallelism`): created when it
    starts, asked by `render` while the first part is made (`early`) and, if it could not tell
    then, once it is made; it says how many parts to make at once from how idle this process's
    cores were meanwhile (the first part keeps one core busy: ours)."""

    def __init__(self) -> None:
        self.cpus = set(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else {0}
        self.start = cpu_times(self.cpus)

    def idle_cores(self) -> float | None:
        end = cpu_times(self.cpus)
        if self.start is None or end is None:
            return None
        idle, total = end[0] - self.start[0], end[1] - self.start[1]
        if total < 10 * len(self.cpus):  # under about a tenth of a second: too short to tell
            return None
        return len(self.cpus) * idle / total

    def __call__(self) -> int:
        return choose_parallel(len(self.cpus), self.idle_cores(), load_average())

    def early(self) -> int | None:
        """Asked while the first part is made: 2 as soon as another core is measured idle
        (`choose_parallel`'s rule, over at least a tenth of a second), so the second part starts
        beside the first; None while that cannot be told yet or the other cores are busy (the
        call decides once the first part is made, over the whole of it)."""
        idle = self.idle_cores()
        if idle is None or len(self.cpus) < 2:
            return None
        chosen = choose_parallel(len(self.cpus), idle, load_average())
        return chosen if chosen > 1 else None


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
