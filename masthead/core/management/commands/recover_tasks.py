"""`masthead recover_tasks`: queue again the tasks whose worker died (see core.taskrecovery)."""

from __future__ import annotations

import math
from typing import Any

from django.core.management.base import CommandError

from masthead.core.commands import DatabaseCheckedCommand
from masthead.core.taskrecovery import recover_tasks

MAX_SECONDS = 10**9  # about 31 years; far past any task


class Command(DatabaseCheckedCommand):
    help = "Queue again tasks whose worker died mid-task."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--stale-after",
            type=float,
            default=900.0,
            help="Seconds after which a running task counts as abandoned (default 900).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stale_after = options["stale_after"]
        # NaN, infinity or a huge number stopped with a ValueError/OverflowError traceback.
        if not (math.isfinite(stale_after) and 0 <= stale_after <= MAX_SECONDS):
            raise CommandError(
                f"--stale-after must be zero or more (at most {MAX_SECONDS} seconds), "
                f"not {stale_after:g}"
            )
        recovered = recover_tasks(options["stale_after"])
        self.stdout.write(f"{len(recovered)} task(s) queued again")
