"""Parts synthesised several at a time (NARRATION_PARALLEL): they start in reading order, are
joined and reported in reading order (a player only ever sees the first N parts), the file is
the same as one made a part at a time, a failure stops the rest, and an edit still re-makes
only the part it touched."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from masthead.articles.body import parse_body
from masthead.narration import config
from masthead.narration.config import choose_parallel, narration_parallel
from masthead.narration.engines.base import EngineError, Synthesis
from masthead.narration.engines.fake import FakeEngine
from masthead.narration.pipeline import PartReady, SegmentCache, plan_parts, render
from masthead.narration.script import build_script

BODY = "\n\n".join(
    f"Paragraph {n} says the council will vote on the bridge. It will cost {n} million pounds."
    for n in range(1, 11)
)


def _script(body: str = BODY):  # type: ignore[no-untyped-def]
    return build_script("Bridge vote", "The council meets tonight.", parse_body(body))


class FirstAloneEngine(FakeEngine):
    """Notes how many parts were being synthesised while the first one was."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.running = 0
        self.beside_first = -1

    def synthesize(self, sentences: Sequence[str]) -> Synthesis:
        with self.lock:
            self.running += 1
            first = self.beside_first < 0
        if first:
            time.sleep(0.05)  # room for a second part to start, were it allowed to
            with self.lock:
                self.beside_first = self.running - 1
        try:
            return super().synthesize(sentences)
        finally:
            with self.lock:
                self.running -= 1


def test_the_first_part_is_synthesised_alone_for_the_quickest_first_audio(tmp_path: Path) -> None:
    engine = FirstAloneEngine()
    render(_script(), engine, SegmentCache(tmp_path), parallel=4)
    assert engine.beside_first == 0


