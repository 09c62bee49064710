"""An RQ worker recovers lost tasks itself when it starts, as `task_worker` does: a task whose
worker died and whose heartbeat has lapsed is queued again and finished without a
`recover_tasks` timer; a task another live worker is running is left to it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time

import pytest
import redis

from tests.scaleout_support import (
    PYTHON,
    REPO,
    children,
    crash_rq_worker,
    postgres_database,
    process_env,
    rq_runs,
    start,
    stop,
    wait_for_job_status,
)
from tests.support.redis_dbs import processes_redis_url

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow, pytest.mark.processes]

WORKER = ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
ENQUEUE = (
    "import sys, django; django.setup()\n"
    "from masthead.core.tasks import probe_worker\n"
    "print(probe_worker.enqueue(float(sys.argv[1])).id)\n"
)


def enqueue(env: dict[str, str], pause: float) -> str:
    done = subprocess.run(
        [PYTHON, "-c", ENQUEUE, str(pause)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def queue(redis_url):  # type: ignore[no-untyped-def]
    queue_url = processes_redis_url(redis_url, __name__)
    connection = redis.Redis.from_url(queue_url)
    connection.flushdb()
    yield queue_url, connection
    connection.flushdb()


def test_a_starting_rq_worker_queues_again_a_task_whose_worker_died_and_finishes_it(
    postgres_admin_url, queue, tmp_path
):
    queue_url, connection = queue
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(tmp_path / "var", database_url, redis_url=queue_url, tasks_backend="rq")
        task_id = enqueue(env, 5.0)
        first = start(WORKER, env, tmp_path / "worker1.log")
        try:
            assert wait_for_job_status(connection, task_id, {b"started"}, 120) == b"started"
            lost_horses = crash_rq_worker(first, connection, task_id)
        finally:
            stop(first, signal.SIGKILL)
        # Its heartbeat lapses (about a minute and a half, here at once): RQ's started registry
        # scores each run with the time its worker's heartbeat runs out.
        running = connection.zrange("rq:wip:default", 0, -1)
        assert len(running) == 1 and running[0].startswith(task_id.encode())
        connection.zadd("rq:wip:default", {running[0]: time.time() - 1})
        # No recover_tasks: the next worker to start queues it again and runs it.
        second = start(WORKER, env, tmp_path / "worker2.log")
        try:
            # not "failed": RQ's clean-up records that, just before recovery queues it again
            state = wait_for_job_status(connection, task_id, {b"finished"}, 120)
        finally:
            stop(second)
    assert state == b"finished", (tmp_path / "worker2.log").read_text()[-3000:]
    finished = [pid for outcome, pid in rq_runs(connection, task_id) if outcome == "SUCCESSFUL"]
    assert len(finished) == 1 and finished[0] not in lost_horses


def test_a_starting_rq_worker_leaves_alone_a_task_a_live_worker_is_running(
    postgres_admin_url, queue, tmp_path
):
    queue_url, connection = queue
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(tmp_path / "var", database_url, redis_url=queue_url, tasks_backend="rq")
        task_id = enqueue(env, 3.0)
        first = start(WORKER, env, tmp_path / "worker1.log")
        second, horses = None, []
        try:
            assert wait_for_job_status(connection, task_id, {b"started"}, 120) == b"started"
            # A long task: its horse held still, so that it is surely still running while the
            # second worker starts, however loaded the machine. Its worker runs on and keeps
            # renewing the heartbeat, as a live worker does.
            horses = children(first.pid)
            for pid in horses:
                os.kill(pid, signal.SIGSTOP)
            second = start(WORKER, env, tmp_path / "worker2.log")
            # The second worker cleans up and recovers at start, before it takes its first
            # task: once it has run this one, it has looked.
            probe = enqueue(env, 0.0)
            assert wait_for_job_status(connection, probe, {b"finished"}, 120) == b"finished"
            assert connection.hget(f"rq:job:{task_id}", "status") == b"started"
            assert rq_runs(connection, task_id) == []
            for pid in horses:
                os.kill(pid, signal.SIGCONT)
            state = wait_for_job_status(connection, task_id, {b"finished", b"failed"}, 120)
        finally:
            for pid in horses:  # never leave a process stopped behind
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)
            stop(first)
            if second is not None:
                stop(second)
    assert state == b"finished"
    assert rq_runs(connection, task_id) == [("SUCCESSFUL", horses[0])]  # run once, by its horse


def test_an_rq_worker_stopped_while_it_recovers_at_start_exits(postgres_admin_url, queue, tmp_path):
    """A stop that comes while the worker recovers (here: waiting for another process's
    recovery to end) stops it, as it would at any other moment when it has no task."""
    from masthead.core.taskrecovery import _RQ_LOCK

    queue_url, connection = queue
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(tmp_path / "var", database_url, redis_url=queue_url, tasks_backend="rq")
        log = tmp_path / "worker.log"
        held = connection.lock(_RQ_LOCK, timeout=120)
        assert held.acquire(blocking=False)  # another process is recovering
        worker = start(WORKER, env, log)
        try:
            deadline = time.monotonic() + 120
            while "cleaning registries" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert "cleaning registries" in log.read_text()
            time.sleep(2)  # RQ's own clean-up is done; the worker waits for the lock (15 s)
            worker.send_signal(signal.SIGTERM)
            try:
                code = worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                code = None
        finally:
            stop(worker, signal.SIGKILL)
            held.release()
    assert code is not None, "the worker carried on after the stop:\n" + log.read_text()[-2000:]
    assert "task recovery failed" not in log.read_text()
