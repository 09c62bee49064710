"""Which database of the machine's Redis server each kind of test uses, so that none empties
another's. Every test clears its cache, which with Redis empties the whole database, and the
tests marked `processes` empty their queue's or cache's database before and after.

- 15: the `redis_url` fixture's URL (tests/conftest.py), which the PostgreSQL pass also sets as
  REDIS_URL: the cache of a test run in one process;
- 14, 13, ... 9: the cache of pytest-xdist worker gw0, gw1, ... gw5 (14 minus its number);
- 8: the benchmarks' (bench/load, bench/redis_outage.py: MASTHEAD_BENCH_REDIS_URL's default),
  which empty it: a test run beside a benchmark must not share it;
- 1 ... 7: the tests marked `processes`, one database a module (their servers' and workers'
  cache and queue), so that they may run beside a parallel run, or in one (`pytest -n`);
- 0 is left alone: it is where a Redis URL without a number points, a developer's own site.

tests/unit/test_redis_test_databases.py checks that these never meet, and that no test names a
database of the machine's Redis server other than through this module.
"""

from __future__ import annotations

from tests.scaleout_support import redis_db

REDIS_URL_FIXTURE_DB = 15
XDIST_CACHE_DBS = range(14, 8, -1)  # gw0, gw1, ...: 14, 13, ...
BENCH_DB = 8  # bench/load and bench/redis_outage.py
PROCESSES_DBS = {
    "tests.integration.test_rq_dead_worker_here": 1,
    "tests.integration.test_rq_worker_start_recovery": 2,
    "tests.integration.test_scaleout_feeds_processes": 3,
    "tests.integration.test_scaleout_redis": 4,
    "tests.integration.test_scaleout_web_faults": 5,
    "tests.integration.test_scaleout_workers": 6,
    "tests.integration.test_task_requeue_on_stop": 7,
}


def xdist_cache_db(worker: str) -> int:
    """The database of pytest-xdist worker `worker` ("gw0", "gw1", ...)."""
    number = int(worker.removeprefix("gw"))
    if number >= len(XDIST_CACHE_DBS):
        raise RuntimeError(
            f"at most {len(XDIST_CACHE_DBS)} test workers share one Redis server, not "
            f"{number + 1} (tests/support/redis_dbs.py)"
        )
    return XDIST_CACHE_DBS[number]


def processes_redis_url(redis_url: str, module: str) -> str:
    """The database of the `processes` test module `module` (its `__name__`) on the server of
    `redis_url` (the fixture's)."""
    try:
        index = PROCESSES_DBS[module]
    except KeyError:
        raise LookupError(
            f"{module} has no Redis database of its own: add it to PROCESSES_DBS in "
            "tests/support/redis_dbs.py"
        ) from None
    return redis_db(redis_url, index)
