"""`masthead recover_tasks`: queue again the tasks whose worker died (see core.taskrecovery)."""

from __future__ import annotations

from typing import Any

from masthead.core.commands import DatabaseCheckedCommand, check_seconds
from masthead.core.taskrecovery import recover_tasks


class Command(DatabaseCheckedCommand):
    help = "Queue again tasks whose worker died mid-task."
    error_prefix = "recover_tasks: error: "
    requires_queue = True

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--stale-after",
            type=float,
            default=900.0,
            help="Seconds after which a running task counts as abandoned (default 900).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check_seconds("--stale-after", options["stale_after"], zero_allowed=True)
        recovered = recover_tasks(options["stale_after"])
        self.stdout.write(f"{len(recovered)} task(s) queued again")
