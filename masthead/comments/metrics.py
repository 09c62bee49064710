"""Counts comments and verdicts into the shared Prometheus series (core.metrics)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from masthead.comments.signals import verdict_stored
from masthead.core import metrics


def count_verdict(sender: Any, comment: Any, outcome: Any, **kwargs: Any) -> None:
    decision, reasons, new = outcome.decision, tuple(outcome.reasons), comment.edited_at is None

    def count() -> None:
        if new:
            metrics.COMMENTS_POSTED.inc()
        metrics.record_verdict(decision, reasons)

    transaction.on_commit(count)  # a verdict rolled back is not counted


def register() -> None:
    verdict_stored.connect(count_verdict, dispatch_uid="metrics.verdict_stored")
