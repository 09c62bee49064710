"""Putting back tasks whose worker died mid-task (killed, out of memory, machine lost).

django-tasks' database queue marks a task RUNNING when a worker claims it and never looks at
it again; RQ moves a task whose worker vanished to its failed registry. Neither runs it again.
Our tasks are idempotent (they take ids and redo or skip finished work), so the safe repair is
to queue them again:

- database queue: a RUNNING task whose worker was on this machine, in this pid namespace, and
  is no longer running is queued again at once (workers started by `masthead task_worker` are
  named `host/boot id/pid namespace:pid`, `worker_name`); any RUNNING task started more than
  `stale_after` seconds ago is queued again too (its worker is on another machine, in another
  container, or hung);
- RQ: tasks its cleanup found abandoned, or whose work horse was killed, are queued again; a
  run whose worker and work horse both ran on this machine (same boot, same pid namespace) and
  are both gone counts as abandoned at once, without waiting for its heartbeat to lapse (about
  a minute and a half; `abandon_runs_dead_here`);
- either queue: a task its worker put aside when it was stopped (`core.taskstop`) but could not
  put back (it was killed in between) is queued again.

A task whose runs keep being lost (a task that kills its worker, by running it out of memory,
say) is not queued again for ever: after `MAX_LOST_RUNS` lost runs it is recorded as failed
(`TaskLost`), with that reason. A run its worker gave back on a graceful stop is not a lost one.
Narration stops sooner, on its own (`narration.actions.start_narration`).

`masthead task_worker` runs this at start and every minute, and every RQ worker after RQ's own
registry clean-up (at start and about every 10 minutes, `core.rqworker`); `masthead recover_tasks`
runs it once (for a timer on multi-machine set-ups).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
from pathlib import Path
from typing import Any

from masthead.core.recoveryhooks import run_repairs

logger = logging.getLogger(__name__)

# Runs of one task lost to a dead or hung worker before it is failed instead of queued again.
MAX_LOST_RUNS = 5
LOST = "masthead.core.taskrecovery.TaskLost"
# RQ's record of a task whose work horse died: killed, out of memory, crashed
_HORSE_DIED = "Work-horse terminated unexpectedly"
_RQ_LOCK = "masthead:rq-task-recovery"


class TaskLost(Exception):
    """Recorded as a task's failure when it lost MAX_LOST_RUNS runs."""


def _gave_up_reason(runs: int) -> str:
    return (
        f"{LOST}: its worker was lost {runs} times while running it (killed, out of memory, or "
        "running too long); not queued again\n"
    )


def worker_name() -> str:
    """The name a database worker claims tasks with: `host/boot id/pid namespace:pid`, this
    machine as far as pids compare (`process_node`), then the pid, so that recovery can tell
    whether the pid is one it can check. Where /proc does not say, `host:pid`, which recovery
    never takes for dead by its pid (`_dead_here`)."""
    return f"{process_node() or socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process: alive
        return True
    return True


# What masthead's RQ worker records on a run (RQ's execution hash) when it forks the horse: the
# machine, as far as its pids can be compared, and the pids of the worker and of its horse.
_RUN_NODE = "masthead_node"
_RUN_WORKER_PID = "masthead_worker_pid"
_RUN_HORSE_PID = "masthead_horse_pid"


def process_node() -> str | None:
    """This machine as far as process ids can be compared: host name, boot and pid namespace
    (two containers may share a host name, each with its own pids). None where Linux's /proc
    does not say: then no run is ever taken for dead by its pids."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return None
    return f"{socket.gethostname()}/{boot}/{namespace}"


def _running(pid: int) -> bool:
    """Alive and not a zombie (a zombie runs no more code). A pid in use by some other
    process since counts as alive: the mistake is then to wait, never to run a task twice."""
    if not _alive(pid):
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True
    return state not in {"Z", "X"}


def _dead_here(worker_id: str) -> bool:
    """Whether the worker that claimed a task ran on this machine, in this pid namespace, and
    is no longer running (a zombie runs no more code).

    Two containers may share a host name (both started with --network host, say) and each
    number its own processes: a pid is checked only when the claim names this boot and this
    pid namespace, or another container's running task would be queued again and run twice.
    A claim in the older `host:pid` form (workers before 2026-11-30) does not say which pid
    namespace it was made in, so it is never taken for dead by its pid: its task is queued
    again once it has run `stale_after` seconds, as a task of another machine's worker is."""
    node, _, pid = worker_id.rpartition(":")
    here = process_node()
    return here is not None and node == here and pid.isdigit() and not _running(int(pid))


