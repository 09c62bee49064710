"""Time to answer one feed request, in process (Django's test client: every middleware, the
view, the page cache), against the database and page cache the environment names.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 MASTHEAD_VAR_DIR=/tmp/demo \\
        python bench/feeds.py /feeds/rss/ [--requests 300] [--runs 5]

Prints the milliseconds per request of each run, wall clock and this process's CPU time (which
a busy machine disturbs far less), and their medians. Run it from an export of
the commit to compare (PYTHONPATH=<export>) against the same copy of a database
(docs/benchmarks.md, "Feeds: cached against built on every request").
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    os.environ.setdefault("MASTHEAD_ALLOWED_HOSTS", "testserver")

    import django

    django.setup()
    from django.test import Client

    import masthead

    client = Client()
    for _ in range(10):  # warm up: imports, connections, the first (cached) copy
        assert client.get(options.path).status_code == 200
    wall, cpu = [], []
    for _ in range(options.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        for _ in range(options.requests):
            client.get(options.path)
        wall.append((time.perf_counter() - started) / options.requests * 1000)
        cpu.append((time.process_time() - started_cpu) / options.requests * 1000)
    print(
        os.path.dirname(masthead.__file__),
        options.path,
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
