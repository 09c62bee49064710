"""Benchmark the stats page and its "Thresholds: what if" page on a big site.

    flock /tmp/masthead-bench.lock python -m bench.whatif [--comments 20000 200000] [--fresh]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--drop]

Seeds, once per size, a private SQLite database under /tmp (never the repository's var/), or,
with `--database-url` naming a PostgreSQL server, a scratch database of its own on that server
(`masthead_bench_whatif_<N>_v<version>`, created here, kept for the next run like the SQLite
file; `--fresh` drops and seeds it again, `--drop` drops it at the end; never the test suite's
database): N comments over the 90 days before today's local midnight (so a seed made any time
today holds the same rows, and SQLite and PostgreSQL give the same digests) with automatic verdicts (audit entries carrying scores, as
`receivers.record_verdict` writes them), drawn so that acceptable comments score mostly low and
rejected ones mostly high against the shipped thresholds; moderators' decisions on 90% of the
held comments, and a 5% audit sample of the published ones, 90% of it reviewed. Bulk inserts
(`bench.load.seed_masthead.insert_rows`), a fixed seed: the same rows on every run.

Then, per window (14 and 90 days): the stats page (`GET /moderation/stats/?days=N`, test client,
logged in as a moderation lead), the thresholds page (`GET /moderation/stats/thresholds/?days=N`,
"Thresholds: what if", a page of its own since 2026-11-29), the stats figures alone
(`stats.compute`) and the what-if alone (`calibration.what_if`): median of 3 after a warm-up;
each page's query count and peak Python allocation (tracemalloc, a separate run); and digests of
the what-if report's figures (`whatif.as_dict`) and of `stats.compute`'s result, so a change that
must keep the figures can be checked by comparing digests.
A database seeded by an earlier run is first migrated (`migrate_s`: an index added since is built
then). Each size runs in its own process (its own DATABASE_URL). Prints one JSON line per size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEED = 20261129
SEED_VERSION = "2"  # change when the seeded rows change, so cached databases are rebuilt
DAYS = 90
WINDOWS = (14, 90)
THRESHOLDS = {"abuse": 0.22, "abuse_trusted": 0.52, "off_topic": 0.8514, "spam": 0.9047}


def db_path(n: int) -> Path:
    return Path(f"/tmp/masthead-bench-whatif-{n}-v{SEED_VERSION}.sqlite3")  # noqa: S108 - a private throwaway database


def pg_name(n: int) -> str:
    return f"masthead_bench_whatif_{n}_v{SEED_VERSION}"


def _clip(x: float) -> float:
    return round(min(0.999, max(0.001, x)), 4)


def plan(rng: Any, trusted: bool) -> tuple[bool, dict[str, float], list[str], str]:
    """(acceptable, scores, reasons, first decision) of one comment, as a real model's verdicts
    spread: acceptable comments mostly low, rejected ones mostly high, with overlap."""
    acceptable = rng.random() < 0.88
    if acceptable:
        scores = {
            "abuse": _clip(rng.betavariate(1.2, 9)),
            "off_topic": _clip(rng.betavariate(2, 5)),
            "spam": _clip(rng.betavariate(1, 20)),
        }
    else:
        kind = rng.random()
        scores = {
            "abuse": _clip(rng.betavariate(4, 3) if kind < 0.7 else rng.betavariate(1.5, 6)),
            "off_topic": _clip(
                rng.betavariate(5, 2) if 0.7 <= kind < 0.85 else rng.betavariate(2, 4)
            ),
            "spam": _clip(rng.betavariate(8, 1) if kind >= 0.85 else rng.betavariate(1, 15)),
        }
    reasons: list[str] = []
    abuse_at = THRESHOLDS["abuse_trusted"] if trusted else THRESHOLDS["abuse"]
    if scores["abuse"] >= abuse_at:
        reasons.append("abusive")
    if scores["off_topic"] >= THRESHOLDS["off_topic"]:
        reasons.append("off_topic")
    if scores["spam"] >= THRESHOLDS["spam"]:
        reasons.append("spam")
    roll = rng.random()
    if roll < 0.02:
        reasons.append("suspect_word")  # a rule no threshold controls
    elif roll < 0.04:
        reasons.append("first_comment")  # pre-moderation
    if scores["spam"] >= 0.985 or (not acceptable and roll > 0.99):
        decision = "reject"
        reasons.append("banned_word" if not reasons else "")
        reasons = [r for r in reasons if r]
    else:
        decision = "hold" if reasons else "publish"
    return acceptable, scores, reasons, decision


def seed(n: int) -> None:
    import datetime as dt
    import random
    import uuid

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.load.seed_masthead import insert_rows
    from masthead.articles.models import Article, Section
    from masthead.comments.models import Comment, ReaderProfile
    from masthead.dashboard import roles
    from masthead.dashboard.models import AuditEntry, AuditSample, WorkspaceSettings
    from masthead.moderation import actions as moderation

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(SEED)
    users = get_user_model()
    groups = roles.ensure_roles()
    lead = users.objects.create_user("lead", password=None, is_staff=True)
    lead.groups.add(groups["Moderation leads"])
    moderator = users.objects.create_user("moderator", password=None, is_staff=True)
    moderator.groups.add(groups["Moderators"])
    readers = []
    for i in range(200):
        user = users.objects.create_user(f"reader{i}", email=f"r{i}@bench.invalid")
        ReaderProfile.objects.create(user=user, display_name=f"Reader {i}", trusted=i < 10)
        readers.append(user)
    moderation.update_policy(
        abuse_threshold=THRESHOLDS["abuse"],
        abuse_threshold_trusted=THRESHOLDS["abuse_trusted"],
        off_topic_threshold=THRESHOLDS["off_topic"],
        spam_threshold=THRESHOLDS["spam"],
    )
    WorkspaceSettings.objects.update_or_create(pk=1, defaults={"audit_sample_rate": 0.05})
    section, _ = Section.objects.get_or_create(slug="city", defaults={"name": "City"})
    # Local midnight, not now: the windows are whole local days, so every seed made today puts
    # the same comments in them (and the same digests on SQLite and PostgreSQL).
    now = dt.datetime.combine(
        timezone.localdate(), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    article = Article.objects.create(
        headline="Council approves the new river crossing",
        slug="river-crossing",
        standfirst="The bridge will link both halves of the town by 2029.",
        section=section,
        status=Article.Status.PUBLISHED,
        published_at=now - dt.timedelta(days=DAYS + 1),
        body="The council voted 9 to 4 for the bridge on Tuesday.",
    )
    plans = []
    for _ in range(n):
        reader = rng.randrange(len(readers))
        acceptable, scores, reasons, decision = plan(rng, reader < 10)
        created = now - dt.timedelta(seconds=rng.uniform(120, DAYS * 86400 - 120))
        plans.append((reader, acceptable, scores, reasons, decision, created))
    plans.sort(key=lambda p: p[5])
    status = {"publish": "published", "hold": "held", "reject": "rejected"}
    insert_rows(
        Comment(article=article, text="", model_version="bench-whatif"),
        (
            {
                "author_id": readers[reader].pk,
                "text": f"Comment {i} on the crossing.",
                "html": f"<p>Comment {i} on the crossing.</p>",
                "status": status[decision],
                "decision": decision,
                "reasons": reasons,
                "scores": scores,
                "created_at": created,
                "updated_at": created,
                "moderated_at": created + dt.timedelta(seconds=2),
                "published_at": created + dt.timedelta(seconds=2)
                if decision == "publish"
                else None,
            }
            for i, (reader, _, scores, reasons, decision, created) in enumerate(plans)
        ),
    )
    ids = list(Comment.objects.order_by("pk").values_list("pk", flat=True))
    action = {"publish": "auto_publish", "hold": "auto_hold", "reject": "auto_reject"}
    prototype = AuditEntry(actor=None, article=article, before={"status": "pending"})
    insert_rows(
        prototype,
        (
            {
                "action": action[decision],
                "comment_id": pk,
                "subject_id": readers[reader].pk,
                "reason": ", ".join(reasons) or "no problem found",
                "after": {
                    "status": status[decision],
                    "decision": decision,
                    "reasons": reasons,
                    "scores": scores,
                    "model_version": "bench-whatif",
                    "shadow_decision": "",
                },
                "batch": uuid.UUID(int=rng.getrandbits(128)),
                "created_at": created + dt.timedelta(seconds=2),
            }
            for pk, (reader, _, scores, reasons, decision, created) in zip(ids, plans, strict=True)
        ),
    )
    decisions = []  # (comment id, approve?, when, sample outcome or None)
    samples = []
    for pk, (_, acceptable, _, _, decision, created) in zip(ids, plans, strict=True):
        if decision == "hold" and rng.random() < 0.9:
            decisions.append((pk, acceptable, created + dt.timedelta(minutes=rng.uniform(3, 600))))
        elif decision == "publish" and rng.random() < 0.05:
            reviewed = rng.random() < 0.9
            at = created + dt.timedelta(hours=rng.uniform(1, 30))
            outcome = ("confirmed" if acceptable else "rejected") if reviewed else "pending"
            samples.append((pk, outcome, created + dt.timedelta(seconds=2), at))
    insert_rows(
        AuditEntry(actor=moderator, actor_name="moderator", article=article),
        (
            {
                "action": "approve" if ok else "reject",
                "comment_id": pk,
                "reason": "Approved by a moderator" if ok else "Abusive language is not allowed.",
                "before": {"status": "held", "rejection_reason": "", "open_reports": []},
                "after": {"status": "published" if ok else "rejected"},
                "batch": uuid.UUID(int=rng.getrandbits(128)),
                "created_at": at,
            }
            for pk, ok, at in decisions
        ),
    )
    insert_rows(
        AuditSample(comment_id=ids[0]),
        (
            {
                "comment_id": pk,
                "outcome": outcome,
                "selected_at": selected,
                "reviewed_at": at if outcome != "pending" else None,
                "reviewed_by_id": moderator.pk if outcome != "pending" else None,
                "missed_reason": "insult" if outcome == "rejected" else "",
            }
            for pk, outcome, selected, at in samples
        ),
    )
    insert_rows(
        AuditEntry(actor=moderator, actor_name="moderator", article=article),
        (
            {
                "action": "confirm_sample" if outcome == "confirmed" else "reject",
                "comment_id": pk,
                "before": {"status": "published", "sample": "pending"},
                "after": {"status": "published" if outcome == "confirmed" else "rejected"},
                "batch": uuid.UUID(int=rng.getrandbits(128)),
                "created_at": at,
            }
            for pk, outcome, _, at in samples
            if outcome != "pending"
        ),
    )
    with connection.cursor() as cursor:
        # Settled tables, as autovacuum leaves them on a live site (on PostgreSQL, VACUUM sets
        # the visibility map that index-only scans need; SQLite has no such map).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def migrate_cached() -> float:
    """Bring a database seeded by an earlier run up to the current migrations (an index added
    since is built here, as `masthead migrate` would on a site); the seconds it took."""
    from django.core.management import call_command
    from django.db import connection

    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return round(time.perf_counter() - start, 1)


def measure(n: int) -> dict[str, Any]:
    import dataclasses
    import hashlib
    import tracemalloc

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from masthead.comments.models import Comment
    from masthead.dashboard import calibration, stats, whatif

    setup_test_environment()
    client = Client()
    client.force_login(get_user_model().objects.get(username="lead"))

    def timed(call: Any, repeat: int = 3) -> float:
        call()  # warm-up
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            call()
            runs.append(time.perf_counter() - start)
        return round(statistics.median(runs), 3)

    def fingerprint(value: Any) -> str:
        def plain(o: Any) -> Any:
            if dataclasses.is_dataclass(o) and not isinstance(o, type):
                d = {f.name: getattr(o, f.name) for f in dataclasses.fields(o)}
                for name in ("quality", "queue_median", "queue_p90", "auto_share"):
                    if hasattr(type(o), name):
                        d[name] = getattr(o, name)
                return d
            return str(o)

        text = json.dumps(value, default=plain, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def probe(url: str) -> tuple[int, float]:
        """(queries, peak Python allocation in MB) of one request."""
        queries: list[str] = []

        def count(execute: Any, sql: str, *rest: Any) -> Any:
            queries.append(sql)
            return execute(sql, *rest)

        # Counted by a wrapper, not CaptureQueriesContext: a request resets the query log.
        with connection.execute_wrapper(count):
            assert client.get(url).status_code == 200
        tracemalloc.start()
        assert client.get(url).status_code == 200
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return len(queries), round(peak / 2**20, 1)

    out: dict[str, Any] = {"comments": Comment.objects.count(), "windows": {}}
    for days in WINDOWS:
        stats_url = f"/moderation/stats/?days={days}"
        thresholds_url = f"/moderation/stats/thresholds/?days={days}"
        stats_queries, stats_peak = probe(stats_url)
        thresholds_queries, thresholds_peak = probe(thresholds_url)
        report = calibration.what_if(days).report
        figures = stats.compute(days)
        out["windows"][days] = {
            "stats_page_s": timed(lambda url=stats_url: client.get(url)),
            "thresholds_page_s": timed(lambda url=thresholds_url: client.get(url)),
            "stats_compute_s": timed(lambda days=days: stats.compute(days)),
            "what_if_s": timed(lambda days=days: calibration.what_if(days)),
            "stats_page_queries": stats_queries,
            "thresholds_page_queries": thresholds_queries,
            "stats_page_peak_alloc_mb": stats_peak,
            "thresholds_page_peak_alloc_mb": thresholds_peak,
            "labelled": [report.labelled_acceptable, report.labelled_rejected],
            "strata": [[s.comments, s.labelled] for s in report.strata],
            "suggestions": [t.suggestion.threshold for t in report.tables],
            "figures_digest": fingerprint(whatif.as_dict(report)),
            "stats_digest": fingerprint(
                [figures, figures.rolling_quality(7), figures.sample_share]
            ),
        }
    return out


def _server(url: str) -> Any:
    """An autocommit connection to the PostgreSQL server of `url` (CREATE/DROP DATABASE)."""
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=5)


def _pg_exists(url: str, name: str) -> bool:
    with _server(url) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def _pg_drop(url: str, name: str) -> None:
    with _server(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_url(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def one(n: int, fresh: bool, server: str | None, drop: bool) -> int:
    if server:
        name = pg_name(n)
        if fresh:
            _pg_drop(server, name)
        seeded = _pg_exists(server, name)
        if not seeded:
            with _server(server) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = _pg_url(server, name)

        def forget() -> None:
            from django.db import connections

            connections.close_all()
            _pg_drop(server, name)
    else:
        path = db_path(n)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        seeded = path.exists()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"

        def forget() -> None:
            path.unlink(missing_ok=True)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django

    django.setup()
    seed_s = migrate_s = None
    if seeded:
        migrate_s = migrate_cached()
    else:
        start = time.perf_counter()
        try:
            seed(n)
        except BaseException:
            forget()
            raise
        seed_s = round(time.perf_counter() - start, 1)
    result = measure(n)
    result["seed_s"] = seed_s
    result["migrate_s"] = migrate_s
    if server:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        result["database"] = f"PostgreSQL {version} {name}"
        if drop:
            forget()
    else:
        result["database"] = f"SQLite {path}"
    print(json.dumps(result))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--fresh", action="store_true", help="seed again even if cached")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgres://user@host:port/db): seed a scratch database there",
    )
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL scratch database")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.database_url and not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be a postgres:// URL (SQLite is the default)")
    if args.one:
        return one(args.one, args.fresh, args.database_url, args.drop)
    print(
        json.dumps(
            {"uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()}
        )
    )
    for n in args.comments:
        command = [sys.executable, "-m", "bench.whatif", "--one", str(n)]
        if args.fresh:
            command.append("--fresh")
        if args.database_url:
            command += ["--database-url", args.database_url]
        if args.drop:
            command.append("--drop")
        subprocess.run(command, check=True, cwd=ROOT)
    print(
        json.dumps(
            {"uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
