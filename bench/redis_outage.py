"""`python -m bench.redis_outage`: what a Redis outage puts on the database, page by page.

Decision 0011 lets the site run on while Redis is down: every cache read is a miss, so every
page, feed and comment list is built from PostgreSQL, and a logged-in reader's session is read
from the database instead of the session cache. This measures that load against its peer, the
same requests with Redis up, in the same run: PostgreSQL (MASTHEAD_BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432/postgres; the benchmark makes and drops a database of its
own) holding the demo newsroom and a 1,000-comment thread, and for "up" the Redis of
MASTHEAD_BENCH_REDIS_URL (default redis://127.0.0.1:6379/8, under a key prefix of its own),
for "down" a Redis address where nothing listens (connections refused at once; a Redis host
that drops packets costs a process one 1 s timeout every 5 s more, see decision 0011).

Each measurement runs in a fresh process with the environment a web process would have and
sends requests in process (Django's test client: every middleware, the view, the caches, the
database over TCP), as bench/feeds.py does. The modes alternate, run after run, so that load
from other processes falls on both alike. Per page and mode it prints the database queries
per request, the milliseconds per request spent in the database (time inside the driver's
calls, as the web process sees it), wall-clock and CPU milliseconds per request, the medians
over runs, and the ratio down / up.

    flock /tmp/masthead-bench.lock .venv/bin/python -m bench.redis_outage [--requests 50] [--runs 5]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.scratch import admin_connection, run, scratch_database

REPO = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("MASTHEAD_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("MASTHEAD_BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
DATABASE = "masthead_bench_redis_outage"
PREFIX = "bench-redis-outage"
THREAD_COMMENTS = 1000
MODES = ("up", "down")


def bench_env(database_url: str, redis_url: str, folder: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MASTHEAD_", "PROMETHEUS_", "DJANGO_"))
        and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        MASTHEAD_CACHE_PREFIX=PREFIX,
        MASTHEAD_VAR_DIR=str(folder),
        MASTHEAD_SECRET_KEY="bench-only-secret-" + "x" * 40,
        MASTHEAD_LOG_LEVEL="ERROR",
        MASTHEAD_ALLOWED_HOSTS="testserver",
        MASTHEAD_NARRATION_ON_PUBLISH="false",
        MASTHEAD_DB_CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="masthead.settings",
        PYTHONPATH=str(REPO),
    )
    return env


def refused_redis_url() -> str:
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def postgres_database() -> contextlib.AbstractContextManager[str]:
    return scratch_database(admin_connection(PG_ADMIN), PG_ADMIN, DATABASE)


def cpu_model() -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        for line in subprocess.run(
            ["lscpu"], capture_output=True, text=True, check=False
        ).stdout.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


# --- In the measuring process -------------------------------------------------------------


def seed() -> None:
    """The demo newsroom is loaded before; add a 1,000-comment thread to its latest story."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from bench.load.seed_masthead import insert_rows
    from masthead.comments import text as comment_text
    from masthead.comments.demo import DEMO_READER_EMAIL
    from masthead.comments.models import Comment

    article = latest_article()
    author = get_user_model().objects.get(email=DEMO_READER_EMAIL)
    words = "the new timetable should keep the late bus to the hospital."
    html = comment_text.render(f"Comment 7777777: {words}")
    prototype = Comment(
        article=article,
        author=author,
        text="",
        status=Comment.Status.PUBLISHED,
        decision=Comment.Decision.PUBLISH,
        model_version="bench-seed",
    )
    start = article.published_at

    insert_rows(
        prototype,
        (
            {
                "text": f"Comment {i}: {words}",
                "html": html.replace("7777777", str(i)),
                "created_at": (created := start + dt.timedelta(seconds=60 + i)),
                "updated_at": created,
                "published_at": created,
                "moderated_at": created,
            }
            for i in range(THREAD_COMMENTS)
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def latest_article() -> Any:
    from masthead.articles.models import Article

    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .select_related("section")
        .order_by("-published_at")
        .first()
    )


class QueryMeter:
    """Counts the queries a request sends and the time spent in them (connection wrapper)."""

    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def measure(mode: str, requests: int, show_queries: bool) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from masthead.comments.demo import DEMO_READER_EMAIL

    article = latest_article()
    anonymous = Client()
    reader = Client()
    reader.force_login(get_user_model().objects.get(email=DEMO_READER_EMAIL))
    pages = {
        "front page": (anonymous, "/"),
        "section page": (anonymous, f"/section/{article.section.slug}/"),
        "article page": (anonymous, f"/news/{article.slug}/"),
        "article page, logged-in reader": (reader, f"/news/{article.slug}/"),
        "RSS feed": (anonymous, "/feeds/rss/"),
        "comments, first page of 1,000": (anonymous, f"/api/articles/{article.pk}/comments"),
    }
    redis_up = mode == "up"
    if redis_up:
        for alias in ("default", "pages"):
            caches[alias].ping()  # type: ignore[attr-defined]
    meter = QueryMeter()
    results = {}
    with connection.execute_wrapper(meter):
        for name, (client, path) in pages.items():
            for _ in range(5):  # warm up: templates, connections, and with Redis the cached copy
                status = client.get(path).status_code
                assert status == 200, f"{path}: {status}"
            meter.queries, meter.seconds = 0, 0.0
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(requests):
                client.get(path)
            results[name] = {
                "path": path,
                "queries": meter.queries / requests,
                "db_ms": meter.seconds / requests * 1000,
                "wall_ms": (time.perf_counter() - started) / requests * 1000,
                "cpu_ms": (time.process_time() - started_cpu) / requests * 1000,
            }
            if show_queries:
                with CaptureQueriesContext(connection) as captured:
                    client.get(path)
                results[name]["sql"] = [
                    f"{float(q['time']) * 1000:7.2f} ms  {q['sql'][:150]}" for q in captured
                ]
    if not redis_up:
        from masthead.core import rediscache

        assert rediscache.breaker.down_since is not None, "Redis answered in the 'down' run"
    print(json.dumps(results))


# --- The driver ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.redis_outage", description=__doc__)
    parser.add_argument("--requests", type=int, default=50, help="requests per page and run")
    parser.add_argument("--runs", type=int, default=5, help="runs of each mode, alternating")
    parser.add_argument("--measure", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--show-queries", action="store_true", help="print one request's SQL a page and mode"
    )
    args = parser.parse_args(argv)
    if args.seed:
        seed()
        return 0
    if args.measure:
        measure(args.measure, args.requests, args.show_queries)
        return 0
    if not 1 <= args.requests <= 10_000 or not 1 <= args.runs <= 50:
        print("--requests must be 1 to 10,000 and --runs 1 to 50", file=sys.stderr)
        return 2
    import tempfile

    import redis

    started = time.monotonic()
    print(
        f"bench/redis_outage on {platform.node()}: {cpu_model()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; {args.runs} runs x {args.requests} requests a "
        "page and mode, in process, PostgreSQL over TCP",
        flush=True,
    )
    print("load average at start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    shared = redis.Redis.from_url(REDIS)
    with tempfile.TemporaryDirectory(prefix="redis-outage-") as folder, postgres_database() as db:
        env_up = bench_env(db, REDIS, Path(folder))
        env_down = bench_env(db, refused_redis_url(), Path(folder))
        python = [sys.executable, "-m"]
        run([*python, "masthead.cli", "migrate", "--noinput", "-v", "0"], env_down)
        run([*python, "masthead.cli", "demo"], env_down)
        run([*python, "bench.redis_outage", "--seed"], env_down)
        runs: dict[str, list[dict[str, dict[str, Any]]]] = {mode: [] for mode in MODES}
        try:
            for _ in range(args.runs):
                for mode in MODES:
                    if mode == "up":
                        for key in shared.scan_iter(f"{PREFIX}:*"):
                            shared.delete(key)  # each "up" run warms its own cache
                    command = [*python, "bench.redis_outage", "--measure", mode]
                    command += ["--requests", str(args.requests)]
                    command += ["--show-queries"] if args.show_queries else []
                    out = run(command, env_up if mode == "up" else env_down)
                    runs[mode].append(json.loads(out.splitlines()[-1]))
        finally:
            for key in shared.scan_iter(f"{PREFIX}:*"):
                shared.delete(key)
    report(runs)
    if args.show_queries:
        for page in runs["up"][0]:
            for mode in MODES:
                print(f"\n{page}, Redis {mode}, one request's queries (first run):")
                print("\n".join(runs[mode][0][page]["sql"]))
    print("load average at end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{time.monotonic() - started:.0f} s in all")
    return 0


def report(runs: dict[str, list[dict[str, dict[str, Any]]]]) -> None:
    def median(mode: str, page: str, figure: str) -> float:
        return statistics.median(run[page][figure] for run in runs[mode])

    pages = list(runs["up"][0])
    print("\nPer request, medians over runs (Redis up -> Redis down, and down / up):")
    header = f"{'page':<32}{'queries':>22}{'db ms':>26}{'wall ms':>26}{'cpu ms':>26}"
    print(header)
    for page in pages:
        cells = []
        for figure, digits in (("queries", 1), ("db_ms", 2), ("wall_ms", 2), ("cpu_ms", 2)):
            up, down = median("up", page, figure), median("down", page, figure)
            ratio = f"x{down / up:.1f}" if up > 0 else "(from 0)"
            width = 22 if figure == "queries" else 26
            cells.append(f"{up:.{digits}f} -> {down:.{digits}f} {ratio}".rjust(width))
        print(f"{page:<32}" + "".join(cells))
    print("\nEach run's wall ms per request (up | down):")
    for page in pages:
        ups = " ".join(f"{run[page]['wall_ms']:.2f}" for run in runs["up"])
        downs = " ".join(f"{run[page]['wall_ms']:.2f}" for run in runs["down"])
        print(f"  {page:<34} {ups} | {downs}")


if __name__ == "__main__":
    sys.exit(main())
