"""Time to answer feed requests, in process (Django's test client: every middleware, the
view, the page cache), against the database and page cache the environment names.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 MASTHEAD_VAR_DIR=/tmp/demo \\
        python bench/feeds.py /feeds/rss/ /feeds/podcast.xml [--requests 300] [--runs 5] [--miss]

For each path, prints the milliseconds per request of each run, wall clock and this process's
CPU time (which a busy machine disturbs far less), and their medians. `--miss` makes every
cached feed stale before each request (as a save would), so each one is built and stored: the
cost of the first request after a change. Run it from an export of the commit to compare
(PYTHONPATH=<export>) against the same copy of a database (docs/benchmarks.md, "Feeds: cached
against built on every request" and "The podcast feed, cached").
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable


def measure(
    get: Callable[[], object], before_each: Callable[[], None], requests: int, runs: int
) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(runs):
        spent, spent_cpu = 0.0, 0.0
        for _ in range(requests):
            before_each()  # not timed
            started, started_cpu = time.perf_counter(), time.process_time()
            get()
            spent += time.perf_counter() - started
            spent_cpu += time.process_time() - started_cpu
        wall.append(spent / requests * 1000)
        cpu.append(spent_cpu / requests * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--miss", action="store_true", help="make the feeds stale before every request"
    )
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    os.environ.setdefault("MASTHEAD_ALLOWED_HOSTS", "testserver")

    import django

    django.setup()
    from django.test import Client

    import masthead

    def stale() -> None:
        # Every version a feed's key may hold: the one all feeds share, and (since the podcast
        # was cached) the podcast's. An older tree has only the first.
        from masthead.core import feeds

        feeds.bump_feeds()
        if "podcast" in getattr(feeds, "_watched_groups", ()):
            feeds.bump_feeds("podcast")

    before_each = stale if options.miss else (lambda: None)
    client = Client()
    for path in options.paths:
        for _ in range(10):  # warm up: imports, connections, the first (cached) copy
            assert client.get(path).status_code == 200, path
        wall, cpu = measure(
            lambda path=path: client.get(path), before_each, options.requests, options.runs
        )
        print(
            os.path.dirname(masthead.__file__),
            path,
            "miss" if options.miss else "repeat",
            "ms/request wall:",
            [round(ms, 3) for ms in wall],
            "median",
            round(statistics.median(wall), 3),
            "cpu:",
            [round(ms, 3) for ms in cpu],
            "median",
            round(statistics.median(cpu), 3),
        )


if __name__ == "__main__":
    main()
