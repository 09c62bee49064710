"""Environment values masthead cannot use stop the start in one line, exit 1, no traceback
(operator QA, 2026-11-30). Before: a MASTHEAD_SITE_URL without http(s):// was taken and made
every feed, sitemap and e-mail link dead; a MySQL DATABASE_URL and a MASTHEAD_VAR_DIR that
cannot be created stopped with a traceback."""

from __future__ import annotations

import pytest

from tests.support.environment import refused, run_masthead, settings_value

SITE_RULE = (
    "MASTHEAD_SITE_URL must be the site's public address with http:// or https://, "
    "like https://news.example.org, not "
)


@pytest.mark.parametrize(
    "typed", ["news.example.org", "ftp://news.example.org", "https://", "https://x.org/?a=1"]
)
def test_a_site_url_without_http_or_https_and_a_host_stops_the_start(tmp_path, typed):
    refused(run_masthead(tmp_path, {"MASTHEAD_SITE_URL": typed}), f"{SITE_RULE}{typed!r}")


def test_a_public_site_url_is_kept_without_its_last_slash():
    env = {"MASTHEAD_SITE_URL": "https://news.example.org/"}
    assert settings_value("s.SITE_URL", env) == "'https://news.example.org'"


@pytest.mark.parametrize("url", ["mysql://user:secret@db/masthead", "oracle://u:p@db/x"])
def test_a_database_url_masthead_does_not_support_stops_the_start_without_its_password(
    tmp_path, url
):
    result = run_masthead(tmp_path, {"DATABASE_URL": url})
    scheme = url.split(":", 1)[0]
    refused(
        result,
        "DATABASE_URL must be an SQLite (sqlite:///PATH) or PostgreSQL "
        f"(postgres://USER:PASSWORD@HOST:PORT/NAME) URL, not {scheme}:...",
    )
    assert "secret" not in result.stderr


def test_a_var_dir_that_cannot_be_created_stops_the_start(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = run_masthead(tmp_path, {"MASTHEAD_VAR_DIR": str(blocker / "var")})
    refused(
        result,
        f"MASTHEAD_VAR_DIR must be a folder masthead can create and write, not "
        f"{str(blocker / 'var')!r} (Not a directory)",
    )


def test_a_database_url_that_cannot_be_read_names_what_masthead_takes(tmp_path):
    """It listed the dozen schemes dj_database_url knows, MySQL and Oracle among them, which
    masthead refuses anyway."""
    result = run_masthead(tmp_path, {"DATABASE_URL": "x"})
    refused(
        result,
        "DATABASE_URL must be an SQLite (sqlite:///PATH) or PostgreSQL "
        "(postgres://USER:PASSWORD@HOST:PORT/NAME) URL (Scheme '://' is unknown)",
    )


@pytest.mark.parametrize("typed", ["x", "localhost:6379", "http://cache.internal:6379"])
def test_a_redis_url_that_is_no_redis_address_stops_the_start(tmp_path, typed):
    """redis-py refuses such a URL at its first use, which was every page's first cache call."""
    refused(
        run_masthead(tmp_path, {"REDIS_URL": typed}),
        "REDIS_URL must be a Redis address (redis://HOST:PORT/DB, rediss://... or unix://PATH), "
        f"not {typed.split('@')[-1]!r}",
    )


def test_a_redis_address_is_kept():
    assert settings_value("s.REDIS_URL", {"REDIS_URL": "rediss://cache:6380/2"}) == (
        "'rediss://cache:6380/2'"
    )