class JitteryEngine(FakeEngine):
    """The fake voice with a random delay per part (seeded), noting how many run at once."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0
        self.started: list[str] = []

    def synthesize(self, sentences: Sequence[str]) -> Synthesis:
        with self.lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.started.append(sentences[0])
            delay = self.random.uniform(0.0, 0.03)
        try:
            time.sleep(delay)
            return super().synthesize(sentences)
        finally:
            with self.lock:
                self.running -= 1


class Deciding:
    """A `Parallelism` that answers `early` (while the first part is made) and the final call
    (once it is made) as told, counting how often each was asked."""

    def __init__(self, early: int | None, final: int) -> None:
        self.early_answer, self.final = early, final
        self.asked_early = self.asked = 0

    def early(self) -> int | None:
        self.asked_early += 1
        return self.early_answer

    def __call__(self) -> int:
        self.asked += 1
        return self.final


@pytest.mark.parametrize(
    ("seed", "early"), [(1, False), (2, False), (3, False), (4, True), (5, True), (6, True)]
)
def test_parallel_parts_are_reported_as_a_growing_prefix_in_reading_order(
    tmp_path: Path, seed: int, early: bool
) -> None:
    script = _script()
    serial = render(script, FakeEngine(), SegmentCache(tmp_path / "serial"))
    engine = JitteryEngine(seed)
    reports: list[tuple[int, int, PartReady]] = []
    parallel = render(
        script,
        engine,
        SegmentCache(tmp_path / "parallel"),
        progress=lambda done, total, part: reports.append((done, total, part)),
        parallel=Deciding(2, 2) if early else 4,
    )
    total = len(plan_parts(script))
    assert [done for done, _, _ in reports] == list(range(1, total + 1))
    serial_reports: list[PartReady] = []
    render(
        script,
        FakeEngine(),
        SegmentCache(tmp_path / "serial-again"),
        progress=lambda done, total, part: serial_reports.append(part),
    )
    for done, reported_total, part in reports:
        assert reported_total == total
        # the `done`-th part, in reading order, on the final timeline: as one at a time says
        assert part.index == done - 1
        assert part == serial_reports[done - 1]
    starts = [part.start for _, _, part in reports]
    assert starts == sorted(starts) and starts[0] == 0
    # each part times the sentences after the previous part's: timed sentences are a prefix
    assert [part.first_sentence for _, _, part in reports] == [0] + [
        part.end_sentence for _, _, part in reports[:-1]
    ]
    # the same file and timings as one part at a time
    assert parallel.mp3 == serial.mp3 and parallel.timings == serial.timings
    assert parallel.segments_synthesised == total
    assert sorted(engine.started) == sorted(s[0] for s in _spoken_parts(script))


def _spoken_parts(script) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [s.spoken for s in script.paragraphs[p.paragraph].sentences[p.first : p.end]]
        for p in plan_parts(script)
    ]


class MeetingEngine(FakeEngine):
    """The second and third parts wait for each other: this finishes only if two run at once.
    (The first part is made alone, before the others start.)"""

    def __init__(self) -> None:
        super().__init__()
        self.barrier = threading.Barrier(2, timeout=10)
        self.count = 0
        self.lock = threading.Lock()

    def synthesize(self, sentences: Sequence[str]) -> Synthesis:
        with self.lock:
            self.count += 1
            meets = self.count in (2, 3)
        if meets:
            self.barrier.wait()  # BrokenBarrierError if the parts ran one after the other
        return super().synthesize(sentences)


def test_with_parallel_two_two_parts_after_the_first_are_synthesised_at_the_same_time(
    tmp_path: Path,
) -> None:
    rendered = render(_script(), MeetingEngine(), SegmentCache(tmp_path), parallel=2)
    assert rendered.segments_synthesised == len(plan_parts(_script()))


def test_with_parallel_one_parts_are_synthesised_one_after_another(tmp_path: Path) -> None:
    with pytest.raises(threading.BrokenBarrierError):
        engine = MeetingEngine()
        engine.barrier = threading.Barrier(2, timeout=0.5)
        render(_script(), engine, SegmentCache(tmp_path), parallel=1)


def test_a_failing_part_stops_the_narration_and_no_later_part_is_reported(tmp_path: Path) -> None:
    engine = JitteryEngine(seed=4)
    engine.fail_on = "Paragraph five says"
    reports: list[int] = []
    with pytest.raises(EngineError, match="fake engine crashed"):
        render(
            _script(),
            engine,
            SegmentCache(tmp_path),
            progress=lambda done, total, part: reports.append(part.index + 1),
            parallel=3,
        )
    failing = next(
        n for n, spoken in enumerate(_spoken_parts(_script())) if "Paragraph five says" in spoken[0]
    )
    assert reports == list(range(1, failing + 1))  # the parts before it, and none after


def test_an_edit_re_makes_only_its_part_with_parallel_synthesis(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    engine = JitteryEngine(seed=5)
    render(_script(), engine, cache, parallel=2)
    engine.calls.clear()
    edited = render(
        _script(BODY.replace("Paragraph 7 says the council", "Paragraph 7 says the mayor")),
        engine,
        cache,
        parallel=2,
    )
    assert edited.segments_synthesised == 1
    assert engine.calls == [
        "Paragraph seven says the mayor will vote on the bridge.",
        "It will cost seven million pounds.",
    ]


@pytest.mark.parametrize(
    ("configured", "env", "expected"),
    [(3, None, 3), ("2", None, 2), (0, None, 1), (None, "4", 4), ("", "1", 1)],
)
def test_the_parallel_setting_comes_from_settings_then_the_environment(
    monkeypatch: pytest.MonkeyPatch, configured: object, env: str | None, expected: int
) -> None:
    if env is None:
        monkeypatch.delenv("MASTHEAD_NARRATION_PARALLEL", raising=False)
    else:
        monkeypatch.setenv("MASTHEAD_NARRATION_PARALLEL", env)
    assert narration_parallel(configured) == expected


def test_auto_is_the_default_and_is_decided_per_narration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MASTHEAD_NARRATION_PARALLEL", raising=False)
    assert narration_parallel(None) == 0 == narration_parallel("auto")
    monkeypatch.setenv("MASTHEAD_NARRATION_PARALLEL", "AUTO")
    assert narration_parallel(None) == 0


@pytest.mark.parametrize(
    ("cores", "idle", "load", "expected"),
    [
        (2, 0.9, 3.0, 2),  # the other core was idle while the first part was made
        (2, 0.75, 0.0, 2),
        (2, 0.5, 0.0, 1),  # half of it was someone else's: one part at a time
        (2, 0.0, 0.0, 1),  # a training job on the other core
        (1, 1.0, 0.0, 1),  # one core
        (16, 14.0, 0.0, 2),  # never more than two unless asked
        (2, None, 0.4, 2),  # not measured: the load average decides
        (2, None, 0.6, 1),
        (16, None, 15.0, 1),
    ],
)
def test_auto_uses_a_second_core_only_when_it_is_idle(
    cores: int, idle: float | None, load: float, expected: int
) -> None:
    assert choose_parallel(cores, idle, load) == expected


def test_the_idle_meter_measures_idle_cores_between_its_start_and_its_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    samples = iter([(1000, 5000), (1000 + 90, 5000 + 200)])  # 90 of 200 ticks idle
    monkeypatch.setattr(config, "cpu_times", lambda cpus: next(samples))
    monkeypatch.setattr(config.os, "sched_getaffinity", lambda pid: {0, 1})
    meter = config.IdleMeter()
    assert meter.idle_cores() == pytest.approx(0.9)
    busy = iter([(1000, 5000), (1000 + 10, 5000 + 200)])
    monkeypatch.setattr(config, "cpu_times", lambda cpus: next(busy))
    monkeypatch.setattr(config, "load_average", lambda: 0.0)
    assert config.IdleMeter()() == 1


def test_the_idle_meter_reads_this_machines_cpu_times() -> None:
    times = config.cpu_times({0})
    if times is None:
        pytest.skip("no /proc/stat here")
    idle, total = times
    assert 0 <= idle <= total and total > 0


def test_a_parallel_function_is_asked_once_after_the_first_part(tmp_path: Path) -> None:
    asked: list[int] = []
    engine = MeetingEngine()  # needs two parts at once after the first

    def decide() -> int:
        asked.append(len(engine.calls))
        return 2

    rendered = render(_script(), engine, SegmentCache(tmp_path), parallel=decide)
    assert asked == [1] and rendered.parallel == 2  # after the headline's one sentence


def test_a_parallel_setting_that_is_not_a_number_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MASTHEAD_NARRATION_PARALLEL", "two")
    with pytest.raises(ValueError, match="NARRATION_PARALLEL must be a whole number or"):
        narration_parallel(None)


class SecondBesideFirstEngine(FakeEngine):
    """The first part waits (up to `patience` seconds) for the second to start, and notes
    whether it did and how many other parts were being made then (the second waits for that
    look)."""

    def __init__(self, patience: float) -> None:
        super().__init__()
        self.patience = patience
        self.lock = threading.Lock()
        self.count = self.running = 0
        self.second_started = threading.Event()
        self.first_looked = threading.Event()
        self.second_beside_first: bool | None = None
        self.others_during_first = -1

    def synthesize(self, sentences: Sequence[str]) -> Synthesis:
        with self.lock:
            self.count += 1
            self.running += 1
            number = self.count
        if number == 2:
            self.second_started.set()
            self.first_looked.wait(self.patience)  # still running when the first looks
        if number == 1:
            self.second_beside_first = self.second_started.wait(self.patience)
            with self.lock:
                self.others_during_first = self.running - 1
            self.first_looked.set()
        try:
            return super().synthesize(sentences)
        finally:
            with self.lock:
                self.running -= 1


def test_when_an_idle_core_is_seen_early_the_second_part_starts_beside_the_first(
    tmp_path: Path,
) -> None:
    engine = SecondBesideFirstEngine(patience=10)
    deciding = Deciding(early=2, final=2)
    reports: list[int] = []
    rendered = render(
        _script(),
        engine,
        SegmentCache(tmp_path),
        progress=lambda done, total, part: reports.append(done),
        parallel=deciding,
    )
    assert engine.second_beside_first is True
    assert engine.others_during_first == 1  # two parts at once in all, not more
    assert deciding.asked == 0 and rendered.parallel == 2  # decided early: never asked after
    assert rendered.parallel_started_seconds is not None
    assert rendered.parallel_started_seconds < rendered.first_segment_seconds
    assert reports == list(range(1, len(plan_parts(_script())) + 1))  # still in reading order


def test_until_an_idle_core_is_seen_the_first_part_is_made_alone_then_the_call_decides(
    tmp_path: Path,
) -> None:
    engine = SecondBesideFirstEngine(patience=0.3)
    deciding = Deciding(early=None, final=2)
    rendered = render(_script(), engine, SegmentCache(tmp_path), parallel=deciding)
    assert engine.second_beside_first is False and engine.others_during_first == 0
    assert deciding.asked_early >= 1 and deciding.asked == 1 and rendered.parallel == 2


def test_a_first_part_that_fails_reports_nothing_even_with_an_early_second_worker(
    tmp_path: Path,
) -> None:
    engine = JitteryEngine(seed=7)
    engine.fail_on = "Bridge vote"  # the headline
    reports: list[int] = []
    with pytest.raises(EngineError, match="fake engine crashed"):
        render(
            _script(),
            engine,
            SegmentCache(tmp_path),
            progress=lambda done, total, part: reports.append(done),
            parallel=Deciding(early=2, final=2),
        )
    assert reports == []


def test_the_idle_meter_says_early_only_once_it_has_seen_another_core_idle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(config.os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(config, "load_average", lambda: 0.0)

    def meter(*samples: tuple[int, int]) -> config.IdleMeter:
        readings = iter(samples)
        monkeypatch.setattr(config, "cpu_times", lambda cpus: next(readings))
        return config.IdleMeter()

    assert meter((0, 0), (9, 18)).early() is None  # under a tenth of a second: cannot tell
    assert meter((0, 0), (18, 30)).early() == 2  # the other core idle beside our busy one
    assert meter((0, 0), (3, 30)).early() is None  # busy: the call decides after the first part
    monkeypatch.setattr(config.os, "sched_getaffinity", lambda pid: {0})
    assert meter((0, 0), (0, 30)).early() is None  # one core
