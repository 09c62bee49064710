"""`masthead prune_db_task_results` is refused: use `masthead prune_tasks`.

django-tasks ships a command of this name. It deletes every failed task past an age, the
tasks a stopped worker put aside as interrupted among them, which task recovery still puts
back in the queue (core.taskstop, core.taskrecovery); run by an operator who found it in
`masthead help`, it would lose that work. masthead.core comes first in INSTALLED_APPS, so this
command takes its place: one line naming the one to use, exit status 2, nothing deleted.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Refused: use `masthead prune_tasks`, which keeps the tasks recovery still needs."

    def add_arguments(self, parser: Any) -> None:
        # Whatever django-tasks' own command took: the refusal is the same.
        parser.add_argument("rest", nargs="*")
        parser.add_argument("--backend", nargs="?")
        parser.add_argument("--queue-name", nargs="?")
        parser.add_argument("--min-age-days", nargs="?")
        parser.add_argument("--failed-min-age-days", nargs="?")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        stderr = options.get("stderr") or sys.stderr
        stderr.write(
            "prune_db_task_results: error: not used by masthead, it would delete interrupted "
            "tasks that recovery still needs; run `masthead prune_tasks` (see docs/operations.md)\n"
        )
        sys.exit(2)
