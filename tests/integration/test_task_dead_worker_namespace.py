"""Database queue: a task is queued again at once only when its worker ran on this machine, in
this pid namespace, and is gone. Two containers may share a host name (both started with
--network host) and number their processes each on its own: a pid free here may be the worker
of the other container, running its task right now, and queuing that task again runs it twice.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from masthead.core.taskrecovery import process_node, recover_database_tasks, worker_name

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parent.parent.parent


def _free_pid() -> int:
    """A pid that no process has here (it had one a moment ago)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _running_task(worker_id: str):  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status="RUNNING",
        args_kwargs={"args": [1, False], "kwargs": {}},
        task_path="masthead.narration.tasks.narrate_article",
        backend_name="default",
        worker_ids=[worker_id],
        started_at=timezone.now() - timedelta(seconds=5),
    )


def _worker_name_in_a_pid_namespace_of_its_own() -> str:
    """`worker_name()` as a task_worker started in another container on this host (same host
    name, its own pid namespace) computes it."""
    if not shutil.which("unshare"):
        pytest.skip("unshare(1) is not installed")
    code = "from masthead.core.taskrecovery import worker_name; print(worker_name())"
    done = subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot make a pid namespace here: {done.stderr.strip()[-200:]}")
    return done.stdout.strip().splitlines()[-1]


def test_a_task_whose_worker_runs_in_another_pid_namespace_of_this_host_is_not_queued_again():
    other = _worker_name_in_a_pid_namespace_of_its_own()
    assert other.rpartition(":")[2] == "1"  # the first process of its namespace
    # That worker, as if it had a pid free here (its pids and ours are not the same processes)
    claim = f"{other.rpartition(':')[0]}:{_free_pid()}"
    task = _running_task(claim)
    assert recover_database_tasks(stale_after=900) == []
    task.refresh_from_db()
    assert task.status == "RUNNING" and task.worker_ids == [claim]


@pytest.mark.parametrize("elsewhere", ["another boot", "another pid namespace"])
def test_a_task_claimed_on_another_boot_or_pid_namespace_is_not_queued_again(elsewhere):
    node = process_node()
    assert node is not None
    host, boot, namespace = node.split("/")
    if elsewhere == "another boot":
        boot = str(uuid.uuid4())
    else:
        namespace = str(int(namespace) + 1)
    task = _running_task(f"{host}/{boot}/{namespace}:{_free_pid()}")
    assert recover_database_tasks(stale_after=900) == []
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_task_claimed_in_the_older_host_pid_form_waits_until_it_has_run_too_long():
    # Workers before 2026-11-30 claimed as host:pid, which does not say in which container.
    task = _running_task(f"{socket.gethostname()}:{_free_pid()}")
    assert recover_database_tasks(stale_after=900) == []
    task.refresh_from_db()
    assert task.status == "RUNNING"
    assert recover_database_tasks(stale_after=1) == [str(task.pk)]  # started 5 s ago
    task.refresh_from_db()
    assert task.status == "READY"


def test_a_task_whose_worker_in_this_pid_namespace_is_gone_is_queued_again_at_once():
    assert worker_name() == f"{process_node()}:{os.getpid()}"
    task = _running_task(f"{process_node()}:{_free_pid()}")
    assert recover_database_tasks(stale_after=900) == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == "READY"


def test_a_task_whose_worker_is_a_zombie_here_is_queued_again_at_once():
    # killed, not yet waited for by its parent (`masthead serve`): it runs no more code
    process = subprocess.Popen(["true"])
    try:
        stat = Path(f"/proc/{process.pid}/stat")
        deadline = time.monotonic() + 10
        while stat.read_text().rpartition(")")[2].split()[0] != "Z":
            assert time.monotonic() < deadline, "the child did not exit"
            time.sleep(0.01)
        task = _running_task(f"{process_node()}:{process.pid}")
        assert recover_database_tasks(stale_after=900) == [str(task.pk)]
    finally:
        process.wait()
    task.refresh_from_db()
    assert task.status == "READY"


def test_a_task_whose_worker_is_running_here_is_left_to_it():
    task = _running_task(worker_name())
    assert recover_database_tasks(stale_after=900) == []
    task.refresh_from_db()
    assert task.status == "RUNNING"
