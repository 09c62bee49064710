"""Deleting finished database tasks once they are older than the retention (TASK_RETENTION_DAYS).

django-tasks' database queue keeps every task it ran, with its arguments, for ever: the table
grows without bound, and a task's arguments can name a reader. `masthead task_worker` prunes at
start and hourly; `masthead prune_tasks` prunes once (for a timer, or after lowering the
retention).

Only tasks that nothing will look at again are deleted: SUCCESSFUL, or FAILED (given up by
recovery, `TaskLost`, included), finished more than the retention ago. Never a READY or RUNNING
task, and never one FAILED as interrupted (`core.taskstop`): recovery puts those back in the
queue, and narration recovery counts them as pending. Lost runs are counted on the task's own
row (`worker_ids`), so deleting finished rows loses no count recovery needs.

Rows go in batches of PRUNE_BATCH, each its own short statement, so a large first prune does not
hold SQLite's write lock (and the worker's next claim) for long.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

logger = logging.getLogger(__name__)

PRUNE_BATCH = 500


def prunable_tasks(now: dt.datetime | None = None, days: int | None = None) -> Any:
    """The finished tasks `prune_finished_tasks` deletes (a queryset of DBTaskResult)."""
    from django.conf import settings
    from django.utils import timezone
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from masthead.core.taskstop import INTERRUPTED

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.TASK_RETENTION_DAYS if days is None else days)
    return DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=cutoff,
    ).exclude(status=TaskResultStatus.FAILED, exception_class_path=INTERRUPTED)


def prune_finished_tasks(
    now: dt.datetime | None = None, days: int | None = None, max_batches: int | None = None
) -> int:
    """Delete the finished tasks older than the retention (`prunable_tasks`), PRUNE_BATCH at a
    time, at most `max_batches` batches (None: until none is left). Returns how many."""
    deleted = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        # chosen again each batch, and deleted only if they still match (a row put back
        # meanwhile is not one to delete)
        chosen = prunable_tasks(now, days)
        ids = list(chosen.order_by("finished_at").values_list("pk", flat=True)[:PRUNE_BATCH])
        if not ids:
            break
        count, _ = chosen.filter(pk__in=ids).delete()
        deleted += count
        batches += 1
        if len(ids) < PRUNE_BATCH:
            break
    if deleted:
        logger.info("Deleted %d finished task(s) older than the retention", deleted)
    return deleted
