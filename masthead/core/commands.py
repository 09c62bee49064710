"""Management commands whose errors are one line on stderr, never a traceback.

argparse prints a usage block before its message; for commands that scripts and operators run
(and whose errors end up in logs), one line says it. Subclass `OneLineErrorsCommand` and set
`error_prefix`: a bad option exits with status 2.

Such a command also uses the database, so before it runs it checks that the database was
migrated: on one never migrated the first model query would stop with an OperationalError
traceback ('no such table: articles_article'). It says so in one line instead ('the database
has no tables: run `masthead migrate` first') and exits with status 1; so does a database that
cannot be opened. A command that needs no database sets `requires_database = False`.
`DatabaseCheckedCommand` is that check alone, for commands that keep argparse's usage block.

Every masthead command (these, and `OneLineCommandErrors` for those with no database or that
extend one of Django's) prints a CommandError it raises the same way when run from the command
line: `error_prefix` and the message on one line, exit status its returncode, not Django's
"CommandError: ..."; call_command still raises it (tests/integration/test_command_refusals_one_line.py).
"""

from __future__ import annotations

import math
import sys
from typing import Any, NoReturn

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    SystemCheckError,
)
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

# The longest time a command option takes, about 31 years: far past any task, and short
# enough for timedelta and sleep (NaN, infinity or 1e20 stopped them with a traceback).
MAX_SECONDS = 10**9


def check_seconds(flag: str, value: float, *, zero_allowed: bool = False) -> float:
    """A --seconds option: a finite number over 0 (or from 0, with `zero_allowed`) up to
    MAX_SECONDS; anything else is a one-line CommandError naming the flag."""
    low_ok = value >= 0 if zero_allowed else value > 0
    if not (math.isfinite(value) and low_ok and value <= MAX_SECONDS):
        what = "zero or more" if zero_allowed else "a number of seconds over 0"
        raise CommandError(f"{flag} must be {what} (at most 10^9 seconds), not {value:g}")
    return value


def database_unreachable(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """'cannot use the database: <the driver's first line>' when it cannot be connected to
    (a server that is down, a wrong password, an SQLite file in a folder that does not exist);
    None when it answers."""
    try:
        connections[using].ensure_connection()
    except DatabaseError as exc:
        reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
        return f"cannot use the database: {reason}"
    return None


def exit_if_unreachable(command: str, using: str | None) -> None:
    """For Django's own commands that connect first (`migrate`, `check --database`): one line
    and exit 1 instead of an OperationalError traceback."""
    problem = database_unreachable(using or DEFAULT_DB_ALIAS)
    if problem:
        sys.stderr.write(f"{command}: error: {problem}\n")
        sys.exit(1)


def database_problem(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """Why the database cannot serve the code's queries, in one line; None when it can.

    Only a database with no migration applied at all is refused: one migrated without some
    optional app (django_rq, say, when the task backend changed) still serves the others.
    """
    from django.db.migrations.recorder import MigrationRecorder

    try:
        recorder = MigrationRecorder(connections[using])
        migrated = recorder.has_table() and recorder.migration_qs.exists()
    except DatabaseError as exc:
        reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
        return f"cannot use the database: {reason}"
    if not migrated:
        return "the database has no tables: run `masthead migrate` first"
    return None


def unapplied_migrations(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """'the database has N migration(s) not applied (app.name, ...): run `masthead migrate`
    first' when the code is newer than the database; None when every migration is applied.

    Operator QA, 2026-11-30: `serve` on a database migrated only part of the way started, its
    worker stopped with a 'no such table' traceback (again and again), and pages failed or
    worked by chance. Migrations the code does not know (a newer release migrated the database
    first, docs/operations.md "Upgrades") are no problem, so a rolling upgrade still works."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return None
    names = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
    return (
        f"the database has {len(names)} migration(s) not applied ({shown}): "
        "run `masthead migrate` first"
    )


def queue_problem() -> str | None:
    """Why the RQ task queue's Redis cannot be used, in one line; None when it answers or when
    tasks go to the database queue (the database check covers that one)."""
    from django.conf import settings

    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq"):
        return None
    try:
        import django_rq

        django_rq.get_queue("default").connection.ping()
    except Exception as exc:  # redis-py's ConnectionError, TimeoutError, AuthenticationError
        reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
        return f"cannot use the task queue (Redis): {reason}"
    return None


class OneLineCommandErrors(BaseCommand):
    """From the command line, a CommandError the command raises is printed like the refusals
    below, `error_prefix` and its message on one line ("task_worker: error: --interval must be
    ..."), exit status its returncode (a command's documented 2 stays 2), not Django's
    "CommandError: ..." (operator QA, 2026-11-30; since 2026-12-01 every masthead command, not
    only serve and narrate). call_command still raises it; the system check's report keeps its
    own lines, and --traceback still shows the traceback. Without an `error_prefix` the line
    begins with the command's name as it was run."""

    error_prefix = ""  # e.g. "embed-articles: error: "
    one_line_command_errors = True
    from_command_line = False

    def run_from_argv(self, argv: list[str]) -> None:
        self.from_command_line = True
        if not self.error_prefix and len(argv) > 1:
            self.error_prefix = f"{argv[1]}: error: "
        super().run_from_argv(argv)

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if (
                not (self.one_line_command_errors and self.from_command_line)
                or isinstance(exc, SystemCheckError)
                or options.get("traceback")
            ):
                raise
            message = " ".join(str(exc).splitlines())
            (options.get("stderr") or sys.stderr).write(f"{self.error_prefix}{message}\n")
            sys.exit(exc.returncode)


class DatabaseCheckedCommand(OneLineCommandErrors):
    requires_database = True
    # Commands that put tasks on the queue or read it (probe_workers, recover_tasks) check that
    # its Redis answers first: one line, exit 1, instead of a redis-py traceback in the timer's log.
    requires_queue = False
    # Long-running processes (serve, task_worker) also refuse a database the code is newer than.
    requires_migrated = False

    def execute(self, *args: Any, **options: Any) -> Any:
        problem = None
        if self.requires_database:
            problem = database_problem(options.get("database") or DEFAULT_DB_ALIAS)
        if not problem and self.requires_database and self.requires_migrated:
            problem = unapplied_migrations(options.get("database") or DEFAULT_DB_ALIAS)
        if not problem and self.requires_queue:
            problem = queue_problem()
        if problem:
            (options.get("stderr") or sys.stderr).write(f"{self.error_prefix}{problem}\n")
            sys.exit(1)
        return super().execute(*args, **options)


class OneLineErrorsCommand(DatabaseCheckedCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        prefix = self.error_prefix

        def one_line(message: str) -> NoReturn:
            sys.stderr.write(f"{prefix}{message}\n")
            sys.exit(2)

        parser.error = one_line  # type: ignore[method-assign]
        return parser
