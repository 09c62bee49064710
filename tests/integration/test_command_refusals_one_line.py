"""Every masthead command an operator runs refuses in one line of its own, `COMMAND: error:
MESSAGE`, with its documented exit status and no traceback (operator QA, 2026-11-30; all of them since 2026-12-01).

Before, only serve and narrate did (c16f85d); the others printed Django's "CommandError: ..."
(`task_worker --interval -1`, `recover_tasks --stale-after nan`, `probe_workers --count 0`,
`embed-articles --slug nope`, `speak` on a missing file, `migrate nosuchapp`, `check --tag x`,
`createsuperuser --noinput`, `changepassword nosuchuser`), recover_tasks and probe_workers
refused a database never migrated with no command name at all, and threshold-report's lines
read `threshold-report: MESSAGE`. From code, call_command still raises the CommandError.
serve and narrate are run in tests/integration/test_operator_refusals_one_line.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class

from masthead.core.commands import OneLineCommandErrors
from tests.support.cli_batch import run_many
from tests.support.environment import run_masthead

# (arguments, exit status, the message after "COMMAND: error: "); all run by the CLI's main in
# one process (tests/support/cli_batch.py: each with its own stdout, stderr and exit status), and
# one of them in a process of its own as well, which must say the same.
REFUSALS = [
    (["migrate", "nosuchapp"], 1, "No installed app with label 'nosuchapp'."),
    (["check", "--tag", "nosuchtag"], 1, 'There is no system check with the "nosuchtag" tag.'),
    (["task_worker", "--interval", "-1"], 1, "--interval must be a number of seconds over 0"),
    (["recover_tasks", "--stale-after", "nan"], 1, "--stale-after must be zero or more"),
    (["probe_workers", "--count", "0"], 1, "--count must be between 1 and 1000, not 0"),
    (["embed-articles", "--slug", "nope"], 2, "no article with slug 'nope'"),
    (["speak", "missing.txt", "out.mp3"], 2, "no such file: missing.txt"),
    (["createsuperuser", "--noinput"], 1, "You must use --username with --noinput."),
    (["changepassword", "nosuchuser"], 1, "user 'nosuchuser' does not exist"),
    (["threshold-report", "--days", "0"], 2, "--days must be a whole number from 1 to 365"),
    (["narrate", "nope"], 2, "no article with slug 'nope'"),
]


MIGRATE = ["migrate", "--noinput", "-v", "0"]


@pytest.fixture(scope="module")
def migrated_then_refused(tmp_path_factory) -> tuple[Path, str, dict]:
    """A new SQLite file migrated, then each refusal on it, all in one process."""
    folder = tmp_path_factory.mktemp("refusals")
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    runs = run_many(folder, {"DATABASE_URL": url}, [MIGRATE, *[args for args, _, _ in REFUSALS]])
    done = runs.pop(tuple(MIGRATE))
    assert done.returncode == 0, done.stderr
    return folder, url, runs


@pytest.fixture(scope="module")
def migrated(migrated_then_refused) -> tuple[Path, str]:
    folder, url, _ = migrated_then_refused
    return folder, url


@pytest.fixture(scope="module")
def refusals(migrated_then_refused):
    return migrated_then_refused[2]


@pytest.mark.own_database  # names its own database: run in the first pass only
@pytest.mark.parametrize(
    ("args", "status", "message"), REFUSALS, ids=[args[0] for args, _, _ in REFUSALS]
)
def test_each_command_refuses_in_one_line_of_its_own_with_its_exit_status(
    refusals, args, status, message
):
    result = refusals[tuple(args)]
    assert result.returncode == status, result.stderr
    assert result.stderr.startswith(f"{args[0]}: error: {message}"), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "CommandError" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.own_database  # names its own database: run in the first pass only
def test_a_refusal_in_a_process_of_its_own_is_the_one_the_shared_process_gives(migrated, refusals):
    """`masthead embed-articles --slug nope` started as operators start it (`python -m
    masthead.cli`, so `sys.exit(main())`) exits 2 with the very line the shared process gave."""
    folder, url = migrated
    args = ["embed-articles", "--slug", "nope"]
    alone = run_masthead(folder, {"DATABASE_URL": url}, *args)
    shared = refusals[tuple(args)]
    assert (alone.returncode, alone.stdout, alone.stderr) == (
        shared.returncode,
        shared.stdout,
        shared.stderr,
    )
    assert alone.returncode == 2 and alone.stderr.count("\n") == 1


def test_every_masthead_command_prints_its_command_errors_in_one_line():
    """Each management command masthead ships (its own, and its versions of Django's migrate,
    check, createsuperuser and changepassword) goes through OneLineCommandErrors; a new one that
    does not fails here. prune_db_task_results raises nothing: it writes its one line itself."""
    masthead_commands = {
        name: app for name, app in get_commands().items() if app.startswith("masthead.")
    }
    assert {"migrate", "check", "task_worker", "speak", "train-moderation"} <= set(
        masthead_commands
    )
    plain = {
        name
        for name, app in masthead_commands.items()
        if not isinstance(load_command_class(app, name), OneLineCommandErrors)
    }
    assert plain == {"prune_db_task_results"}


def test_call_command_still_raises_the_command_error_with_its_exit_status(tmp_path):
    with pytest.raises(CommandError, match='no system check with the "nosuchtag" tag'):
        call_command("check", "--tag", "nosuchtag")
    with pytest.raises(CommandError, match="no such file") as error:
        call_command("speak", str(tmp_path / "missing.txt"), str(tmp_path / "out.mp3"))
    assert error.value.returncode == 2
