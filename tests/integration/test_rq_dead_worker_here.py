"""An RQ worker restarted at once after a kill (systemd's Restart=, seconds later) queues again
the task its dead predecessor on this machine was running, when it starts, without waiting for
that run's heartbeat to lapse (about a minute and a half) and then for the next clean-up (about
10 minutes). Only when the run's worker and its work horse, whose pids the worker records on the
run, are both gone: a horse that outlived its worker finishes the task itself, once, and a run
recorded on another machine is left to its heartbeat. Real workers on a real Redis (a database
index of this file's own) and PostgreSQL."""

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
STARTED = "rq:wip:default"


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


def heartbeat_fresh_for(connection: redis.Redis, task_id: str, seconds: float) -> None:
    """The run's heartbeat as if just renewed for `seconds`: RQ's started registry scores each
    run with the time it runs out (at most about 90 s ahead). Set well past the test's waits, so
    that a task queued again here was not found by its heartbeat lapsing, however slow the
    machine."""
    (entry,) = connection.zrange(STARTED, 0, -1)
    assert entry.startswith(task_id.encode())
    assert connection.zadd(STARTED, {entry: time.time() + seconds}, xx=True, ch=True) == 1


def test_a_worker_restarted_at_once_queues_again_the_task_of_its_dead_predecessor(
    postgres_admin_url, queue, tmp_path
):
    queue_url, connection = queue
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(tmp_path / "var", database_url, redis_url=queue_url, tasks_backend="rq")
        task_id = enqueue(env, 5.0)
        first = start(WORKER, env, tmp_path / "worker1.log")
        try:
            assert wait_for_job_status(connection, task_id, {b"started"}, 120) == b"started"
            lost_horses = crash_rq_worker(first, connection, task_id)  # worker and horse killed
        finally:
            stop(first, signal.SIGKILL)
        heartbeat_fresh_for(connection, task_id, 600)
        # restarted at once, as systemd's Restart=always does: no recover_tasks timer
        second = start(WORKER, env, tmp_path / "worker2.log")
        try:
            state = wait_for_job_status(connection, task_id, {b"finished"}, 90)
        finally:
            stop(second)
    log = (tmp_path / "worker2.log").read_text()
    assert state == b"finished", log[-3000:]
    assert "on this machine are gone" in log
    finished = [pid for outcome, pid in rq_runs(connection, task_id) if outcome == "SUCCESSFUL"]
    assert len(finished) == 1 and finished[0] not in lost_horses


def test_a_starting_worker_leaves_alone_a_task_whose_horse_outlived_its_worker(
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
            horses = children(first.pid)
            assert horses, "no work horse"
            stop(first, signal.SIGKILL)  # the worker's process group: its horse has its own
            # The horse, running on, is held still, so that it surely runs on while the next
            # worker starts, however slow the machine. Only now: a stopped horse whose worker
            # then dies gets SIGHUP from the kernel (its process group is orphaned) and dies.
            for pid in horses:
                os.kill(pid, signal.SIGSTOP)
            assert connection.hget(f"rq:job:{task_id}", "status") == b"started"
            second = start(WORKER, env, tmp_path / "worker2.log")
            # the second worker recovers at start, before it takes its first task
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
            stop(first, signal.SIGKILL)
            if second is not None:
                stop(second)
    assert state == b"finished"
    assert rq_runs(connection, task_id) == [("SUCCESSFUL", horses[0])]  # run once, by its horse
    assert "on this machine are gone" not in (tmp_path / "worker2.log").read_text()


def test_a_run_recorded_on_another_machine_is_left_to_its_heartbeat(queue):
    """Its pids mean nothing here: a pid that is free in this pid namespace may be running in
    another one of the same host name (two containers), or on another machine."""
    from rq import Queue
    from rq.executions import Execution

    from masthead.core.taskrecovery import _RUN_NODE, abandon_runs_dead_here, process_node

    node = process_node()
    if node is None:
        pytest.skip("no /proc: runs are never taken for dead by their pids here")
    _, connection = queue
    rq_queue = Queue("default", connection=connection)
    dead = subprocess.Popen(["true"])
    dead.wait()  # a pid that was in use and is free now
    fields = {"masthead_worker_pid": dead.pid, "masthead_horse_pid": dead.pid}
    host, boot, _ = node.split("/")
    runs = {"here": node, "there": f"{host}/{boot}/1", "elsewhere": "other-host/" + boot + "/1"}
    for job_id, where in runs.items():
        execution = Execution(id="e" + job_id, job_id=job_id, connection=connection)
        connection.hset(execution.key, mapping={_RUN_NODE: where, **fields})
        connection.zadd(STARTED, {execution.composite_key: time.time() + 90})
    assert abandon_runs_dead_here(rq_queue) == ["here"]
    for job_id in ("there", "elsewhere"):
        assert connection.zscore(STARTED, f"{job_id}:e{job_id}") > time.time()
    assert connection.zscore(STARTED, "here:ehere") == 0
