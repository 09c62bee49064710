"""A worker stopped (SIGTERM) mid-narration gives the narration back, and it is finished later.

Before 2026-11-30 a narration cut off by a stop stayed "generating" (its task recorded FAILED by
django-tasks, or its RQ work horse killed) and then read "failed: interrupted" until an editor
pressed Regenerate. Now the run ends after the part being made, the narration is "queued"
again, its task goes back to the queue, and the next worker finishes it from the parts cache.

The fake voice is slowed (a `sitecustomize` module on the processes' path) so that the stop
lands mid-narration.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.scaleout_support import (
    PYTHON,
    REPO,
    free_port,
    migrate,
    postgres_database,
    process_env,
    start,
    stop,
)
from tests.support.redis_dbs import processes_redis_url

pytestmark = [pytest.mark.slow, pytest.mark.processes]

SETUP = """
import json, django
django.setup()
from django.db import transaction
from masthead.articles import actions
from masthead.articles.models import Article, Section
section = Section.objects.create(name="World", slug="world")
with transaction.atomic():
    article = actions.save_article(Article(
        headline="Ferry service ends after ninety years", slug="ferry-ends",
        standfirst="The last crossing ran on Sunday.", section=section,
        status=Article.Status.PUBLISHED,
        body="\\n\\n".join(f"Paragraph {i} tells a little more of the ferry's story." for i in range(8)),
    ))
print(json.dumps({"article": article.pk}))
"""

SLOW_VOICE = """
import time
from masthead.narration.engines import fake
_synthesize = fake.FakeEngine.synthesize
def _slow(self, sentences):
    time.sleep({seconds})
    return _synthesize(self, sentences)
