"""`masthead purge_expired_signups [--dry-run]`: delete the sign-ups never confirmed whose link
has expired (Django's PASSWORD_RESET_TIMEOUT, 3 days), so they stop holding their display name
(comments.actions.purge_expired_signups says exactly which accounts). Run it daily from a timer
(docs/operations.md).

Prints one line, how many were deleted. Exit status 0; a bad option is one line and status 2;
a database that was never migrated or cannot be used is one line and status 1.
"""

from __future__ import annotations

import sys
from typing import Any

from django.db import DatabaseError

from masthead.comments.actions import expired_signups, purge_expired_signups
from masthead.core.commands import OneLineErrorsCommand


class Command(OneLineErrorsCommand):
    error_prefix = "purge_expired_signups: error: "
    help = (
        "Delete sign-ups never confirmed whose confirmation link has expired, freeing their "
        "display names."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only say how many would be deleted",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["dry_run"]:
                count = expired_signups().count()
                self.stdout.write(f"{count} sign-up(s) never confirmed would be deleted")
                return
            count = purge_expired_signups()
        except DatabaseError as exc:
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            stderr = options.get("stderr") or sys.stderr
            stderr.write(f"{self.error_prefix}cannot use the database: {reason}\n")
            sys.exit(1)
        self.stdout.write(f"{count} sign-up(s) never confirmed deleted")