def record_rq_run(connection: Any, execution_key: str, worker_pid: int, horse_pid: int) -> None:
    """Called by masthead's RQ worker right after it forks the horse of a run."""
    node = process_node()
    if node is None:
        return
    connection.hset(
        execution_key,
        mapping={_RUN_NODE: node, _RUN_WORKER_PID: worker_pid, _RUN_HORSE_PID: horse_pid},
    )


def abandon_runs_dead_here(queue: Any, now: float | None = None) -> list[str]:
    """Mark as abandoned (its heartbeat as lapsed, for RQ's clean-up to fail it) every run in
    the queue's started registry whose worker and work horse were both on this machine and
    are both gone; returns the job ids.

    A worker that systemd restarts a second after it was killed would otherwise wait for the
    run's heartbeat to lapse (about a minute and a half), then for the next clean-up, about 10
    minutes. The horse is a process of its own that can outlive its worker and finish the task
    itself, so a run is taken for dead only when both pids, recorded when the horse was forked
    (`record_rq_run`), are gone. A run recorded on another machine, in another pid namespace or
    before a reboot, or not recorded (a worker killed between starting the run and forking the
    horse), waits for its heartbeat as before."""
    import time

    from rq.executions import Execution
    from rq.registry import StartedJobRegistry
    from rq.utils import as_text, parse_composite_key

    node = process_node()
    if node is None:
        return []
    registry = StartedJobRegistry(queue=queue)
    connection = queue.connection
    live = connection.zrangebyscore(registry.key, time.time() if now is None else now, "+inf")
    abandoned = []
    for entry in live:
        composite = as_text(entry)
        job_id, execution_id = parse_composite_key(composite)
        key = Execution(id=execution_id, job_id=job_id, connection=connection).key
        recorded, worker_pid, horse_pid = (
            as_text(value) if value is not None else ""
            for value in connection.hmget(key, [_RUN_NODE, _RUN_WORKER_PID, _RUN_HORSE_PID])
        )
        if recorded != node or not (worker_pid.isdigit() and horse_pid.isdigit()):
            continue
        if _running(int(worker_pid)) or _running(int(horse_pid)):
            continue
        if connection.zadd(registry.key, {composite: 0}, xx=True, ch=True):
            logger.warning(
                "task %s: its worker (pid %s) and work horse (pid %s) on this machine are gone",
                job_id,
                worker_pid,
                horse_pid,
            )
            abandoned.append(job_id)
    return abandoned


