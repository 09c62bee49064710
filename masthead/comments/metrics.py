"""Counts comments and verdicts into the shared Prometheus series (core.metrics)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from masthead.comments.models import Comment
from masthead.comments.signals import verdict_stored
from masthead.core import metrics


def count_posted(
    sender: Any, instance: Any, created: bool = False, raw: bool = False, **_: Any
) -> None:
    """Each comment once, when it is accepted (its row is made, "pending", before the checks
    run): not at a verdict, which an author's edit before the first check finished, or a check
    that never finished, leaves for a later one or none (such a comment was not counted before
    2026-11-30). A retried post that finds its first comment makes no row."""
    if created and not raw:
        transaction.on_commit(metrics.COMMENTS_POSTED.inc)  # a post rolled back is not counted


def count_verdict(sender: Any, comment: Any, outcome: Any, **kwargs: Any) -> None:
    """Counted by the reasons the stored verdict enforced (`Comment.enforced_reason_codes`), as
    the stats page's "Why comments were held" counts them: in shadow mode the models' reasons
    are recorded but held nothing (an insult on a pre-moderated article was held for
    pre-moderation alone, and one published was published), so they are not counted."""
    decision = outcome.decision
    reasons = tuple(comment.enforced_reason_codes())

    def count() -> None:
        metrics.record_verdict(decision, reasons)

    transaction.on_commit(count)  # a verdict rolled back is not counted


def register() -> None:
    post_save.connect(count_posted, sender=Comment, dispatch_uid="metrics.comment_posted")
    verdict_stored.connect(count_verdict, dispatch_uid="metrics.verdict_stored")
