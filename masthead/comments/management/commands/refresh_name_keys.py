"""`masthead refresh_name_keys [--dry-run]`: store again every reader's name key (what the
look-alike check compares) as the code now running computes it. Run it after a rolling upgrade
to a release that reads more letters as look-alikes (docs/operations.md): names chosen on a
machine still running the old code got the old key. The work is
`comments.actions.refresh_name_keys`.

Prints one line: how many readers were read and how many keys were (with --dry-run: would be)
stored again. Exit status 0; a bad option is one line and status 2; a database that was never
migrated or cannot be used is one line and status 1.
"""

from __future__ import annotations

import sys
from typing import Any

from django.db import DatabaseError

from masthead.comments import actions
from masthead.core.commands import OneLineErrorsCommand


class Command(OneLineErrorsCommand):
    error_prefix = "refresh_name_keys: error: "
    help = "Store every reader's name key again as the running code computes it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only say how many would change")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = actions.refresh_name_keys(dry_run=options["dry_run"])
        except DatabaseError as exc:
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            stderr = options.get("stderr") or sys.stderr
            stderr.write(f"{self.error_prefix}cannot use the database: {reason}\n")
            sys.exit(1)
        verb = "would be stored again" if options["dry_run"] else "stored again"
        self.stdout.write(f"{done.read} reader(s) read, {done.changed} name key(s) {verb}")
