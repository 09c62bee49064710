"""`masthead prune_tasks [--dry-run]`: delete the finished tasks older than the retention
(MASTHEAD_TASK_RETENTION_DAYS, 7 days) from the database queue (core.taskprune says exactly
which). `masthead task_worker` does this at start and hourly; run this from a timer where no
database worker runs all the time, or once after lowering the retention.

Prints one line, how many were deleted. Exit status 0; a bad option is one line and status 2;
a database that was never migrated or cannot be used is one line and status 1.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.db import DatabaseError

from masthead.core.commands import OneLineErrorsCommand
from masthead.core.taskprune import prunable_tasks, prune_finished_tasks


class Command(OneLineErrorsCommand):
    error_prefix = "prune_tasks: error: "
    help = "Delete finished tasks older than MASTHEAD_TASK_RETENTION_DAYS from the database queue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only say how many would be deleted",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.TASK_RETENTION_DAYS
        try:
            if options["dry_run"]:
                count = prunable_tasks().count()
                self.stdout.write(
                    f"{count} finished task(s) older than {days} day(s) would be deleted"
                )
                return
            count = prune_finished_tasks()
        except DatabaseError as exc:
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            stderr = options.get("stderr") or sys.stderr
            stderr.write(f"{self.error_prefix}cannot use the database: {reason}\n")
            sys.exit(1)
        self.stdout.write(f"{count} finished task(s) older than {days} day(s) deleted")
