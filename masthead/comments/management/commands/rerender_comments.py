"""`masthead rerender_comments [--dry-run] [--batch-size N]`: write every comment's stored HTML
again from its stored text with the rules of the code now running. Run it once after an upgrade
that changed how comments are rendered (docs/operations.md, "Upgrades"). The work, and what it
changes and leaves, is `comments.actions.rerender_comments`; this parses the options and says
how it went.

Prints one line: how many comments were read and how many were (with --dry-run: would be)
rendered again. Exit status 0; a bad option is one line and status 2; a database that was
never migrated or cannot be used is one line and status 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.db import DatabaseError

from masthead.comments import actions
from masthead.core.commands import OneLineErrorsCommand

BATCH_SIZE = actions.RERENDER_BATCH_SIZE
MAX_BATCH_SIZE = 100_000


def batch_size_option(value: str) -> int:
    try:
        size = int(value)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_BATCH_SIZE:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_BATCH_SIZE}")
    return size


class Command(OneLineErrorsCommand):
    error_prefix = "rerender_comments: error: "
    help = (
        "Render every comment's stored text again with the current rules and store the HTML "
        "where it differs (after an upgrade that changed how comments are rendered)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only say how many comments would be rendered again; change nothing",
        )
        parser.add_argument(
            "--batch-size",
            type=batch_size_option,
            default=BATCH_SIZE,
            help=f"comments read and written per transaction (default {BATCH_SIZE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = options["batch_size"]
        dry_run = options["dry_run"]
        try:
            result = actions.rerender_comments(dry_run=dry_run, batch_size=batch_size)
        except DatabaseError as exc:
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            stderr = options.get("stderr") or sys.stderr
            stderr.write(f"{self.error_prefix}cannot use the database: {reason}\n")
            sys.exit(1)
        verb = "would be rendered again" if dry_run else "rendered again"
        self.stdout.write(f"{result.read} comment(s) read, {result.changed} {verb}")
