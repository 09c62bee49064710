"""A worker's graceful stop, as a long task sees it.

When a worker is asked to stop (SIGTERM or SIGINT: `systemctl stop`, a deploy, Ctrl-C), a
task that may run for minutes (narration) should not hold the stop up, nor be cut off where it
stands and left for dead. Such a task calls `check_stop()` at points where stopping is safe
(between two parts of a narration): once a stop was requested it raises `TaskInterrupted`, the
task records that it will carry on later, and the worker puts the task back in its queue
instead of recording a failure (`core.workers.DatabaseWorker`, `core.rqworker.Worker`). The
next worker to start, or any other worker already running, takes it again; tasks are
idempotent, and narration takes the parts it already made from its cache.

Tasks that never call `check_stop()` (short ones) run to their end as before.
"""

from __future__ import annotations

import logging
import threading

# The path the queues record for an interrupted task (django-tasks' exception_class_path, RQ's
# traceback): recovery looks for it to put back a task whose worker died before doing so.
INTERRUPTED = "masthead.core.taskstop.TaskInterrupted"

_stop = threading.Event()


class TaskInterrupted(BaseException):
    """The worker is stopping: this task is to be queued again, not failed. A BaseException,
    like KeyboardInterrupt, so that a task's own `except Exception` does not record it as a
    failure of the task."""


def request_stop() -> None:
    """Called by a worker's signal handler (any thread may call it)."""
    _stop.set()


def stop_requested() -> bool:
    return _stop.is_set()


def check_stop() -> None:
    """Raise TaskInterrupted if this process's worker is stopping."""
    if _stop.is_set():
        raise TaskInterrupted("the worker is stopping; the task is queued again")


def clear_stop() -> None:
    """For tests, and for a work horse forked from a worker that was asked to stop earlier."""
    _stop.clear()


class _HideInterrupted(logging.Filter):
    """Drops django-tasks' report of a task "FAILED" with TaskInterrupted: an ERROR with a
    traceback, for what is a normal stop (the worker says in one line that it queued the task
    again)."""

    def filter(self, record: logging.LogRecord) -> bool:
        kind = record.exc_info[0] if record.exc_info else None
        return not (kind is not None and issubclass(kind, TaskInterrupted))


def quiet_interrupted_reports() -> None:
    """Called by the workers at start (both queues report a task's end through django-tasks'
    `task_finished` signal, logged on the "django_tasks" logger)."""
    for name in ("django_tasks", "django.tasks"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _HideInterrupted) for f in logger.filters):
            logger.addFilter(_HideInterrupted())
