"""Commands operators run on a database that was never migrated (or cannot be opened) say so in
one line and exit 1, instead of an OperationalError traceback ('no such table')."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.environment import run_masthead

MIGRATE_FIRST = "the database has no tables: run `masthead migrate` first"


def masthead(tmp_path: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_masthead(tmp_path, {"DATABASE_URL": database_url}, *args)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text("Council approves the bridge\n\nThe vote was nine to two.\n")
    return path


@pytest.mark.own_database  # names its own database: run in the first pass only
def test_import_on_a_database_never_migrated_says_run_migrate_in_one_line(tmp_path, story):
    result = masthead(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite3'}", "import", str(story))
    assert result.returncode == 1
    assert result.stderr == f"import: error: {MIGRATE_FIRST}\n"
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.own_database  # names its own database: run in the first pass only
@pytest.mark.parametrize(
    ("args", "prefix"),
    [
        (["threshold-report"], "threshold-report: error: "),
        (["embed-articles"], "embed-articles: error: "),
        (["recover_tasks"], "recover_tasks: error: "),
        (["probe_workers", "--count", "1", "--timeout", "1"], "probe_workers: error: "),
        (["narrate", "1"], "narrate: error: "),
        (["demo"], "demo: error: "),
    ],
)
def test_other_database_commands_on_a_database_never_migrated_say_so_in_one_line(
    tmp_path, args, prefix
):
    result = masthead(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite3'}", *args)
    assert (result.returncode, result.stderr) == (1, f"{prefix}{MIGRATE_FIRST}\n")


@pytest.mark.own_database  # names its own database: run in the first pass only
@pytest.mark.parametrize(
    "args",
    [
        ["createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org"],
        ["createsuperuser"],  # interactive: refused before it asks anything
        ["changepassword", "editor"],
    ],
)
def test_creating_a_superuser_or_changing_a_password_on_a_database_never_migrated_says_run_migrate(
    tmp_path, args
):
    # Django's own commands stopped with an OperationalError traceback ('no such table:
    # auth_user') and exit status 0 for the non-interactive one (found by a QA review).
    result = masthead(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite3'}", *args)
    assert (result.returncode, result.stderr) == (1, f"{args[0]}: error: {MIGRATE_FIRST}\n")
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.django_db
def test_createsuperuser_still_creates_a_superuser_on_a_migrated_database():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command, get_commands

    assert get_commands()["createsuperuser"] == "masthead.core"
    assert get_commands()["changepassword"] == "masthead.core"
    call_command("createsuperuser", interactive=False, username="chief", email="chief@example.org")
    assert get_user_model().objects.get(username="chief").is_superuser


@pytest.mark.own_database  # names its own database: run in the first pass only
def test_import_with_a_database_that_cannot_be_opened_says_why_in_one_line(tmp_path, story):
    missing_folder = tmp_path / "no-such-folder" / "db.sqlite3"
    result = masthead(tmp_path, f"sqlite:///{missing_folder}", "import", str(story))
    assert result.returncode == 1
    assert result.stderr == "import: error: cannot use the database: unable to open database file\n"


@pytest.mark.own_database  # names its own database: run in the first pass only
def test_a_bad_import_option_is_one_line_not_a_usage_block(tmp_path, story):
    result = masthead(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite3'}", "import", "--sectoin")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("import: error: ")