fake.FakeEngine.synthesize = _slow
"""

NARRATION = (
    "SELECT status, progress, attempts, audio, reason, segments_total, segments_synthesised, "
    "lost_runs FROM narration_narration WHERE article_id = {article}"
)


def slow_env(tmp_path: Path, database_url: str, seconds: float, **extra: str) -> dict[str, str]:
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SLOW_VOICE.format(seconds=seconds))
    env = process_env(
        tmp_path / "var",
        database_url,
        MASTHEAD_NARRATION_ENGINE="fake",
        MASTHEAD_NARRATION_VOICE="fake",
        MASTHEAD_NARRATION_PARALLEL="1",
        MASTHEAD_MEDIA_ROOT=str(tmp_path / "media"),
        MASTHEAD_NARRATION_CACHE_DIR=str(tmp_path / "narration-cache"),
        **extra,
    )
    env["PYTHONPATH"] = f"{hooks}{os.pathsep}{REPO}"
    return env


def create_article(env: dict[str, str]) -> int:
    done = subprocess.run(
        [PYTHON, "-c", SETUP], env=env, cwd=REPO, capture_output=True, text=True, timeout=90
    )
    assert done.returncode == 0, done.stderr
    return int(json.loads(done.stdout.strip().splitlines()[-1])["article"])


def children(pid: int) -> list[int]:
    listed = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in listed]


def wait_for(predicate, timeout, what):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class SQLite:
    def __init__(self, path: Path, article: int) -> None:
        self.path, self.article = path, article

    def narration(self) -> dict[str, object]:
        with sqlite3.connect(self.path, timeout=20) as db:
            cursor = db.execute(NARRATION.format(article=self.article))
            row = cursor.fetchone()
            return dict(zip([c[0] for c in cursor.description], row, strict=True))

    def tasks(self) -> list[tuple[str, int]]:
        with sqlite3.connect(self.path, timeout=20) as db:
            rows = db.execute(
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'masthead.narration.tasks.narrate_article'"
            ).fetchall()
        return [(status, len(json.loads(workers))) for status, workers in rows]


def part_way(db: SQLite) -> bool:
    state = db.narration()
    return state["status"] == "generating" and int(state["progress"]) > 0  # type: ignore[call-overload]


def sqlite_setup(tmp_path: Path, seconds: float) -> tuple[dict[str, str], SQLite]:
    path = tmp_path / "masthead.sqlite3"
    env = slow_env(tmp_path, f"sqlite:///{path}", seconds)
    migrate(env)
    db = SQLite(path, create_article(env))
    assert db.tasks() == [("READY", 0)]
    return env, db


def test_serve_stopped_mid_narration_puts_it_back_and_the_next_worker_finishes_it(tmp_path):
    """`masthead serve` with its in-process worker, stopped as systemd or Ctrl-C stops it (the
    whole process group gets the signal, then `serve` passes it on to its worker)."""
    env, db = sqlite_setup(tmp_path, seconds=0.6)
    serve_log = tmp_path / "serve.log"
    port = str(free_port())
    serve = start(
        ["serve", "--host", "127.0.0.1", "--port", port, "--workers", "1"], env, serve_log
    )
    try:
        wait_for(lambda: part_way(db), 90, "the narration to be part-way")
        stop(serve, signal.SIGTERM, wait=30)
    finally:
        stop(serve, signal.SIGKILL)
    log = serve_log.read_text()
    state = db.narration()
    # Given back, not "generating" for ever (which read "failed: interrupted" after 20 minutes)
    assert state["status"] == "queued", (state, log[-3000:])
    assert "worker stopped while this narration was being made" in str(state["reason"])
    assert db.tasks() == [("READY", 0)], log[-3000:]  # back in the queue, no run counted lost
    assert "queued again: the worker stopped while it ran" in log
    assert "Traceback" not in log  # a stop is no error: one line, not django-tasks' FAILED report

    worker = start(["task_worker", "--interval", "0.1"], env, tmp_path / "worker2.log")
    try:
        wait_for(lambda: db.narration()["status"] == "ready", 90, "the narration to finish")
    finally:
        stop(worker)
    state = db.narration()
    assert state["attempts"] == 2 and state["progress"] == 100 and state["reason"] == ""
    assert state["lost_runs"] == 0
    # the parts made before the stop were taken from the cache, not synthesised again
    assert 0 < int(state["segments_synthesised"]) < int(state["segments_total"])  # type: ignore[call-overload]
    assert (tmp_path / "media" / str(state["audio"])).stat().st_size > 1000
    assert db.tasks() == [("SUCCESSFUL", 1)]


def test_a_stopped_task_worker_gives_the_narration_back_after_one_part_and_exits(tmp_path):
    """One SIGTERM to the worker alone (`systemctl stop` of a worker unit): it used to go on to
    the end of the narration, however long, before stopping."""
    env, db = sqlite_setup(tmp_path, seconds=1.5)
    log = tmp_path / "worker.log"
    worker = start(["task_worker", "--interval", "0.1"], env, log)
    try:
        wait_for(lambda: part_way(db), 90, "the narration to be part-way")
        asked = time.monotonic()
        os.kill(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        took = time.monotonic() - asked
    finally:
        stop(worker, signal.SIGKILL)
    assert worker.returncode == 0, log.read_text()[-3000:]
    # a part takes 1.5 s and up to nine were left (over 13 s); the margin is for a loaded machine
    assert took < 10, f"the worker took {took:.1f} s to stop"
    assert db.narration()["status"] == "queued"
    assert db.tasks() == [("READY", 0)]


def test_a_stopped_rq_worker_gives_the_narration_back_to_another_worker(
    postgres_admin_url, redis_url, tmp_path
):
    """Scaled out: PostgreSQL, the Redis queue, two RQ workers. The worker narrating is stopped
    as systemd stops it (its work horse gets SIGTERM too); the other one finishes the
    narration, without anyone pressing Regenerate."""
    import psycopg
    import redis

    queue_url = processes_redis_url(redis_url, __name__)
    connection = redis.Redis.from_url(queue_url)
    connection.flushdb()
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = slow_env(
            tmp_path, database_url, 0.6, REDIS_URL=queue_url, MASTHEAD_TASKS_BACKEND="rq"
        )
        worker_command = ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]

        def narration() -> dict[str, object]:
            with psycopg.connect(database_url) as db:
                cursor = db.execute(NARRATION.format(article=article))
                row = cursor.fetchone()
                assert row is not None and cursor.description is not None
                return dict(zip([c.name for c in cursor.description], row, strict=True))

        first = start(worker_command, env, tmp_path / "worker1.log")
        second = None
        try:
            wait_for(lambda: connection.scard("rq:workers") == 1, 60, "the first worker")
            article = create_article(env)
            wait_for(
                lambda: narration()["status"] == "generating" and narration()["progress"],
                90,
                "the narration to be part-way",
            )
            second = start(worker_command, env, tmp_path / "worker2.log")
            wait_for(lambda: connection.scard("rq:workers") == 2, 60, "the second worker")
            # as systemd stops a unit: every process of it gets SIGTERM, the work horse too
            horses = children(first.pid)
            assert horses, "no work horse"
            for pid in horses:
                os.kill(pid, signal.SIGTERM)
            stop(first, signal.SIGTERM, wait=30)
            wait_for(lambda: narration()["status"] == "ready", 90, "the other worker to finish it")
        finally:
            stop(first, signal.SIGKILL)
            if second is not None:
                stop(second)
        state = narration()
    first_log = (tmp_path / "worker1.log").read_text()
    assert "queued again: the worker stopped" in first_log, first_log[-3000:]
    assert "Traceback" not in first_log
    assert state["attempts"] == 2 and state["lost_runs"] == 0
    assert 0 < int(state["segments_synthesised"]) < int(state["segments_total"])  # type: ignore[call-overload]


def test_an_rq_task_whose_work_horse_is_killed_is_queued_again_until_its_fifth_lost_run(
    postgres_admin_url, redis_url, tmp_path
):
    """A work horse killed outright (out of memory, a crash): RQ records the task failed
    ("Work-horse terminated unexpectedly") and recovery used to leave it there. It is queued
    again now, but a task that loses its worker every time is not queued again for ever."""
    import redis

    from masthead.core.taskrecovery import MAX_LOST_RUNS

    queue_url = processes_redis_url(redis_url, __name__)
    connection = redis.Redis.from_url(queue_url)
    connection.flushdb()
    script = (
        "import sys, django; django.setup()\n"
        "from masthead.core.tasks import probe_worker\n"
        "from masthead.core.taskrecovery import recover_rq_tasks\n"
        "print(probe_worker.enqueue(5.0).id if sys.argv[1] == 'enqueue' else "
        "len(recover_rq_tasks()))\n"
    )
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(tmp_path / "var", database_url, redis_url=queue_url, tasks_backend="rq")

        def run(what: str) -> str:
            done = subprocess.run(
                [PYTHON, "-c", script, what],
                env=env,
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode == 0, done.stderr
            return done.stdout.strip().splitlines()[-1]

        def state() -> bytes | None:
            return connection.hget(f"rq:job:{task_id}", "status")  # type: ignore[return-value]

        task_id = run("enqueue")
        worker = start(
            ["rqworker", "--job-class", "django_tasks_rq.Job", "default"],
            env,
            tmp_path / "worker.log",
        )
        recovered = []
        try:
            for _ in range(MAX_LOST_RUNS):
                wait_for(lambda: state() == b"started" and children(worker.pid), 60, "a run")
                for pid in children(worker.pid):
                    os.kill(pid, signal.SIGKILL)  # as the kernel's out-of-memory killer does
                wait_for(lambda: state() == b"failed", 60, "RQ to record the lost run")
                recovered.append(run("recover"))
        finally:
            stop(worker)
    assert recovered == ["1"] * (MAX_LOST_RUNS - 1) + ["0"]
    assert state() == b"failed"
    log = (tmp_path / "worker.log").read_text()
    assert "Work-horse terminated unexpectedly" in log
