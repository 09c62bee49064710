"""A newsroom that started on one machine (SQLite) moves onto PostgreSQL with the commands
docs/operations.md gives ("Moving a one-machine newsroom onto PostgreSQL"), and nothing is lost:
every row comes back equal, ids and sequences hold, a reader logged in before stays logged in.

The SQLite newsroom is the demo (every app has rows in it) after an upgrade: its content types
are numbered differently from a new database's, as on a site whose models came in several
releases, which is what makes a plain `dumpdata` / `loaddata` fail."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.scaleout_support import (
    PYTHON,
    REPO,
    free_port,
    masthead,
    migrate,
    postgres_database,
    process_env,
    request,
    start_gunicorn,
    stop,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.processes]

# Exactly the docs' command (docs/operations.md), less the output file.
DUMP = [
    "dumpdata",
    "--natural-foreign",
    "--exclude",
    "contenttypes",
    "--exclude",
    "auth.permission",
    "--exclude",
    "django_tasks_database",
    "--format",
    "jsonl",
]

SUB_MILLISECOND = re.compile(r'(T\d\d:\d\d:\d\d)\.000Z(?=")')

# A site upgraded over several releases: the articles app's content types (and so its
# permissions) were made after every other app's, not first as in a new database. The editors
# keep their rights to them.
UPGRADED = """
import django
django.setup()
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
ContentType.objects.filter(app_label="articles").delete()
call_command("migrate", verbosity=0)
Group.objects.get(name="Editors").permissions.add(
    *Permission.objects.filter(content_type__app_label="articles")
)
"""

# A reader logged in on the old site: a session row in the database.
LOG_IN = """
import django
django.setup()
from django.test import Client
client = Client()
assert client.login(username="editor", password="demo-editor-pass")
print(client.cookies["sessionid"].value)
"""


def _python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [PYTHON, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _objects(lines: list[str]) -> dict[tuple[str, str], dict[str, object]]:
    # Django's JSON serializer writes times to the millisecond: a time whose microseconds
    # were under 1,000 is written "...:10.000Z" from SQLite and, loaded as such, comes back
    # "...:10Z" from PostgreSQL. The same instant, once written (docs/operations.md says so).
    objects = [json.loads(SUB_MILLISECOND.sub(r"\1Z", line)) for line in lines if line.strip()]
    return {(obj["model"], json.dumps(obj.get("pk"))): obj for obj in objects}


def _sequences_behind(database_url: str) -> list[str]:
    """Tables whose id sequence would hand out an id already taken."""
    behind = []
    with psycopg.connect(database_url, autocommit=True) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND column_name = 'id' AND (is_identity = 'YES' OR column_default LIKE 'nextval%%')"
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL("SELECT max(id) FROM {}").format(sql.Identifier(table))
            highest = connection.execute(query).fetchone()[0]
            if highest is None:
                continue
            sequence = connection.execute(
                "SELECT pg_get_serial_sequence(%s, 'id')", (table,)
            ).fetchone()[0]
            last = connection.execute(
                "SELECT coalesce(last_value, 0) FROM pg_sequences "
                "WHERE schemaname || '.' || sequencename = %s",
                (sequence,),
            ).fetchone()[0]
            if last < highest:
                behind.append(f"{table}: sequence at {last}, highest id {highest}")
    return behind


def test_a_sqlite_newsroom_moves_to_postgresql_with_the_documented_commands(
    postgres_admin_url, tmp_path
):
    var_dir = tmp_path / "var"  # the same media on both sides, as the docs copy it
    common = {"MASTHEAD_NARRATION_ENGINE": "fake"}
    sqlite_env = process_env(
        var_dir, f"sqlite:///{tmp_path / 'masthead.sqlite3'}", tasks_backend="immediate", **common
    )
    migrate(sqlite_env)
    demo = masthead(["demo"], sqlite_env, timeout=300)
    assert demo.returncode == 0, demo.stderr[-3000:]
    _python(UPGRADED, sqlite_env)
    session_key = _python(LOG_IN, sqlite_env)

    dump_file: Path = tmp_path / "newsroom.jsonl.gz"
    dumped = masthead([*DUMP, "-o", str(dump_file)], sqlite_env)
    assert dumped.returncode == 0, dumped.stderr[-3000:]
    with gzip.open(dump_file, "rt", encoding="utf-8") as handle:
        before = _objects(handle.readlines())
    models = {model for model, _ in before}
    assert {"articles.article", "comments.comment", "sessions.session"} <= models

    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        pg_env = process_env(var_dir, database_url, tasks_backend="database", **common)
        loaded = masthead(["loaddata", str(dump_file)], pg_env, timeout=300)
        assert loaded.returncode == 0, loaded.stderr[-3000:]

        again = masthead(DUMP, pg_env)
        assert again.returncode == 0, again.stderr[-3000:]
        after = _objects(again.stdout.splitlines())
        assert set(after) == set(before)
        changed = {
            key: {
                name: (value, after[key]["fields"].get(name))
                for name, value in before[key]["fields"].items()
                if after[key]["fields"].get(name) != value
            }
            for key in before
            if before[key] != after[key]
        }
        assert not changed, f"{len(changed)} objects differ: {str(changed)[:2000]}"
        assert _sequences_behind(database_url) == []

        port = free_port()
        web = start_gunicorn(pg_env, port, tmp_path / "web.log")
        try:
            # The editor's session from the SQLite site opens the newsroom on PostgreSQL.
            status, headers, _ = request(
                port,
                "GET",
                "/admin/articles/article/",
                headers={"Cookie": f"sessionid={session_key}"},
            )
            assert status == 200, (status, headers.get("Location"))
            slug = _python(
                "import django\ndjango.setup()\n"
                "from masthead.articles.models import Article\n"
                "print(Article.objects.live().first().slug)",
                pg_env,
            )
            status, _, page = request(port, "GET", f"/news/{slug}/")
            assert status == 200
        finally:
            stop(web)
