"""Shared fixtures. Tests run background tasks immediately and write media to a temp folder."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.redis_dbs import REDIS_URL_FIXTURE_DB

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED_FILE = SHARED / "seeds" / "000_7576158e81c2d592.txt"
TEST_DATA = Path(__file__).resolve().parent / "data"
IN_CI = os.environ.get("CI") == "true"

# Fixtures for the comments tests (readers, moderators, test moderators), and the demo
# loaded once a module (`loaded_demo`).
pytest_plugins = ["tests.support.comment_fixtures", "tests.support.demo_site"]


def worker_redis_location(location: str, worker: str) -> str:
    """The Redis URL a pytest-xdist worker's cache uses: a database index of its own.

    Every test clears the cache; with Redis that empties the whole database, so two workers
    sharing one would wipe each other's rate-limit counters mid-test. Worker gwN takes database
    14 - N, never one of the `processes` tests' or the `redis_url` fixture's
    (tests/support/redis_dbs.py)."""
    from tests.support.redis_dbs import redis_db, xdist_cache_db

    return redis_db(location, xdist_cache_db(worker))


def isolated_settings(current: Any, tmp_path: Path) -> dict[str, Any]:
    """The settings every test runs with, given the current ones (`django.conf.settings` or
    pytest-django's `settings`): tasks run at once, media, narration cache and pages are
    private to `tmp_path`, mail stays in memory, and an xdist worker's Redis cache has a
    database of its own. tests/support/demo_site.py loads the demo once a module with them."""
    caches = dict(current.CACHES)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    default_cache = caches["default"]
    if worker and "redis" in default_cache["BACKEND"].lower():
        caches["default"] = {
            **default_cache,
            "LOCATION": worker_redis_location(default_cache["LOCATION"], worker),
        }
    # The page cache (files under var/ or Redis in production) is private to each test.
    caches["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"pages-{tmp_path}",
    }
    return {
        "CACHES": caches,
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        "MEDIA_ROOT": tmp_path / "media",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Narration speaks with the deterministic fake voice into a private cache; the
        # narration tests switch to the real engines themselves.
        "MASTHEAD": {
            **current.MASTHEAD,
            "NARRATION_ENGINE": "fake",
            "NARRATION_VOICE": "fake",
            "NARRATION_CACHE_DIR": str(tmp_path / "narration-cache"),
        },
    }


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    for name, value in isolated_settings(settings, tmp_path).items():
        setattr(settings, name, value)
    from django.core.cache import cache

    cache.clear()
    yield


class WindowAlignedClock:
    """`time.time` for the rate limits, shifted so that a test starts one second into a day
    (so into a minute, a quarter of an hour and an hour too). The limits count in fixed windows:
    a test's requests must fall in one window however the wall clock lies, or the request a
    test expects refused lands in a fresh window and is allowed (31 likes straddling a minute
    boundary failed CI on 2026-11-30). Real time still passes; only the origin moves."""

    DAY = 86_400

    def __init__(self) -> None:
        real = time.time()
        self.offset = real - (real // self.DAY * self.DAY + 1)

    def time(self) -> float:
        return time.time() - self.offset


@pytest.fixture(autouse=True)
def _rate_windows_open_with_the_test(monkeypatch):  # type: ignore[no-untyped-def]
    from masthead.core import ratelimit

    monkeypatch.setattr(ratelimit, "time", WindowAlignedClock())


# --- Real services (PostgreSQL, Redis) ------------------------------------------------------
# Tests that need a server ask for one of these fixtures. Locally a missing server skips the
# test with the reason; in CI (CI=true) it fails it, so nothing is skipped silently there.
PG_ADMIN_URL = os.environ.get("MASTHEAD_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_TEST_URL = os.environ.get(
    "MASTHEAD_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{REDIS_URL_FIXTURE_DB}"
)


def service_missing(what: str, error: object) -> None:
    message = f"{what} is not reachable ({error})"
    if IN_CI:
        pytest.fail(f"{message}; CI=true requires it")
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """A URL of the machine's PostgreSQL server (its `postgres` database)."""
    import psycopg

    try:
        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
    except Exception as exc:
        service_missing(f"PostgreSQL at {PG_ADMIN_URL}", exc)
    return PG_ADMIN_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A URL of the machine's Redis server (a database index tests may flush)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=3).ping()
    except Exception as exc:
        service_missing(f"Redis at {REDIS_TEST_URL}", exc)
    return REDIS_TEST_URL


@pytest.fixture
def make_section(db):  # type: ignore[no-untyped-def]
    from masthead.articles.models import Section

    def make(name: str = "World", slug: str = "world") -> Section:
        return Section.objects.get_or_create(slug=slug, defaults={"name": name})[0]

    return make


@pytest.fixture
def make_article(db, make_section):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from masthead.articles import actions
    from masthead.articles.models import Article

    counter = {"n": 0}

    def make(**fields: object) -> Article:
        counter["n"] += 1
        defaults: dict[str, object] = {
            "headline": f"Council approves new river crossing {counter['n']}",
            "slug": f"council-river-crossing-{counter['n']}",
            "standfirst": "The bridge will link the two halves of the town by 2029.",
            "source": "Reuters",
            "section": make_section(),
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timezone.timedelta(hours=1),
            "body": "The council voted 9 to 4 for the bridge.\n\n## Cost\n\nIt will cost 40 million pounds.",
        }
        defaults.update(fields)
        return actions.save_article(Article(**defaults))

    return make


# --- Tests the PostgreSQL pass leaves out ---------------------------------------------------
# `own_database` marks a test that runs masthead only on databases and Redis URLs it names
# itself: it does the same whatever the pass's DATABASE_URL, so `make test-postgres` skips it.
# A test that also touches the pass's database cannot be one: that would drop it from the
# PostgreSQL pass for nothing, so such a mark stops the run.
_PASS_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "live_server", "django_db_setup"})


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    wrong = [
        item.nodeid
        for item in items
        if item.get_closest_marker("own_database")
        and (
            item.get_closest_marker("django_db")
            or _PASS_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
    ]
    if wrong:
        raise pytest.UsageError(
            "marked own_database but uses the pass's database (drop the mark): " + ", ".join(wrong)
        )
