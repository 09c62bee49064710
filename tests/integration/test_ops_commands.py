"""`migrate` and `check --database` against a database that cannot be reached (operator QA,
2026-11-30): one line and exit 1. Before, `migrate` (the first command run against a new
DATABASE_URL) stopped with an OperationalError traceback, and `check --database default`, the
restore test of docs/operations.md, passed against a PostgreSQL database that did not exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.environment import run_masthead

# It names its own databases and Redis URLs: the PostgreSQL pass need not run it again.
pytestmark = pytest.mark.own_database

MISSING = "cannot use the database: unable to open database file"


@pytest.mark.parametrize(
    ("args", "prefix"), [(["migrate"], "migrate"), (["check", "--database", "default"], "check")]
)
def test_a_database_that_cannot_be_opened_is_one_line_and_exit_1(tmp_path: Path, args, prefix):
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}"
    result = run_masthead(tmp_path, {"DATABASE_URL": url}, *args)
    assert (result.returncode, result.stderr) == (1, f"{prefix}: error: {MISSING}\n")


def test_check_database_fails_on_a_postgresql_database_that_does_not_exist(
    tmp_path: Path, postgres_admin_url: str
):
    base = postgres_admin_url.rsplit("/", 1)[0]
    url = f"{base}/masthead_ops_no_such_database"
    result = run_masthead(tmp_path, {"DATABASE_URL": url}, "check", "--database", "default")
    assert result.returncode == 1
    assert result.stderr.startswith("check: error: cannot use the database: ")
    assert 'database "masthead_ops_no_such_database" does not exist' in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_and_check_still_work_on_a_database_that_answers(tmp_path: Path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert run_masthead(tmp_path, env, "check", "--database", "default").returncode == 0
    migrated = run_masthead(tmp_path, env, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    assert run_masthead(tmp_path, env, "migrate", "--check").returncode == 0
