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


@pytest.mark.parametrize(
    ("key", "line"),
    [
        (" ", "MASTHEAD_SECRET_KEY must be a long random value, not blank"),
        ("\t \t", "MASTHEAD_SECRET_KEY must be a long random value, not blank"),
        (
            "hunter2",
            "MASTHEAD_SECRET_KEY must be a long random value (at least 32 characters, not a few "
            "repeated); it has 7 characters, 7 different",
        ),
        (
            "ab" * 30,
            "MASTHEAD_SECRET_KEY must be a long random value (at least 32 characters, not a few "
            "repeated); it has 60 characters, 2 different",
        ),
    ],
)
def test_a_blank_short_or_repetitive_secret_key_stops_the_start(tmp_path, key, line):
    """MASTHEAD_SECRET_KEY=" " was taken: every session, CSRF token and password-reset link
    was signed with a space."""
    refused(run_masthead(tmp_path, {"MASTHEAD_SECRET_KEY": key}), line)


def test_an_unset_or_empty_secret_key_is_generated_once_into_var(tmp_path):
    # A whole start (`masthead check`) with none makes one; the later starts, with it unset or
    # empty, and one given a long key, are settings loads (settings are read once, at import),
    # which also show the key each one took: the stored one, not a new one.
    first = run_masthead(tmp_path, {})
    assert first.returncode == 0, first.stderr
    stored = (tmp_path / "var" / "secret_key").read_text()
    assert len(stored) >= 60
    var = {"MASTHEAD_VAR_DIR": str(tmp_path / "var")}
    for env in ({}, {"MASTHEAD_SECRET_KEY": ""}):
        assert settings_value("s.SECRET_KEY", {**var, **env}) == repr(stored)
    assert (tmp_path / "var" / "secret_key").read_text() == stored
    long_key = "scale-out-tests-only-" + "k" * 40
    assert settings_value("s.SECRET_KEY", {**var, "MASTHEAD_SECRET_KEY": long_key}) == repr(
        long_key
    )


def test_an_emptied_generated_key_file_stops_the_start_naming_it(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text("\n")
    path = str(tmp_path / "var" / "secret_key")
    refused(
        run_masthead(tmp_path, {}),
        f"the key in {path!r} (delete the file to make a new one) must be a long random value, "
        "not blank",
    )


DATABASE_RULE = (
    "DATABASE_URL must be an SQLite (sqlite:///PATH) or PostgreSQL "
    "(postgres://USER:PASSWORD@HOST:PORT/NAME) URL"
)


@pytest.mark.parametrize(
    "url", ["postgres://masthead:secret@127.0.0.1:5432/", "postgresql://masthead:secret@db"]
)
def test_a_postgres_url_without_a_database_name_stops_the_start_in_one_line(tmp_path, url):
    """It stopped the first command that used the database with Django's ImproperlyConfigured
    traceback ("Please supply the NAME or OPTIONS['service'] value")."""
    result = run_masthead(tmp_path, {"DATABASE_URL": url}, "migrate", "--check")
    refused(result, f"{DATABASE_RULE}: {url.split('@')[-1]!r} names no database")
    assert "secret" not in result.stderr


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite://var/masthead.sqlite3"]
)
def test_an_sqlite_url_naming_no_file_stops_the_start_instead_of_using_another_database(
    tmp_path, url
):
    """`sqlite://` was a database in memory, which `migrate` filled and lost at exit; with two
    slashes before a relative path (`sqlite://var/x`) the first folder was read as a host and
    dropped, so masthead used (and `migrate` created) ./masthead.sqlite3 instead."""
    result = run_masthead(tmp_path, {"DATABASE_URL": url}, "migrate", "--noinput")
    refused(
        result,
        f"{DATABASE_RULE}: {url!r} names no database file (sqlite:///var/x.sqlite3 is "
        "relative to the working folder, sqlite:////srv/x.sqlite3 absolute)",
    )


def test_sqlite_urls_with_a_relative_or_absolute_file_are_kept(tmp_path):
    relative = {"DATABASE_URL": "sqlite:///var/x.sqlite3"}
    assert settings_value("s.DATABASES['default']['NAME']", relative) == "'var/x.sqlite3'"
    absolute = {"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    assert settings_value("s.DATABASES['default']['NAME']", absolute) == repr(
        f"{tmp_path}/x.sqlite3"
    )


def test_a_var_dir_whose_page_cache_folder_cannot_be_made_stops_the_start_in_one_line(tmp_path):
    """A var/ that exists but cannot be written (read-only, or a file where a folder goes):
    `masthead check` stopped with an OSError traceback from the page cache's makedirs. (A
    read-only mount is the usual case; a file in the way makes it testable as root.)"""
    var = tmp_path / "var"
    var.mkdir()
    (var / "cache").write_text("")
    result = run_masthead(tmp_path, {"REDIS_URL": "", "MASTHEAD_CACHE_PREFIX": "masthead"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f"masthead: error: MASTHEAD_VAR_DIR must be a folder masthead can create and write, "
        f"not {str(var)!r}: the page cache folder '{str(var / 'cache' / 'pages')}/masthead-"
    )
    assert result.stderr.endswith("cannot be written (Not a directory)\n")
    assert result.stderr.count("\n") == 1
