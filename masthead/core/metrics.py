"""Prometheus metrics, defined once here so every app counts into the same series.

With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR (masthead serve does) so /metrics
adds up every process; without it, each process reports its own counts.

An app whose numbers live in the database (the moderation queues) puts collectors in a tuple
`SCRAPED` in its `metrics.py`; they are found by name here (core imports no app) and asked at
each scrape by the process answering it, so they are never summed over processes.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable, Iterator
from importlib import import_module

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import module_has_submodule
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric

logger = logging.getLogger(__name__)

REQUESTS = Counter("masthead_http_requests_total", "HTTP requests", ["method", "status"])
REQUEST_SECONDS = Histogram(
    "masthead_http_request_seconds",
    "HTTP request latency",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
COMMENTS_POSTED = Counter("masthead_comments_posted_total", "Comments accepted for moderation")
VERDICTS = Counter("masthead_verdicts_total", "Moderation verdicts", ["decision", "reason"])
NARRATION_JOBS = Counter("masthead_narration_jobs_total", "Narration jobs finished", ["status"])


def record_verdict(decision: str, reasons: list[str] | tuple[str, ...]) -> None:
    for reason in reasons or ("none",):
        VERDICTS.labels(decision=decision, reason=reason).inc()


def _queue_depth() -> float:
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        return float(DBTaskResult.objects.filter(status="READY").count())
    if backend.startswith("django_tasks_rq"):
        import django_rq

        return float(len(django_rq.get_queue("default")))
    return 0.0


class TaskQueueCollector:
    """`masthead_task_queue_depth`, read at each scrape by the process answering it. It was a
    Gauge set by that process and kept in its multiprocess file with mode "max", so under
    gunicorn a worker that had scraped while the queue was long kept reporting that length
    after the queue drained (2026-11-30). -1: the queue did not answer."""

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily("masthead_task_queue_depth", "Tasks waiting in the queue")
        try:
            depth = _queue_depth()
        except Exception:  # the queue being down must not hide every other metric
            logger.warning("task queue depth: the queue did not answer", exc_info=True)
            depth = -1.0
        family.add_metric([], depth)
        yield family


SCRAPED = (TaskQueueCollector(),)


@functools.cache
def _scraped() -> CollectorRegistry:
    # auto_describe=False: registering must not run the collectors' queries.
    registry = CollectorRegistry(auto_describe=False)
    for app in apps.get_app_configs():
        if app.name.startswith("masthead.") and module_has_submodule(app.module, "metrics"):
            for collector in getattr(import_module(f"{app.name}.metrics"), "SCRAPED", ()):
                registry.register(collector)
    return registry


def _scraped_payload() -> bytes:
    try:
        return generate_latest(_scraped())
    except Exception:  # each collector answers -1 on its own errors; this is the last guard
        logger.warning("metrics read at scrape time failed", exc_info=True)
        return b""


def metrics_view(request: HttpRequest) -> HttpResponse:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        payload = generate_latest(registry)
    else:
        payload = generate_latest()
    payload += _scraped_payload()
    return HttpResponse(payload, content_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        REQUEST_SECONDS.observe(time.perf_counter() - started)
        REQUESTS.labels(method=request.method or "", status=str(response.status_code)).inc()
        return response
