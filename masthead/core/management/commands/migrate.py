"""Django's `migrate`, saying in one line (exit 1) that the database cannot be reached, instead
of an OperationalError traceback: it is the first command an operator runs against a new
DATABASE_URL. masthead.core comes first in INSTALLED_APPS, so this one is the one Django runs."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate

from masthead.core.commands import OneLineCommandErrors, exit_if_unreachable


class Command(OneLineCommandErrors, migrate.Command):
    # Its refusals (an app with no migrations, a migration it cannot find) in one line too.
    error_prefix = "migrate: error: "

    def execute(self, *args: Any, **options: Any) -> Any:
        exit_if_unreachable("migrate", options.get("database"))
        return super().execute(*args, **options)
