"""`masthead check --deploy` warns (core.W004) when a site on PostgreSQL or Redis, usually
several machines, has no MASTHEAD_SECRET_KEY: each machine would sign with its own generated
var/secret_key, so sessions, sign-up, reset and unsubscribe links and banned addresses' hashes
made on one would not hold on another (operator QA, 2026-11-30)."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from tests.support.environment import run_masthead

# It names its own databases and Redis URLs: the PostgreSQL pass need not run it again.
pytestmark = pytest.mark.own_database

POSTGRES = "postgres://postgres@127.0.0.1:5432/masthead_not_connected"
REDIS = "redis://127.0.0.1:6399/0"


def deploy_check(tmp_path: Path, env: dict[str, str]) -> str:
    base = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "REDIS_URL": ""}
    result = run_masthead(tmp_path, {**base, **env}, "check", "--deploy")
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DATABASE_URL": POSTGRES}, "PostgreSQL (DATABASE_URL)"),
        ({"REDIS_URL": REDIS}, "Redis (REDIS_URL)"),
    ],
)
def test_a_shared_database_or_redis_without_a_secret_key_is_a_deploy_warning(tmp_path, env, named):
    out = deploy_check(tmp_path, {"MASTHEAD_SECRET_KEY": "", **env})
    assert "(core.W004) MASTHEAD_SECRET_KEY is not set" in out
    assert named in out


def test_a_shared_site_with_a_secret_key_set_is_no_warning(tmp_path):
    key = secrets.token_urlsafe(40)
    out = deploy_check(
        tmp_path, {"MASTHEAD_SECRET_KEY": key, "DATABASE_URL": POSTGRES, "REDIS_URL": REDIS}
    )
    assert "core.W004" not in out


def test_a_single_machine_on_sqlite_without_redis_may_keep_its_generated_key(tmp_path):
    out = deploy_check(tmp_path, {"MASTHEAD_SECRET_KEY": ""})
    assert "core.W004" not in out
