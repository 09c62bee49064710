"""Django's `check`; with `--database ALIAS` (docs/operations.md's test of a restored backup)
it first connects to that database and says in one line (exit 1) when it cannot. Django's own
`check --database default` passed against a database that was not there at all (PostgreSQL),
or stopped with a traceback (an SQLite file it could not open)."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import check

from masthead.core.commands import OneLineCommandErrors, exit_if_unreachable


class Command(OneLineCommandErrors, check.Command):
    # An unknown --tag or app in one line too; the system check's report keeps its lines.
    error_prefix = "check: error: "

    def handle(self, *app_labels: Any, **options: Any) -> Any:
        for alias in options.get("databases") or ():
            exit_if_unreachable("check", alias)
        return super().handle(*app_labels, **options)
