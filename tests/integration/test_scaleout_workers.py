"""Many workers on one Redis queue, reading and writing one PostgreSQL database."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest
import redis

from tests.scaleout_support import (
    crash_rq_worker,
    last_json_line,
    masthead,
    postgres_database,
    process_env,
    rq_runs,
    start,
    stop,
    wait_for_job_status,
)
from tests.support.redis_dbs import processes_redis_url

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow, pytest.mark.processes]


def test_two_rq_worker_processes_share_the_redis_queue_and_finish_every_task(
    postgres_admin_url, redis_url, tmp_path
):
    queue_url = processes_redis_url(redis_url, __name__)
    redis.Redis.from_url(queue_url).flushdb()
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(tmp_path / "var", database_url, redis_url=queue_url, tasks_backend="rq")
        worker_command = ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
        workers = [start(worker_command, env, tmp_path / f"worker{i}.log") for i in range(2)]
        try:
            # Both workers must be registered before the batch arrives, or one could drain it.
            connection = redis.Redis.from_url(queue_url)
            deadline = time.monotonic() + 60
            while connection.scard("rq:workers") < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert connection.scard("rq:workers") == 2, "the two workers never registered"
            done = masthead(
                ["probe_workers", "--count", "12", "--pause", "0.3", "--timeout", "60"],
                env,
                timeout=90,
            )
        finally:
            for worker in workers:
                stop(worker)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = last_json_line(done.stdout)
    assert summary["finished"] == 12
    assert summary["databases"] == ["postgresql"]
    workers_used = summary["workers"]
    assert isinstance(workers_used, dict)
    assert len(workers_used) == 2, f"one worker did everything: {workers_used}"
    assert sum(workers_used.values()) == 12


def test_database_queue_worker_runs_probes_against_postgresql(postgres_admin_url, tmp_path):
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(tmp_path / "var", database_url, tasks_backend="database")
        worker = start(["db_worker", "--interval", "0.1"], env, tmp_path / "db_worker.log")
        try:
            done = masthead(
                ["probe_workers", "--count", "4", "--pause", "0", "--timeout", "60"],
                env,
                timeout=90,
            )
        finally:
            stop(worker)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = last_json_line(done.stdout)
    assert summary["finished"] == 4
    assert summary["databases"] == ["postgresql"]


def test_probe_workers_exits_1_when_no_worker_takes_the_tasks(postgres_admin_url, tmp_path):
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(tmp_path / "var", database_url, tasks_backend="database")
        done = masthead(["probe_workers", "--count", "2", "--timeout", "1"], env, timeout=60)
    assert done.returncode == 1
    assert last_json_line(done.stdout)["pending"] == 2


def test_a_task_of_a_killed_rq_worker_is_queued_again_and_finished_once(
    postgres_admin_url, redis_url, tmp_path
):
    """A worker and its work horse killed mid-task: once RQ counts the run abandoned, recovery
    queues the task again and another worker runs it to the end, exactly once."""
    from tests.scaleout_support import PYTHON, REPO

    queue_url = processes_redis_url(redis_url, __name__)
    connection = redis.Redis.from_url(queue_url)
    connection.flushdb()
    enqueue = (
        "import django; django.setup()\n"
        "from masthead.core.tasks import probe_worker\n"
        "print(probe_worker.enqueue(5.0).id)\n"
    )
    check = (
        "import sys, time, django; django.setup()\n"
        "from masthead.core.tasks import probe_worker\n"
        "from masthead.core.taskrecovery import recover_rq_tasks\n"
        "if sys.argv[1] == 'recover':\n"
        "    print(len(recover_rq_tasks(now=time.time() + 3600)))\n"
        "else:\n"
        "    print(probe_worker.get_result(sys.argv[2]).status)\n"
    )
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(tmp_path / "var", database_url, redis_url=queue_url, tasks_backend="rq")

        def run(script: str, *args: str) -> str:
            done = subprocess.run(
                [PYTHON, "-c", script, *args],
                env=env,
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode == 0, done.stderr
            return done.stdout.strip().splitlines()[-1]

        task_id = run(enqueue)
        worker_command = ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
        first = start(worker_command, env, tmp_path / "worker1.log")
        try:
            # Read RQ's own record (the task's id is the job's id) straight from Redis: a
            # checking process needs a second or more to start on a loaded machine, longer
            # than the task's few seconds of running.
            state = wait_for_job_status(connection, task_id, {b"started"}, 120)
            assert state == b"started"
            lost_horses = crash_rq_worker(first, connection, task_id)
        finally:
            stop(first, signal.SIGKILL)
        assert run(check, "status", task_id) == "RUNNING"
        # Past the heartbeat timeout, RQ counts the task abandoned; recovery queues it again.
        assert run(check, "recover") == "1"
        second = start(worker_command, env, tmp_path / "worker2.log")
        try:  # a worker takes a while to start on a loaded machine
            wait_for_job_status(connection, task_id, {b"finished"}, 120)
        finally:
            stop(second)
        assert run(check, "status", task_id) == "SUCCESSFUL"
        # RQ keeps every run's result: one successful run, by the second worker's horse (a
        # horse of the killed worker that lived on would have finished it too, or instead)
        runs = rq_runs(connection, task_id)
        finished = [pid for outcome, pid in runs if outcome == "SUCCESSFUL"]
        assert len(finished) == 1, runs
        assert finished[0] not in lost_horses, runs