def recover_database_tasks(stale_after: float, now: dt.datetime | None = None) -> list[str]:
    from django.utils import timezone
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from masthead.core.dbworker import put_back
    from masthead.core.taskstop import INTERRUPTED

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=stale_after)
    recovered = []
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for task in running.only("id", "worker_ids", "started_at", "task_path"):
        worker = str(task.worker_ids[-1]) if task.worker_ids else ""
        stale = task.started_at is not None and task.started_at < cutoff
        if not (_dead_here(worker) or stale):
            continue
        # Each claim adds its worker to worker_ids (a graceful stop takes its own back out),
        # so their number is the runs lost, this one included.
        lost = len(task.worker_ids or [])
        unchanged = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )  # only if nobody changed it meanwhile (its worker may have just finished it)
        if lost >= MAX_LOST_RUNS:
            if unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=LOST,
                traceback=_gave_up_reason(lost),
            ):
                logger.error(
                    "task %s (%s) failed: its worker was lost %s times",
                    task.pk,
                    task.task_path,
                    lost,
                )
            continue
        if unchanged.update(status=TaskResultStatus.READY, started_at=None):
            why = "its worker is gone" if _dead_here(worker) else "it has run too long"
            logger.warning("task %s (%s) queued again: %s", task.pk, task.task_path, why)
            recovered.append(str(task.pk))
    # put aside on a graceful stop by a worker killed before it could put them back
    interrupted = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, exception_class_path=INTERRUPTED
    )
    for task in interrupted.only("id", "worker_ids", "task_path"):
        if put_back(task):
            logger.warning("task %s (%s) queued again: its worker stopped", task.pk, task.task_path)
            recovered.append(str(task.pk))
    return recovered + run_repairs()  # then work whose task is gone altogether (apps')


def recover_rq_tasks(now: float | None = None) -> list[str]:
    """`now` (a Unix time) lets a test look past the heartbeat timeout instead of waiting.

    Every RQ worker runs this after RQ's own registry clean-up (`core.rqworker`), and a timer
    may run `recover_tasks` too: one at a time (a lock in Redis), so that two of them do not
    both count one lost run, and a task queued again meanwhile is skipped, not an error."""
    import django_rq
    from redis.exceptions import LockError

    queue = django_rq.get_queue("default")
    lock = queue.connection.lock(_RQ_LOCK, timeout=300, blocking_timeout=15)
    if not lock.acquire():
        logger.warning("task recovery skipped: another process has been recovering for 15 s")
        return []
    try:
        return _recover_rq_tasks(queue, now) + run_repairs()  # work whose task is gone (apps')
    finally:
        with contextlib.suppress(LockError):  # held past its timeout: released already
            lock.release()


def _recover_rq_tasks(queue: Any, now: float | None) -> list[str]:
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    from masthead.core.taskstop import INTERRUPTED

    abandon_runs_dead_here(queue, now)  # a worker restarted at once need not wait for them
    StartedJobRegistry(queue=queue).cleanup(now)  # moves tasks of dead workers to "failed"
    failed = FailedJobRegistry(queue=queue)
    recovered = []
    for job_id in failed.get_job_ids():
        job = queue.fetch_job(job_id)
        if job is None:
            continue
        latest = job.latest_result()
        reason = (latest.exc_string if latest else "") or ""
        if INTERRUPTED in reason:  # put aside on a graceful stop, not put back (killed after)
            if not _requeue(failed, job_id):
                continue
            logger.warning("task %s (%s) queued again: its worker stopped", job_id, job.func_name)
            recovered.append(job_id)
            continue
        if "AbandonedJobError" not in reason and _HORSE_DIED not in reason:
            continue
        lost = int(job.meta.get("masthead_lost_runs", 0)) + 1
        if lost >= MAX_LOST_RUNS:
            if not job.meta.get("masthead_given_up"):
                job.meta["masthead_given_up"] = True
                job.save_meta()
                logger.error(
                    "task %s (%s) failed: its worker was lost %s times", job_id, job.func_name, lost
                )
            continue
        job.meta["masthead_lost_runs"] = lost
        job.save_meta()
        if not _requeue(failed, job_id):
            continue
        logger.warning("task %s (%s) queued again: its worker is gone", job_id, job.func_name)
        recovered.append(job_id)
    return recovered


def _requeue(failed: Any, job_id: str) -> bool:
    from rq.exceptions import InvalidJobOperation

    try:
        failed.requeue(job_id)
    except (
        InvalidJobOperation
    ):  # no longer in the failed registry: deleted, or requeued by hand meanwhile
        return False
    return True


def recover_tasks(stale_after: float) -> list[str]:
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db"):
        return recover_database_tasks(stale_after)
    if backend.startswith("django_tasks_rq"):
        return recover_rq_tasks()
    return []
