"""A partial `masthead migrate APP` on a fresh database (before auth's or the narrations' tables
exist) runs quietly: the post-migrate steps that need those tables wait for the migrate that
creates them, and the role groups still get their permissions then."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.environment import run_masthead

# It names its own databases and Redis URLs: the PostgreSQL pass need not run it again.
pytestmark = pytest.mark.own_database


@pytest.mark.parametrize("label", ["sessions", "auth"])
def test_partial_migrate_on_a_fresh_database_exits_0_without_a_traceback_or_error_log(
    tmp_path: Path, label: str
):
    db = tmp_path / "fresh.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{db}"}
    result = run_masthead(tmp_path, env, "migrate", label)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    assert "ERROR" not in output
    assert "no such table" not in output

    # the full migrate afterwards makes the role groups with their permissions
    full = run_masthead(tmp_path, env, "migrate")
    assert full.returncode == 0, full.stdout + full.stderr
    with sqlite3.connect(db) as conn:
        counts = dict(
            conn.execute(
                "select g.name, count(p.id) from auth_group g"
                " left join auth_group_permissions p on p.group_id = g.id group by g.id"
            ).fetchall()
        )
    assert counts == {"Moderators": 3, "Moderation leads": 4}
