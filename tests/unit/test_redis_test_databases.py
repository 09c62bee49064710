"""The tests' databases on the machine's Redis server never meet: a pytest-xdist worker's cache
(emptied by every test), the `processes` tests' queues and caches (emptied before and after),
the `redis_url` fixture's. Until 2026-11-30 the `processes` tests flushed databases 11 to 14,
the caches of workers gw3 to gw0 (14 minus the worker's number), so a run of both at once
could empty a worker's cache in the middle of a test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.redis_dbs import (
    BENCH_DB,
    PROCESSES_DBS,
    REDIS_URL_FIXTURE_DB,
    XDIST_CACHE_DBS,
    processes_redis_url,
    xdist_cache_db,
)

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
# A database number of the machine's Redis server written into a test, other than through
# tests/support/redis_dbs.py
NAMED_BY_NUMBER = [
    re.compile(r"redis_db\(\s*[^,()]+,\s*(\d+)\s*\)"),
    re.compile(r"(?:127\.0\.0\.1|localhost):6379/(\d+)"),
    re.compile(r"\bdb\s*=\s*(\d+)"),
    re.compile(r"^\s*\w*_DB\s*=\s*(\d+)\b", re.MULTILINE),  # QUEUE_DB = 9
]
# Files that write such a number and never connect to it.
NEVER_CONNECTED = {
    # the number only goes into the arguments a connection pool would connect with
    "tests/integration/test_rq_connect_timeout.py",
}


def test_the_xdist_workers_the_processes_tests_and_the_fixture_have_databases_apart():
    workers = [xdist_cache_db(f"gw{number}") for number in range(len(XDIST_CACHE_DBS))]
    processes = list(PROCESSES_DBS.values())
    assert len(set(workers)) == len(workers)
    assert len(set(processes)) == len(processes)  # one each: they may run at once (-n)
    assert not set(workers) & set(processes)
    assert REDIS_URL_FIXTURE_DB not in {*workers, *processes}
    assert BENCH_DB not in {*workers, *processes, REDIS_URL_FIXTURE_DB}
    assert 0 not in {*workers, *processes, REDIS_URL_FIXTURE_DB}  # a developer's own site's
    assert {*workers, *processes, REDIS_URL_FIXTURE_DB} <= set(range(16))  # Redis has 16


def test_a_worker_past_the_last_database_is_refused_not_given_another_ones():
    with pytest.raises(RuntimeError, match="at most 6 test workers"):
        xdist_cache_db(f"gw{len(XDIST_CACHE_DBS)}")


def test_a_processes_test_module_without_a_database_of_its_own_is_refused():
    with pytest.raises(LookupError, match="add it to PROCESSES_DBS"):
        processes_redis_url("redis://127.0.0.1:6379/15", "tests.integration.test_new")
    assert processes_redis_url("redis://127.0.0.1:6379/15?x=1", next(iter(PROCESSES_DBS))) == (
        f"redis://127.0.0.1:6379/{next(iter(PROCESSES_DBS.values()))}?x=1"
    )


def _test_sources() -> dict[str, str]:
    """Every test module and helper but this one and tests/support/redis_dbs.py."""
    return {
        str(path.relative_to(REPO)): path.read_text()
        for path in sorted(TESTS.rglob("*.py"))
        if path.parts[-2:] != ("support", "redis_dbs.py") and path != Path(__file__).resolve()
    }


def test_no_test_names_a_redis_database_by_number():
    named = {
        (name, int(match.group(1)))
        for name, source in _test_sources().items()
        if name not in NEVER_CONNECTED
        for pattern in NAMED_BY_NUMBER
        for match in pattern.finditer(source)
    }
    assert named == set(), "use tests/support/redis_dbs.py (processes_redis_url)"


def test_every_module_that_asks_for_a_processes_database_has_its_own_and_none_is_left_over():
    asking = {
        name.removesuffix(".py").replace("/", ".")
        for name, source in _test_sources().items()
        if "processes_redis_url(redis_url, __name__)" in source
    }
    assert asking == set(PROCESSES_DBS)


def test_the_postgresql_pass_caches_in_the_fixtures_database_when_run_in_one_process():
    # `make test-postgres` sets REDIS_URL to REDIS_TEST_URL; xdist workers move off it
    makefile = (REPO / "Makefile").read_text()
    url = re.search(r"^REDIS_TEST_URL \?= redis://[^/\s]+/(\d+)$", makefile, re.MULTILINE)
    assert url is not None
    assert int(url.group(1)) == REDIS_URL_FIXTURE_DB


def test_the_cache_of_an_xdist_worker_is_moved_to_its_database():
    from tests.conftest import worker_redis_location

    moved = worker_redis_location("redis://127.0.0.1:6379/15?socket_timeout=2", "gw1")
    assert moved == "redis://127.0.0.1:6379/13?socket_timeout=2"
    assert xdist_cache_db("gw1") == 13 and 13 not in PROCESSES_DBS.values()


def test_the_benchmarks_default_redis_database_is_the_one_kept_for_them():
    """bench/load empties its Redis database; it defaulted to 12, the cache of xdist worker gw2,
    so a test run beside a benchmark lost its cache or wiped the benchmark's keys."""
    root = Path(__file__).resolve().parents[2]
    for path in ("bench/load/__main__.py", "bench/redis_outage.py", "Makefile"):
        text = (root / path).read_text()
        defaults = re.findall(
            r"MASTHEAD_BENCH_REDIS_URL\", \"redis://127\.0\.0\.1:6379/(\d+)", text
        )
        assert defaults and {int(db) for db in defaults} == {BENCH_DB}, path
