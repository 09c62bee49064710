"""`masthead probe_workers`: enqueue probe tasks and report which workers ran them.

Exit status 0 when every probe finished within --timeout, 1 otherwise; the last line is JSON
({"finished": N, "workers": {worker_id: count}, "databases": [...]}) for scripts and tests.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

from django.core.management.base import CommandError
from django_tasks import TaskResultStatus

from masthead.core.commands import DatabaseCheckedCommand, check_seconds
from masthead.core.health import check_queue
from masthead.core.tasks import probe_worker

MAX_PAUSE = 60


class Command(DatabaseCheckedCommand):
    help = "Enqueue probe tasks and report which workers ran them (checks a deployment)."
    error_prefix = "probe_workers: error: "
    requires_queue = True

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, default=8)
        parser.add_argument("--pause", type=float, default=0.2, help="Seconds each probe waits.")
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        count, timeout = options["count"], options["timeout"]
        if not 1 <= count <= 1000:
            raise CommandError(f"--count must be between 1 and 1000, not {count}")
        check_seconds("--timeout", timeout)
        # A probe holds a worker for its pause: at most a minute. (inf stopped the command with
        # an IntegrityError traceback, the queue's JSON cannot hold it; -1 or nan were queued.)
        if not 0 <= options["pause"] <= MAX_PAUSE:
            raise CommandError(
                f"--pause must be from 0 to {MAX_PAUSE} seconds, not {options['pause']:g}"
            )
        results = [probe_worker.enqueue(options["pause"]) for _ in range(count)]
        deadline = time.monotonic() + timeout
        pending = [result for result in results if not result.is_finished]
        while pending and time.monotonic() < deadline:
            for result in list(pending):
                result.refresh()
                if result.is_finished:
                    pending.remove(result)
            if pending:
                time.sleep(0.1)
        workers: Counter[str] = Counter()
        databases: set[str] = set()
        failed = 0
        for result in results:
            if result.status == TaskResultStatus.SUCCESSFUL:
                worker = result.worker_ids[-1] if result.worker_ids else "in-process"
                workers[worker] += 1
                databases.add(str(result.return_value["database"]))
            elif result.is_finished:
                failed += 1
        finished = sum(workers.values())
        for worker, done in sorted(workers.items()):
            self.stdout.write(f"{worker}: {done} probe(s)")
        summary = {
            "finished": finished,
            "failed": failed,
            "pending": len(pending),
            "workers": dict(workers),
            "databases": sorted(databases),
        }
        self.stdout.write(json.dumps(summary))
        if pending:
            # Operator QA, 2026-11-30: with a backlog (after a demo import, 38 narrations) the
            # probes waited behind it and the command said only "workers": {}, as if no
            # worker ran. Say how long the queue is, so a busy worker is told from none.
            try:
                _, queue = check_queue()
            except Exception as exc:  # the queue stopped answering meanwhile
                queue = f"the queue does not answer ({type(exc).__name__})"
            self.stderr.write(
                f"probe_workers: {len(pending)} probe(s) still waiting after {timeout:g} s "
                f"({queue}): no worker is running, none reaches the queue, or the workers "
                "are busy with the tasks queued before the probes"
            )
        if finished != count:
            raise SystemExit(1)
