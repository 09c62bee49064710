"""Counts comments and verdicts into the shared Prometheus series (core.metrics)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from masthead.comments.signals import verdict_stored
from masthead.core import metrics


def count_verdict(sender: Any, comment: Any, outcome: Any, **kwargs: Any) -> None:
    """Counted by the reasons the stored verdict enforced (`Comment.enforced_reason_codes`), as
    the stats page's "Why comments were held" counts them: in shadow mode the models' reasons
    are recorded but held nothing (an insult on a pre-moderated article was held for
    pre-moderation alone, and one published was published), so they are not counted."""
    decision, new = outcome.decision, comment.edited_at is None
    reasons = tuple(comment.enforced_reason_codes())

    def count() -> None:
        if new:
            metrics.COMMENTS_POSTED.inc()
        metrics.record_verdict(decision, reasons)

    transaction.on_commit(count)  # a verdict rolled back is not counted


def register() -> None:
    verdict_stored.connect(count_verdict, dispatch_uid="metrics.verdict_stored")
