"""`masthead task_worker`: django-tasks' database worker, named `host/boot id/pid namespace:pid`
(core.taskrecovery.worker_name), that puts back the tasks of dead workers at start and every
minute (see core.taskrecovery), puts back the task it is running when it is stopped
(core.dbworker), deletes finished tasks older than the retention at start and hourly
(core.taskprune), and refreshes SQLite's planner statistics hourly (core.dbstats)."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from masthead.core.commands import DatabaseCheckedCommand, check_seconds
from masthead.core.dbstats import refresh_sqlite_statistics
from masthead.core.dbworker import DatabaseWorker
from masthead.core.taskprune import prune_finished_tasks
from masthead.core.taskrecovery import recover_database_tasks, worker_name

logger = logging.getLogger(__name__)

# Batches of finished tasks one hourly prune deletes at most (core.taskprune.PRUNE_BATCH each),
# so that a first prune of a large table does not hold up recovery for long; the rest goes an
# hour later (or at once with `masthead prune_tasks`).
PRUNE_MAX_BATCHES = 40


def prune_tasks_safely() -> None:
    try:
        prune_finished_tasks(max_batches=PRUNE_MAX_BATCHES)
    except Exception:  # the worker itself must keep running
        logger.exception("pruning finished tasks failed")


class Command(DatabaseCheckedCommand):
    help = "Run the database task worker, recovering tasks of dead workers."
    # A database never migrated: one line and exit 1, not an OperationalError traceback.
    error_prefix = "task_worker: error: "
    requires_migrated = True  # a database migrated part of the way: one line, not tracebacks

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=0.5)
        parser.add_argument("--stale-after", type=float, default=900.0)
        parser.add_argument("--recover-every", type=float, default=60.0)

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("interval", "stale_after", "recover_every"):
            check_seconds("--" + name.replace("_", "-"), options[name])
        stale_after = options["stale_after"]
        recover_database_tasks(stale_after)
        prune_tasks_safely()
        stop = threading.Event()

        def keep_recovering() -> None:
            last_optimize = last_prune = time.monotonic()
            while not stop.wait(options["recover_every"]):
                try:
                    close_old_connections()
                    recover_database_tasks(stale_after)
                    if time.monotonic() - last_optimize > 3600:
                        refresh_sqlite_statistics()  # the planner's statistics, hourly
                        last_optimize = time.monotonic()
                    if time.monotonic() - last_prune > 3600:
                        prune_tasks_safely()  # finished tasks past the retention, hourly
                        last_prune = time.monotonic()
                except Exception:  # the worker itself must keep running
                    logger.exception("task recovery failed")
                finally:
                    connection.close()

        thread = threading.Thread(target=keep_recovering, name="task-recovery", daemon=True)
        thread.start()
        # django-tasks' `db_worker` with its defaults (queue and backend "default", the
        # reloader when DEBUG), but with the worker that puts back an interrupted task.
        DbWorkerCommand(stdout=sys.stdout, stderr=sys.stderr).configure_logging(
            options["verbosity"]
        )
        worker = DatabaseWorker(
            queue_names=["default"],
            interval=options["interval"],
            batch=False,
            backend_name="default",
            startup_delay=True,
            max_tasks=None,
            worker_id=worker_name(),
            excluded_queue_names=[],
        )
        try:
            if settings.DEBUG:
                if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                    worker.configure_signals()
                run_with_reloader(worker.run)
            else:
                worker.configure_signals()
                worker.run()
        finally:
            stop.set()
