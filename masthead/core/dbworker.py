"""django-tasks' database worker, stopping gracefully without losing the task it runs.

django-tasks' own worker finishes the task in hand on a first SIGTERM or SIGINT and, on a second
one, exits in the middle of it and records the task as FAILED: nothing ever runs it again. A
second signal is what `masthead serve` always brought about (systemd, or Ctrl-C, signals the
whole process group, then `serve` passes the stop on to its worker), so a narration cut off by
a restart stayed "generating", then read "failed: interrupted", until an editor pressed
Regenerate.

This worker instead:
- on any stop signal, tells the running task (`core.taskstop`): a narration stops after the
  part it is making and raises `TaskInterrupted`; a short task that does not look runs to its
  end. Further signals do not cut it off (SIGKILL still does; task recovery covers that);
- puts a task that raised `TaskInterrupted` back in the queue (READY), withdrawing its own
  claim from `worker_ids`, which counts the runs a task lost (`core.taskrecovery`).
"""

from __future__ import annotations

import logging
import signal
import sys
from types import FrameType
from typing import Any

from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from masthead.core import taskstop

logger = logging.getLogger(__name__)


def put_back(task: DBTaskResult) -> bool:
    """An interrupted task, recorded FAILED by the worker's generic handling, back to READY,
    without the claim of the worker that gave it up. False if someone changed it meanwhile."""
    worker_ids = list(task.worker_ids or [])[:-1]
    return bool(
        DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.FAILED, exception_class_path=taskstop.INTERRUPTED
        ).update(
            status=TaskResultStatus.READY,
            started_at=None,
            finished_at=None,
            exception_class_path="",
            traceback="",
            worker_ids=worker_ids,
        )
    )


class DatabaseWorker(Worker):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        taskstop.quiet_interrupted_reports()

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        taskstop.request_stop()
        if self.running:
            logger.warning(
                "Received %s: stopping; a task that can stop part-way is queued again",
                signal.strsignal(signum),
            )
        self.running = False
        if not self.running_task:
            sys.exit(0)  # waiting for a task: nothing to put back

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if (
            db_task_result.status == TaskResultStatus.FAILED
            and db_task_result.exception_class_path == taskstop.INTERRUPTED
        ):
            if put_back(db_task_result):
                logger.warning(
                    "task %s (%s) queued again: the worker stopped while it ran",
                    db_task_result.pk,
                    db_task_result.task_path,
                )
