"""`masthead moderate-file --jobs N`: worker processes score, the contract stays the same.

The workers are real processes (spawned), given the fake classifiers here (a module-level
function, so it reaches them); test_moderation_cli_jobs_real.py compares the real models'
output with one process and with two.
"""

import io
import json
import subprocess
import sys
from dataclasses import replace

import pytest

from masthead.moderation.core import cli, parallel
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.classifiers.fake import (
    FakeAbuse,
    FakeSpam,
    FakeTopic,
    fake_classifiers,
)
from masthead.moderation.core.classifiers.loader import ModelUnavailable
from masthead.moderation.core.types import ArticleText, Policy, Submission

ARTICLE = {
    "headline": "Council approves bridge",
    "standfirst": "Vote was 9 to 4",
    "body": "The bridge over the river.",
}


def fake_loader(models=None):
    """What the workers load in these tests (picklable: they import it by name)."""
    return fake_classifiers()


class Boom(FakeAbuse):
    def score(self, text):
        import multiprocessing

        where = "worker" if multiprocessing.parent_process() is not None else "command"
        raise RuntimeError(f"abuse model exploded in the {where}")


def exploding_loader(models=None):
    return Classifiers(abuse=Boom(), topic=FakeTopic(), spam=FakeSpam())


def line(ident, text, article=ARTICLE):
    return json.dumps({"id": ident, "text": text, "article": article, "parent": None})


def mixed_file(n=200):
    """Comments on several articles, some abusive, some lines malformed, spread over chunks."""
    articles = [{**ARTICLE, "headline": f"Council approves bridge {k}"} for k in range(7)]
    lines = []
    for i in range(n):
        if i % 37 == 5:
            lines.append("{not json")
        elif i % 41 == 9:
            lines.append(json.dumps({"id": f"c{i}", "text": 5, "article": ARTICLE}))
        elif i % 53 == 11:
            lines.append("   ")
        else:
            text = "You idiot" if i % 5 == 0 else f"The bridge is good {i}"
            lines.append(line(f"c{i}", text, articles[i % 7]))
    return ("\n".join(lines) + "\n").encode()


def run(data, jobs, get=fake_loader, policy=None):
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(io.BytesIO(data), out, err, policy or Policy(), get, jobs)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def small_chunks(monkeypatch):
    # Chunks are cut in the main process: 200 lines make ten chunks. The workers are given
    # their share from the start (not a start-up allowance of the real models' 1.5 s).
    monkeypatch.setattr(cli, "CHUNK", 20)
    monkeypatch.setattr(parallel, "STARTUP_S", 0.0)


def test_two_jobs_write_the_same_lines_errors_and_status_as_one(small_chunks):
    data = mixed_file()
    one = run(data, 1)
    two = run(data, 2)
    assert one[0] == 2 and one[2].count("error: ") == 11  # 6 not JSON, 5 without text
    assert two == one


def test_three_jobs_keep_input_order_across_many_chunks(small_chunks):
    data = mixed_file(400)
    code, out, err = run(data, 3)
    ids = [json.loads(x)["id"] for x in out.splitlines()]
    expected = [json.loads(x)["id"] for x in run(data, 1)[1].splitlines()]
    assert ids == expected and len(ids) > 350
    assert code == 2


def test_threshold_options_reach_the_workers(small_chunks):
    data = mixed_file()
    lenient = Policy(thresholds=replace(Policy().thresholds, abuse=0.99))
    code, out, _ = run(data, 2, policy=lenient)
    rows = [json.loads(x) for x in out.splitlines()]
    idiots = [r for r in rows if int(r["id"][1:]) % 5 == 0]
    assert len(idiots) > 30  # in every chunk, so in the workers' parts too
    assert all(r["decision"] == "publish" for r in idiots)
    assert out == run(data, 1, policy=lenient)[1]


