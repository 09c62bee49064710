"""A DATABASE_URL refused at start is never repeated with its password (security review,
2026-11-30). The refusal of a PostgreSQL URL naming no database showed everything after its last
`@`, which kept a password given the other way libpq reads it, as a query parameter
(`postgres://db/?password=...`, `?sslpassword=...`): it went to the terminal and the service's
log. The line now shows the URL without its user, password, query or fragment."""

from __future__ import annotations

import pytest

from tests.support.environment import run_masthead

RULE = (
    "DATABASE_URL must be an SQLite (sqlite:///PATH) or PostgreSQL "
    "(postgres://USER:PASSWORD@HOST:PORT/NAME) URL"
)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgres://db.example/?password=hunter2", "postgres://db.example/"),
        ("postgres://db.example?sslpassword=hunter2&user=u", "postgres://db.example"),
        ("postgres://u:hunter2@db.example:5432/?application_name=x#hunter2", "db.example:5432/"),
        # An '@' in the query: everything after the last one was shown, password included.
        ("postgres://u:hunter2@db?options=a@b&password=hunter2", "db"),
    ],
)
def test_a_refused_database_url_is_shown_without_a_password_in_its_query(tmp_path, url, shown):
    result = run_masthead(tmp_path, {"DATABASE_URL": url})
    assert result.returncode == 1
    assert result.stderr == f"masthead: error: {RULE}: {shown!r} names no database\n"
    assert "hunter2" not in result.stdout + result.stderr
