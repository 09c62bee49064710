"""Worker processes for `masthead moderate-file --jobs N` (core/cli.py).

The main process reads, decodes and parses the input and writes every line of output; it
spreads each parsed chunk's comments over itself and the workers (ScoringPool.split: a comment
goes where its article's vectors already are, unless that process has too much work), scores
its own share and writes the verdicts in input order. A worker only scores the comments it is
sent and sends the verdicts back. Each worker is a fresh interpreter ("spawn", never "fork": an
onnxruntime session does not survive a fork) that loads the classifiers once, with onnxruntime
on one thread, as the main process does.

A worker that dies, or a part that raises, loses and publishes nothing: the main process scores
those comments itself (cli.py), so the verdicts are the ones `--jobs 1` gives.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import ArticleText, Policy, Submission, Verdict

# `--jobs auto`: the CPUs this process may use, at most this many (each worker holds its own
# copy of the models, about 230 MB).
MAX_AUTO_JOBS = 4

# Test-only fault injection. With this environment variable set to "exit" or "raise", a worker
# given a comment whose text is exactly FAULT_MARKER dies at once (os._exit) or raises, so that
# tests can prove a broken worker loses and publishes nothing. Both are needed; neither is set
# in normal use, and the main process never consults them.
FAULT_ENV = "MASTHEAD_TEST_WORKER_FAULT"
FAULT_MARKER = "MASTHEAD_TEST_WORKER_FAULT"


def usable_cpus() -> int:
    """CPUs this process may run on: its affinity mask, lowered by a cgroup CPU quota (a
    container started with `--cpus 2` on a big host), at least 1."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    try:
        with open("/sys/fs/cgroup/cpu.max") as f:
            quota, period = f.read().split()[:2]
        if quota != "max":
            count = min(count, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, count)


def auto_jobs() -> int:
    return min(usable_cpus(), MAX_AUTO_JOBS)


# --- in the worker ----------------------------------------------------------------------------

_classifiers: Classifiers | None = None
_policy: Policy | None = None


def _start_worker(get_classifiers: Callable[[], Classifiers], policy: Policy) -> None:
    """Runs once in each worker: warnings as one stderr line each, the models loaded. Ctrl-C is
    left to the main process, which stops the workers (no traceback from each of them)."""
    global _classifiers, _policy
    import signal

    from masthead.moderation.core.cli import one_line_warnings

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    one_line_warnings()
    _policy = policy
    _classifiers = get_classifiers()


def _score_chunk(submissions: list[Submission]) -> tuple[list[Verdict], float]:
    """The verdicts, and the seconds they took (for the main process's load balancing)."""
    from masthead.moderation.core.cli import score

    start = time.perf_counter()

    fault = os.environ.get(FAULT_ENV)
    if fault and any(s.text == FAULT_MARKER for s in submissions):
        if fault == "exit":
            os._exit(70)
        raise RuntimeError("test fault in a scoring worker")
    if _classifiers is None or _policy is None:
        raise RuntimeError("the worker has no models")
    return score(submissions, _policy, _classifiers), time.perf_counter() - start


# --- in the main process ----------------------------------------------------------------------

# Articles whose place (which workers hold their vectors) the main process remembers.
ROUTED_ARTICLES = 20_000


