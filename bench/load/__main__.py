"""`python -m bench.load`: masthead under load, on SQLite and on PostgreSQL, beside Isso.

Everything runs on this machine over loopback. Both servers run under gunicorn with the same
process and thread counts; one closed-loop client with the same concurrency drives each
scenario, which stops after --duration seconds or --max-requests requests.

Scenarios:
  article page views (masthead)
  posting a comment: masthead with its moderation inline (the real models), Isso without any
  listing a 1,000-comment thread: masthead's first page (keyset pagination) and Isso's whole
    thread as its own client asks for it, and Isso's first 20 (limit=20) like for like
  first page of a 100,000-comment thread against a 100-comment one (keyset pagination)

Prints requests per second and p50/p99 latency for each, and masthead's ratios to Isso.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.load import isso_peer
from bench.load.loadgen import LoadResult, run_load
from bench.load.procs import Server, free_port, start_server
from bench.scratch import admin_connection, run, scratch_database

REPO = Path(__file__).resolve().parent.parent.parent
VAR = Path(os.environ.get("MASTHEAD_VAR_DIR", REPO / "var")) / "bench"
PG_ADMIN = os.environ.get("MASTHEAD_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("MASTHEAD_BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
WORKERS, THREADS = 2, 4


def masthead_env(folder: Path, database_url: str, redis_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MASTHEAD_", "PROMETHEUS_", "DJANGO_"))
        and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DATABASE_URL=database_url,
        MASTHEAD_VAR_DIR=str(folder),
        MASTHEAD_SECRET_KEY="bench-only-secret-" + "x" * 40,
        MASTHEAD_LOG_LEVEL="WARNING",
        MASTHEAD_NARRATION_ON_PUBLISH="false",
        # One client posts everything: the per-reader and per-address limits would stop it.
        MASTHEAD_COMMENT_RATE_PER_READER="1000000/60",
        MASTHEAD_COMMENT_RATE_PER_IP="1000000/60",
        MASTHEAD_DB_CONN_MAX_AGE="60",
        PYTHONPATH=str(REPO),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["MASTHEAD_TASKS_BACKEND"] = "rq"
    return env


@contextlib.contextmanager
def postgres_database() -> Iterator[str | None]:
    try:
        admin = admin_connection(PG_ADMIN)
    except Exception as exc:
        print(f"PostgreSQL not reachable ({exc}): PostgreSQL run skipped", file=sys.stderr)
        yield None
        return
    with scratch_database(admin, PG_ADMIN, "masthead_bench_load") as url:
        yield url


def start_masthead(env: dict[str, str], folder: Path) -> tuple[Server, dict[str, object]]:
    run([sys.executable, "-m", "masthead.cli", "migrate", "--noinput", "-v", "0"], env)
    seeded = json.loads(
        run([sys.executable, "-m", "bench.load.seed_masthead"], env).splitlines()[-1]
    )
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "masthead.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
    ]  # fmt: skip
    server = start_server("masthead", command, env, port, folder / "gunicorn.log", "/healthz")
    return server, seeded


def masthead_scenarios(
    server: Server, seeded: dict[str, object], label: str, duration: float, cap: int
) -> dict[str, LoadResult]:
    articles = seeded["articles"]
    sessions = seeded["sessions"]
    assert isinstance(articles, dict) and isinstance(sessions, list)
    port = server.port

    def get(path: str) -> isso_peer.RequestFactory:
        return lambda _i: ("GET", path, None, {})

    def post(index: int) -> tuple[str, str, bytes, dict[str, str]]:
        session, csrf = sessions[index % len(sessions)]
        body = json.dumps(
            {
                "text": f"Reader view {index}: the crossing should have a cycle lane, "
                "and the council ought to publish the cost of maintaining it."
            }
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
        }
        return "POST", f"/api/articles/{articles['posting']}/comments", body, headers

    def get_logged_in(path: str) -> isso_peer.RequestFactory:
        # A session cookie: the page cache is bypassed, every request runs the query.
        def factory(index: int) -> tuple[str, str, None, dict[str, str]]:
            session, _ = sessions[index % len(sessions)]
            return "GET", path, None, {"Cookie": f"sessionid={session}"}

        return factory

    list_path = "/api/articles/{}/comments?sort=oldest"
    scenarios = {
        "article page": (get("/news/thread-1000/"), (200,)),
        "list 1,000-comment thread (first page)": (
            get(list_path.format(articles["thread-1000"])),
            (200,),
        ),
        "list 100-comment thread (first page)": (
            get(list_path.format(articles["thread-100"])),
            (200,),
        ),
        "list 100,000-comment thread (first page)": (
            get(list_path.format(articles["thread-100000"])),
            (200,),
        ),
        "list 1,000-comment thread (first page, logged in: not cached)": (
            get_logged_in(list_path.format(articles["thread-1000"])),
            (200,),
        ),
        "list 100-comment thread (first page, not cached)": (
            get_logged_in(list_path.format(articles["thread-100"])),
            (200,),
        ),
        "list 100,000-comment thread (first page, not cached)": (
            get_logged_in(list_path.format(articles["thread-100000"])),
            (200,),
        ),
        "post a comment (moderation inline)": (post, (201,)),
    }
    # Warm up: each gunicorn process loads templates and the moderation models once.
    for name, (factory, ok) in scenarios.items():
        run_load(f"warm-up {name}", port, factory, concurrency=WORKERS * THREADS, duration=3,
                 max_requests=WORKERS * THREADS * 2, ok_statuses=ok)  # fmt: skip
    results = {}
    for name, (factory, ok) in scenarios.items():
        result = run_load(f"masthead {label}: {name}", port, factory, duration=duration,
                          max_requests=cap, ok_statuses=ok)  # fmt: skip
        print(result.line(), flush=True)
        results[name] = result
    return results


def isso_scenarios(folder: Path, duration: float, cap: int) -> dict[str, LoadResult]:
    python = isso_peer.ensure_venv(VAR)
    port = free_port()
    server = isso_peer.start(python, folder, port, WORKERS, THREADS)
    try:
        scenarios = {
            "list 1,000-comment thread (whole thread)": (
                lambda _i: ("GET", "/?uri=/news/thread-1000/", None, {}),
                (200,),
            ),
            "list 1,000-comment thread (first 20)": (
                lambda _i: ("GET", "/?uri=/news/thread-1000/&limit=20&nested_limit=5", None, {}),
                (200,),
            ),
            "post a comment": (
                lambda i: (
                    "POST",
                    "/new?uri=/news/posting/",
                    isso_peer.post_body(i),
                    {"Content-Type": "application/json"},
                ),
                (201,),
            ),
        }
        for factory, ok in scenarios.values():
            run_load("warm-up", port, factory, duration=2, max_requests=8, ok_statuses=ok)
        results = {}
        for name, (factory, ok) in scenarios.items():
            result = run_load(f"isso {isso_peer.ISSO_VERSION}: {name}", port, factory,
                              duration=duration, max_requests=cap, ok_statuses=ok)  # fmt: skip
            print(result.line(), flush=True)
            results[name] = result
        return results
    finally:
        server.stop()


def ratio_line(label: str, ours: LoadResult, theirs: LoadResult) -> str:
    return (
        f"{label:<62} throughput x{ours.rps / theirs.rps:6.2f}   "
        f"p50 x{ours.p50 / theirs.p50:6.2f}   p99 x{ours.p99 / theirs.p99:6.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per scenario")
    parser.add_argument("--max-requests", type=int, default=2000, help="requests per scenario")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 60 or not 0 < args.max_requests <= 20000:
        print("--duration must be in (0, 60] and --max-requests in (0, 20000]", file=sys.stderr)
        return 2
    VAR.mkdir(parents=True, exist_ok=True)
    print(f"bench/load on {platform.node()}: {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, gunicorn {WORKERS} processes x {THREADS} threads, "
          f"client concurrency 8, at most {args.duration:g} s / {args.max_requests} requests "
          "per scenario", flush=True)  # fmt: skip
    print("load average at start (other processes on this machine): "
          + " ".join(f"{x:.1f}" for x in os.getloadavg()), flush=True)  # fmt: skip
    all_results: dict[str, dict[str, LoadResult]] = {}
    work = Path(tempfile.mkdtemp(prefix="load-", dir=VAR))
    started = time.monotonic()
    try:
        isso_folder = work / "isso"
        isso_folder.mkdir()
        all_results["isso"] = isso_scenarios(isso_folder, args.duration, args.max_requests)
        for database in args.databases.split(","):
            folder = work / database
            folder.mkdir()
            if database == "sqlite":
                context: contextlib.AbstractContextManager[str | None] = contextlib.nullcontext(
                    f"sqlite:///{folder / 'masthead.sqlite3'}"
                )
                redis_url = ""
            elif database == "postgresql":
                context = postgres_database()
                redis_url = REDIS
            else:
                print(f"unknown database {database!r}", file=sys.stderr)
                return 2
            with context as database_url:
                if database_url is None:
                    continue
                if redis_url:
                    import redis

                    redis.Redis.from_url(redis_url).flushdb()
                env = masthead_env(folder, database_url, redis_url)
                server, seeded = start_masthead(env, folder)
                try:
                    all_results[database] = masthead_scenarios(
                        server, seeded, database, args.duration, args.max_requests
                    )
                finally:
                    server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nRatios to Isso {isso_peer.ISSO_VERSION} (throughput: higher is better for masthead; "
          "latency: lower is better)")  # fmt: skip
    isso = all_results["isso"]
    for database, results in all_results.items():
        if database == "isso":
            continue
        print(ratio_line(f"{database}: post a comment", results["post a comment (moderation inline)"], isso["post a comment"]))  # fmt: skip
        for label, key in (("cached", "list 1,000-comment thread (first page)"),
                           ("not cached", "list 1,000-comment thread (first page, logged in: not cached)")):  # fmt: skip
            listing = results[key]
            print(ratio_line(f"{database}: list 1,000 ({label}) vs Isso whole thread", listing, isso["list 1,000-comment thread (whole thread)"]))  # fmt: skip
            print(ratio_line(f"{database}: list 1,000 ({label}) vs Isso first 20", listing, isso["list 1,000-comment thread (first 20)"]))  # fmt: skip
        for label, suffix in (("cached", ")"), ("not cached", ", not cached)")):
            big = results[f"list 100,000-comment thread (first page{suffix}"]
            small = results[f"list 100-comment thread (first page{suffix}"]
            print(f"{database}: first page of 100,000 vs 100 comments ({label}): "
                  f"p50 x{big.p50 / small.p50:.2f}, throughput x{big.rps / small.rps:.2f}")  # fmt: skip
    summary = {
        database: {
            name: {
                "rps": round(r.rps, 1),
                "p50_ms": round(r.p50, 1),
                "p99_ms": round(r.p99, 1),
                "ok": r.ok,
                "requests": r.requests,
            }  # fmt: skip
            for name, r in results.items()
        }
        for database, results in all_results.items()
    }
    out = VAR / "load-results.json"
    out.write_text(json.dumps(summary, indent=2))
    print(f"\n{time.monotonic() - started:.0f} s in all; results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