def test_a_file_of_one_chunk_starts_no_worker(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a worker was started for one chunk")

    monkeypatch.setattr(cli, "ScoringPool", no_pool)
    data = b"".join(line(str(i), "The bridge").encode() + b"\n" for i in range(cli.CHUNK))
    code, out, err = run(data, 4)
    assert (code, err, len(out.splitlines())) == (0, "", cli.CHUNK)


def test_missing_models_hold_every_comment_and_start_no_worker(small_chunks, monkeypatch):
    def broken():
        raise ModelUnavailable("abuse.npz missing")

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker was started without models")

    monkeypatch.setattr(cli, "ScoringPool", no_pool)
    data = mixed_file()
    code, out, err = run(data, 2, get=broken)
    assert (code, out, err) == run(data, 1, get=broken)
    rows = [json.loads(x) for x in out.splitlines()]
    assert {tuple(r["reasons"]) for r in rows} == {("classifier_unavailable",)}
    assert err.count("abuse.npz missing") == 1
    # the bad lines still get their error lines, so the exit code is 2
    assert code == 2


def faulty_file():
    """Ten chunks of 20; the fourth is all the test fault marker."""
    lines = [line(str(i), f"The bridge {i}") for i in range(200)]
    for i in range(60, 80):
        lines[i] = line(str(i), parallel.FAULT_MARKER)
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def marker_to_worker(monkeypatch):
    """The marked chunk goes to worker 1 whatever the load balancing would say."""
    split = parallel.ScoringPool.split

    def to_worker(self, submissions):
        if any(s.text == parallel.FAULT_MARKER for s in submissions):
            return {1: (list(range(len(submissions))), len(submissions))}
        return split(self, submissions)

    monkeypatch.setattr(parallel.ScoringPool, "split", to_worker)


def test_a_worker_that_dies_loses_and_publishes_nothing(
    small_chunks, marker_to_worker, monkeypatch
):
    data = faulty_file()
    expected = run(data, 1)  # the main process never looks at the fault switch
    monkeypatch.setenv(parallel.FAULT_ENV, "exit")
    code, out, err = run(data, 2)
    assert (code, out) == expected[:2]
    assert len(out.splitlines()) == 200
    assert err.count("\n") == 1
    # One warning, whichever the main process meets first: the marked chunk's answer (the
    # worker "stopped") or the next chunk's submission to the broken pool ("cannot be used").
    assert err.startswith(
        (
            "warning: scoring worker 1 stopped (BrokenProcessPool",
            "warning: scoring worker 1 cannot be used (BrokenProcessPool",
        )
    )


def test_a_chunk_that_raises_in_a_worker_is_scored_in_the_main_process(
    small_chunks, marker_to_worker, monkeypatch
):
    data = faulty_file()
    expected = run(data, 1)
    monkeypatch.setenv(parallel.FAULT_ENV, "raise")
    code, out, err = run(data, 2)
    assert (code, out) == expected[:2]
    assert err.count("\n") == 1
    assert err.startswith("warning: scoring worker 1 failed on ")
    assert "(RuntimeError: test fault in a scoring worker); they are scored" in err


def test_a_loader_that_cannot_reach_the_workers_falls_back_to_one_process(small_chunks):
    data = mixed_file()
    code, out, err = run(data, 2, get=lambda: fake_classifiers())
    one = run(data, 1)
    assert (code, out) == one[:2]
    warnings = [x for x in err.splitlines() if x.startswith("warning:")]
    assert len(warnings) == 1 and "cannot be used (" in warnings[0]
    assert "pickle" in warnings[0]
    assert [x for x in err.splitlines() if x.startswith("error:")] == one[2].splitlines()


@pytest.mark.parametrize("typed", ["0", "-1", "x", "1.5", "", "two"])
def test_a_bad_jobs_value_is_a_usage_error_and_nothing_is_scored(
    tmp_path, capsys, monkeypatch, typed
):
    data = tmp_path / "in.jsonl"
    data.write_text(line("a", "The bridge") + "\n")
    monkeypatch.setattr(cli, "run", lambda *a, **k: pytest.fail("scored with bad --jobs"))
    assert cli.main([str(data), f"--jobs={typed}"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"argument --jobs: must be a whole number from 1, or auto, not {typed!r}" in (
        captured.err
    )


@pytest.mark.parametrize(
    ("argv", "expected"), [([], "auto"), (["--jobs", "auto"], "auto"), (["--jobs", "3"], 3)]
)
def test_jobs_default_to_auto_and_reach_run_with_a_picklable_loader(
    tmp_path, monkeypatch, argv, expected
):
    import pickle

    data = tmp_path / "in.jsonl"
    data.write_text(line("a", "The bridge") + "\n")
    models = tmp_path / "models"
    seen = {}

    def fake_run(lines, out, err, policy, get_classifiers, jobs=1):
        seen.update(jobs=jobs, loader=get_classifiers)
        return 0

    monkeypatch.setattr(cli, "run", fake_run)
    assert cli.main([str(data), "--models", str(models), *argv]) == 0
    assert seen["jobs"] == (parallel.auto_jobs() if expected == "auto" else expected)
    # the workers load the models from --models too
    assert seen["loader"].args == (str(models),)
    assert pickle.loads(pickle.dumps(seen["loader"])).args == (str(models),)  # noqa: S301


def test_auto_is_the_usable_cpus_at_most_four(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    assert parallel.auto_jobs() == 2
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 64)
    assert parallel.auto_jobs() == parallel.MAX_AUTO_JOBS == 4
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)
    assert parallel.auto_jobs() == 1


def test_usable_cpus_follow_the_affinity_mask(monkeypatch):
    if not hasattr(parallel.os, "sched_getaffinity"):
        pytest.skip("no affinity mask here")
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 3, 5})
    assert 1 <= parallel.usable_cpus() <= 3


