"""Without Redis, the page cache lives in files under var/cache/pages, one folder per site:
its cache prefix and its database (API QA follow-up, 2026-11-30). Every local server used the
same folder, since MASTHEAD_CACHE_PREFIX was applied only to Redis, so two servers started from
one checkout with their own prefix and database served each other's pages: an article page or a
comment list from the other database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.environment import ROOT

# It names its own databases and Redis URLs: the PostgreSQL pass need not run it again.
pytestmark = pytest.mark.own_database

STORE = "from django.core.cache import caches; caches['pages'].set('page:1', 'from A', 300)"
READ = "from django.core.cache import caches; print(caches['pages'].get('page:1', 'nothing'))"


def _run(var: Path, code: str, **env: str) -> str:
    full = {
        **os.environ,
        "MASTHEAD_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
    }
    for name in ("REDIS_URL", "MASTHEAD_CACHE_PREFIX", "DATABASE_URL"):
        full.pop(name, None)
    full.update(env)
    setup = "import django; django.setup(); "
    return subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_two_local_servers_with_their_own_prefix_do_not_share_pages(tmp_path):
    db = f"sqlite:///{tmp_path / 'one.sqlite3'}"
    _run(tmp_path / "var", STORE, MASTHEAD_CACHE_PREFIX="alice", DATABASE_URL=db)
    assert _run(tmp_path / "var", READ, MASTHEAD_CACHE_PREFIX="bob", DATABASE_URL=db) == "nothing"
    # every process of one server (web processes, the task worker bumping versions) shares it
    assert _run(tmp_path / "var", READ, MASTHEAD_CACHE_PREFIX="alice", DATABASE_URL=db) == "from A"


def test_two_local_servers_on_their_own_database_do_not_share_pages(tmp_path):
    one, other = (f"sqlite:///{tmp_path / name}" for name in ("one.sqlite3", "other.sqlite3"))
    _run(tmp_path / "var", STORE, DATABASE_URL=one)
    assert _run(tmp_path / "var", READ, DATABASE_URL=other) == "nothing"
    assert _run(tmp_path / "var", READ, DATABASE_URL=one) == "from A"


def test_the_folder_is_under_var_cache_pages_whatever_the_prefix_says(tmp_path):
    code = "from django.conf import settings; print(settings.CACHES['pages']['LOCATION'])"
    for prefix in ("site-a", "../../elsewhere", "a/b", "."):
        folder = Path(_run(tmp_path / "var", code, MASTHEAD_CACHE_PREFIX=prefix))
        assert folder.parent == tmp_path / "var" / "cache" / "pages", (prefix, folder)
        assert folder.name not in ("", ".", ".."), prefix