def article_cost(article: ArticleText) -> int:
    """What embedding an article costs a worker that does not hold it, in comment embeddings:
    its passages (headline, standfirst, body chunks; topic.segments_of)."""
    from masthead.moderation.core.classifiers.topic import BODY_CHUNK_WORDS, MAX_BODY_CHUNKS

    words = len(article.body.split()) if article.body else 0
    return 2 + min(-(-words // BODY_CHUNK_WORDS), MAX_BODY_CHUNKS)


# Seconds a comment is first taken to cost (about 200 comments a second), until each process's
# own speed is measured; an article a process does not hold costs its passages, each counted
# as a comment.
FIRST_RATE = 0.005
# A worker starts (a fresh interpreter, the imports, the models) in about this many seconds: it
# is given that much less work at first.
STARTUP_S = 1.5
HERE = 0  # the slot of the main process


class ScoringPool:
    """The main process (slot 0) and `workers` worker processes (slots 1 to `workers`), each with
    its own queue, so that a chunk's comments on one article go where that article's vectors
    already are (each process keeps the articles it has embedded): a file shuffled across many
    articles then embeds each article about once, not once a process. Comments are spread by
    the work each process was given, in seconds, at the speed measured for that process (the
    main process also reads and writes, so it is slower); a worker that stops is dropped and
    the others (the main process among them) take its share."""

    def __init__(
        self, workers: int, get_classifiers: Callable[[], Classifiers], policy: Policy
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self.workers: list[ProcessPoolExecutor | None] = [None] + [
            ProcessPoolExecutor(
                max_workers=1,
                mp_context=context,
                initializer=_start_worker,
                initargs=(get_classifiers, policy),
            )
            for _ in range(workers)
        ]
        slots = workers + 1
        self.load = [0.0] + [STARTUP_S] * workers  # seconds of work given
        self.units = [0] * slots  # work measured: comments and passages ...
        self.seconds = [0.0] * slots  # ... and the seconds they took
        # article -> (its cost, the slots given it), the least recently seen first
        self.articles: OrderedDict[int, tuple[int, set[int]]] = OrderedDict()

    def live(self) -> list[int]:
        """The slots that score: this process, and the workers not dropped."""
        return [HERE] + [w for w, executor in enumerate(self.workers) if executor is not None]

    def rate(self, slot: int) -> float:
        """Seconds a unit of work takes in this slot, as measured (or guessed, at first)."""
        if self.units[slot] >= 100:
            return self.seconds[slot] / self.units[slot]
        known = [s / u for s, u in zip(self.seconds, self.units, strict=True) if u >= 100]
        return sum(known) / len(known) if known else FIRST_RATE

    def measured(self, slot: int, units: int, seconds: float) -> None:
        self.units[slot] += units
        self.seconds[slot] += seconds

    def split(self, submissions: list[Submission]) -> dict[int, tuple[list[int], int]]:
        """Indices of `submissions` for each slot, in order, and their work in units; each
        comment to the slot whose work would be least after it (a comment counts 1, an article
        the slot does not hold its passages)."""
        live = self.live()
        rates = {slot: self.rate(slot) for slot in live}
        parts: dict[int, tuple[list[int], int]] = {}
        for index, submission in enumerate(submissions):
            a = submission.article
            key = hash((a.headline, a.standfirst, a.body))
            known = self.articles.get(key)
            if known is None:
                known = (article_cost(a), set())
                self.articles[key] = known
                if len(self.articles) > ROUTED_ARTICLES:
                    self.articles.popitem(last=False)
            else:
                self.articles.move_to_end(key)
            cost, holders = known
            units = {slot: 1 + (0 if slot in holders else cost) for slot in live}
            slot = min(live, key=lambda w: self.load[w] + units[w] * rates[w])
            self.load[slot] += units[slot] * rates[slot]
            holders.add(slot)
            indices, total = parts.get(slot, ([], 0))
            indices.append(index)
            parts[slot] = (indices, total + units[slot])
        return parts

    def submit(
        self, worker: int, submissions: list[Submission]
    ) -> Future[tuple[list[Verdict], float]]:
        executor = self.workers[worker]
        if executor is None:
            raise RuntimeError(f"worker {worker} was dropped")
        return executor.submit(_score_chunk, submissions)

    def drop(self, worker: int) -> None:
        """Stop using a worker (it stopped, or could not start)."""
        executor = self.workers[worker]
        if executor is not None:
            self.workers[worker] = None
            stop(executor)

    def close(self, abort: bool = False) -> None:
        """Wait for the workers to finish; with `abort` (the reader went away, the output failed,
        Ctrl-C) drop the chunks not yet scored and stop the workers at once."""
        for executor in self.workers:
            if executor is not None:
                stop(executor) if abort else executor.shutdown(wait=True)
        self.workers = [None] * len(self.workers)


def stop(executor: ProcessPoolExecutor) -> None:
    """Stop a worker now, whatever it is doing."""
    processes: dict[Any, Any] = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        try:
            process.terminate()
        except Exception:  # noqa: S110 (already gone)
            pass
    executor.shutdown(wait=True, cancel_futures=True)