def test_comments_on_one_article_go_to_the_process_that_holds_it(monkeypatch):
    monkeypatch.setattr(parallel, "STARTUP_S", 0.0)
    pool = parallel.ScoringPool(2, fake_loader, Policy())  # no process starts before a submit
    try:
        articles = [ArticleText(f"Headline {k}", "Standfirst", "word " * 300) for k in range(6)]
        first = [Submission(f"comment {i}", articles[i % 6]) for i in range(60)]
        second = [Submission(f"again {i}", articles[(i * 5) % 6]) for i in range(60)]
        slot_of = {}
        for batch in (first, second):
            for slot, (indices, _) in pool.split(batch).items():
                for i in indices:
                    slot_of.setdefault(batch[i].article.headline, set()).add(slot)
        assert all(len(slots) == 1 for slots in slot_of.values())
        assert len({next(iter(s)) for s in slot_of.values()}) >= 2  # spread, not all in one
    finally:
        pool.close()


def test_one_busy_article_is_spread_over_the_processes(monkeypatch):
    monkeypatch.setattr(parallel, "STARTUP_S", 0.0)
    pool = parallel.ScoringPool(1, fake_loader, Policy())
    try:
        article = ArticleText("Headline", "Standfirst", "Body")
        parts = pool.split([Submission(f"comment {i}", article) for i in range(256)])
        assert sorted(parts) == [parallel.HERE, 1]
        assert min(len(indices) for indices, _ in parts.values()) > 50
    finally:
        pool.close()


CHILD = """
import sys
from masthead.moderation.core import cli
from tests.unit.test_moderation_cli_jobs import fake_loader
cli.load_classifiers = fake_loader
sys.exit(cli.main(sys.argv[1:]))
"""
EXPLODING_CHILD = CHILD.replace("fake_loader", "exploding_loader")


def good_file(tmp_path, n=3000):
    data = tmp_path / "in.jsonl"
    data.write_bytes(b"".join(line(str(i), f"The bridge {i}").encode() + b"\n" for i in range(n)))
    return data


def test_a_reader_that_goes_away_stops_the_workers_and_the_run_quietly(tmp_path):
    """`masthead moderate-file big.jsonl --jobs 2 | head -1`: status 141, nothing on stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(good_file(tmp_path)), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert json.loads(proc.stdout.readline())["id"] == "0"
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 141
    assert stderr == ""


def test_verdicts_that_cannot_be_written_with_workers_are_exit_74(tmp_path):
    import errno
    import os

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(good_file(tmp_path)), "--jobs", "2"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == cli.EXIT_OUTPUT_FAILED
    assert done.stderr == (
        f"error: cannot write the verdicts: {os.strerror(errno.ENOSPC)}; the output is incomplete\n"
    )


def test_the_whole_command_with_workers_matches_one_process(tmp_path):
    data = good_file(tmp_path, 700)
    runs = [
        subprocess.run(
            [sys.executable, "-c", CHILD, str(data), "--jobs", jobs],
            capture_output=True,
            timeout=120,
        )
        for jobs in ("1", "2")
    ]
    assert [r.returncode for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout and len(runs[0].stdout.splitlines()) == 700
    assert runs[0].stderr == runs[1].stderr == b""


def test_a_failing_classifier_in_a_worker_is_one_warning_line_a_comment(tmp_path):
    """Workers log as the command does: one `warning:` line, no traceback."""
    data = good_file(tmp_path, 600)
    done = subprocess.run(
        [sys.executable, "-c", EXPLODING_CHILD, str(data), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    rows = [json.loads(x) for x in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == [str(i) for i in range(600)]
    assert {tuple(r["reasons"]) for r in rows} == {("classifier_unavailable",)}
    lines = done.stderr.splitlines()
    assert len(lines) == 600
    assert set(lines) == {
        f"warning: moderation phase abuse failed (RuntimeError: abuse model exploded in the {p})"
        for p in ("command", "worker")
    }


def test_standard_input_is_read_with_workers_too(tmp_path):
    data = good_file(tmp_path, 700).read_bytes() + b"{oops\n"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "-", "--jobs", "2"],
        input=data,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert [json.loads(x)["id"] for x in done.stdout.splitlines()] == [str(i) for i in range(700)]
    assert done.stderr.decode().startswith("error: line 701: not valid JSON")
