"""`masthead serve` and `masthead task_worker`, which operators (and systemd) start, refuse a
database never migrated in one line with exit 1 (task_worker stopped with an OperationalError
traceback; serve started a site answering 500 and a worker that crashed), and refuse numbers
that would leave nothing running (`serve --workers 0` served nothing, silently) or make the
worker fail later (`task_worker --interval -1`) in one line; `speak` into a folder or a file it
cannot write, and `recover_tasks --stale-after nan` (or inf, or 1e20), are one line too, not a
traceback (found by a QA review)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.scaleout_support import free_port
from tests.support.cli_batch import run_many
from tests.support.environment import run_masthead

MIGRATE_FIRST = "the database has no tables: run `masthead migrate` first"


def masthead(tmp_path: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_masthead(tmp_path, {"DATABASE_URL": database_url}, *args)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("migrated")
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    done = masthead(folder, url, "migrate", "--noinput", "-v", "0")
    assert done.returncode == 0, done.stderr
    return url


# serve and task_worker each run on the same database in one process (tests/support/cli_batch.py:
# each command line with its own stdout, stderr and exit status); a refusal that no longer happens
# would leave serve serving, and the run would end in its timeout.
@pytest.fixture(scope="module")
def on_a_database_never_migrated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("never-migrated")
    url = f"sqlite:///{folder / 'empty.sqlite3'}"
    return run_many(folder, {"DATABASE_URL": url}, [["task_worker"], ["serve"]], timeout=120)


@pytest.mark.own_database  # names its own database: run in the first pass only
@pytest.mark.parametrize("command", ["task_worker", "serve"])
def test_serve_and_the_worker_on_a_database_never_migrated_say_run_migrate_in_one_line(
    on_a_database_never_migrated, command
):
    result = on_a_database_never_migrated[(command,)]
    assert (result.returncode, result.stderr) == (1, f"{command}: error: {MIGRATE_FIRST}\n")
    assert "Traceback" not in result.stdout + result.stderr


@pytest.fixture(scope="module")
def on_a_database_behind_the_code(tmp_path_factory, migrated):
    import shutil
    import sqlite3

    folder = tmp_path_factory.mktemp("behind")
    copy = folder / "behind.sqlite3"
    shutil.copy(migrated.removeprefix("sqlite:///"), copy)
    with sqlite3.connect(copy) as db:  # as if the code had gained this migration since
        db.execute("DELETE FROM django_migrations WHERE app = 'sessions'")
    lines = [["task_worker"], ["serve", "--port", str(free_port())]]
    runs = run_many(folder, {"DATABASE_URL": f"sqlite:///{copy}"}, lines, timeout=120)
    return {args[0]: result for args, result in runs.items()}


@pytest.mark.own_database  # names its own database: run in the first pass only
@pytest.mark.parametrize("command", ["task_worker", "serve"])
def test_serve_and_the_worker_on_a_database_the_code_is_newer_than_say_run_migrate(
    on_a_database_behind_the_code, command
):
    """Operator QA, 2026-11-30: `serve` on a database with migrations pending (new code, no
    `migrate`) started; its worker stopped with a "no such table" traceback, again at every
    restart, and pages failed or worked by chance. Now one line naming what is pending, exit 1,
    nothing started."""
    result = on_a_database_behind_the_code[command]
    assert (result.returncode, result.stderr) == (
        1,
        f"{command}: error: the database has 1 migration(s) not applied "
        "(sessions.0001_initial): run `masthead migrate` first\n",
    )
    assert "Traceback" not in result.stdout + result.stderr


# (arguments, message): all run by the CLI's main in one process (tests/support/cli_batch.py);
# the same refusals of task_worker and recover_tasks in processes of their own, and serve's, are
# in test_command_refusals_one_line and test_operator_refusals_one_line.
NUMBERS = [
    (["serve", "--workers", "0"], "--workers must be at least 1, not 0"),
    (["serve", "--threads", "0", "--no-worker"], "--threads must be at least 1, not 0"),
    (["task_worker", "--interval", "-1"], "--interval must be a number of seconds over 0"),
    (["task_worker", "--interval", "nan"], "--interval must be a number of seconds over 0"),
    (["task_worker", "--stale-after", "0"], "--stale-after must be a number of seconds over 0"),
    (
        ["task_worker", "--recover-every", "inf"],
        "--recover-every must be a number of seconds over 0",
    ),
    (
        ["task_worker", "--stale-after", "1e20"],
        "--stale-after must be a number of seconds over 0",
    ),
    (["recover_tasks", "--stale-after", "nan"], "--stale-after must be zero or more"),
    (["recover_tasks", "--stale-after", "inf"], "--stale-after must be zero or more"),
    (["recover_tasks", "--stale-after", "1e20"], "--stale-after must be zero or more"),
]


@pytest.fixture(scope="module")
def number_refusals(tmp_path_factory, migrated):
    folder = tmp_path_factory.mktemp("numbers")
    return run_many(folder, {"DATABASE_URL": migrated}, [args for args, _ in NUMBERS])


@pytest.mark.own_database  # names its own database: run in the first pass only
@pytest.mark.parametrize(("args", "message"), NUMBERS)
def test_numbers_that_would_leave_nothing_running_are_refused_in_one_line(
    number_refusals, args, message
):
    result = number_refusals[tuple(args)]
    assert result.returncode == 1
    # in each command's own words, not "CommandError: ..." (serve since 2026-11-30, the others
    # since 2026-12-01: test_command_refusals_one_line)
    assert result.stderr.startswith(f"{args[0]}: error: {message}")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("output", "message"),
    [
        (None, "the output is a folder, not a file"),
        ("/dev/full", "cannot write /dev/full: No space left on device"),
    ],
)
def test_speak_into_a_folder_or_a_file_it_cannot_write_is_a_one_line_error(
    tmp_path, output, message
):
    # It stopped with an IsADirectoryError / OSError traceback after speaking the whole text.
    from django.core.management import CommandError, call_command

    source = tmp_path / "in.txt"
    source.write_text("Hello there.")
    with pytest.raises(CommandError, match=message) as error:
        call_command("speak", str(source), output or str(tmp_path))
    assert error.value.returncode == 2
