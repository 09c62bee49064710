"""Counts finished narration jobs into the shared Prometheus series (core.metrics)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from masthead.core import metrics

FINISHED = {"ready", "failed"}


def count_job(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    # Only saves that set the status count (progress updates go through .update()).
    if update_fields is not None and "status" not in update_fields:
        return
    if instance.status in FINISHED and instance.finished_at is not None:
        metrics.NARRATION_JOBS.labels(status=instance.status).inc()


def register() -> None:
    post_save.connect(count_job, sender="narration.Narration", dispatch_uid="metrics.narration")
