"""Health checks for /healthz: apps register a named check; each returns (ok, detail).

Core knows no app: moderation registers "models", narration may register its engine, and
core itself checks the database, the cache and the task queue.

A check registered with `critical=False` names something the site can serve without (Redis:
the cache and the RQ queue): when only such checks fail, /healthz answers 200 with status
"degraded", so a load balancer keeps every machine while Redis is down; a critical one failing
(the database) answers 503 (docs/operations.md, decision 0011).

/healthz is public, so a check that raises shows only the error's kind ("ConnectionError"):
its text names internal hosts, ports and user names. The text goes to the log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

CheckResult = tuple[bool, str]
_checks: dict[str, tuple[Callable[[], CheckResult], bool]] = {}


@dataclass(frozen=True)
class CheckReport:
    name: str
    ok: bool
    detail: str
    seconds: float
    critical: bool = True


def register_check(name: str, check: Callable[[], CheckResult], *, critical: bool = True) -> None:
    _checks[name] = (check, critical)


def run_checks() -> list[CheckReport]:
    reports = []
    for name, (check, critical) in sorted(_checks.items()):
        started = time.perf_counter()
        try:
            ok, detail = check()
        except Exception as exc:  # a broken check is an unhealthy component, not a 500
            logger.warning("health check %s failed: %s: %s", name, type(exc).__name__, exc)
            ok, detail = False, f"{type(exc).__name__} (the server log has the details)"
        seconds = round(time.perf_counter() - started, 4)
        reports.append(CheckReport(name, ok, detail, seconds, critical))
    return reports


def check_database() -> CheckResult:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connection.vendor


def check_cache() -> CheckResult:
    from django.core.cache import caches

    cache = caches["default"]
    ping = getattr(cache, "ping", None)
    if ping is not None:  # Redis (core.rediscache), which answers misses instead of errors
        ping()
        return True, f"{type(cache).__name__}: Redis answers"
    cache.set("healthz", "ok", timeout=10)
    if cache.get("healthz") != "ok":
        return False, "cache did not return what was written"
    return True, type(cache).__name__


def check_queue() -> CheckResult:
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(status="READY").count()
        return True, f"database queue, {waiting} waiting"
    if backend.startswith("django_tasks_rq"):
        import django_rq

        queue = django_rq.get_queue("default")
        queue.connection.ping()
        return True, f"rq queue, {len(queue)} waiting"
    return True, backend.rsplit(".", 1)[-1]


def check_static() -> CheckResult:
    """With MASTHEAD_STATIC_MANIFEST=true every page names its stylesheet through the manifest
    `collectstatic` writes; a process that started without one answers 500 to every page (and
    until it restarts, even after collectstatic), while the other checks still pass."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest is None:
        return True, "served from the app folders (MASTHEAD_STATIC_MANIFEST=false)"
    hashed = getattr(staticfiles_storage, "hashed_files", None)
    if not hashed:
        return False, (
            f"MASTHEAD_STATIC_MANIFEST=true and this process found no {manifest} in "
            "STATIC_ROOT, so every page fails: run `masthead collectstatic --noinput`, "
            "then restart"
        )
    return True, f"{manifest}: {len(hashed)} file(s)"


def register_core_checks() -> None:
    register_check("database", check_database)
    # Without Redis pages are built uncached and rate limits counted per process (0011).
    register_check("cache", check_cache, critical=False)
    # A queue that is down delays tasks; a comment still posts and an editor's save succeeds.
    register_check("queue", check_queue, critical=False)
    register_check("static", check_static)
