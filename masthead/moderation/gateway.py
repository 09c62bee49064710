"""The moderation side of the comments port: CommentForModeration -> ModerationOutcome.

Builds the pure core's Submission from the port's dataclass and the stored policy, runs the
pipeline with the real models (loaded once per process) and maps the Verdict back. Any failure
to load a model holds the comment with `classifier_unavailable` (fail closed).

The first comment on an article in a process gives the on-topic model the article's stored
passage vectors (ArticleVectors, made in the background when the article was published or
edited) instead of embedding every passage while the commenter waits. Vectors that are missing,
made from another text or by another model, or unreadable are ignored: the model makes them as
before and this process stores them for the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

import numpy as np
from django.conf import settings
from django.db import transaction

from masthead.comments.ports import CommentForModeration, ModerationOutcome, Span
from masthead.moderation import actions
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.classifiers.loader import ModelUnavailable, load_classifiers
from masthead.moderation.core.classifiers.topic import article_text_hash
from masthead.moderation.core.pipeline import moderate
from masthead.moderation.core.types import ArticleText, AuthorHistory, Submission, Verdict
from masthead.moderation.models import ArticleVectors
from masthead.moderation.policy import current_policy

logger = logging.getLogger(__name__)


def real_classifiers() -> Classifiers:
    return load_classifiers(settings.MASTHEAD.get("MODERATION_MODEL_DIR") or None)


# Tests of other features swap this for the fake (masthead.moderation.core.classifiers.fake).
get_classifiers: Callable[[], Classifiers] = real_classifiers


@runtime_checkable
class UsesArticleVectors(Protocol):
    """A topic model that can be given an article's passage vectors (the real one can)."""

    vectors_version: str

    def knows_article(self, article: ArticleText) -> bool: ...

    def article_vectors(self, article: ArticleText) -> np.ndarray[Any, Any]: ...

    def use_article_vectors(self, article: ArticleText, vectors: np.ndarray[Any, Any]) -> None: ...


def read_stored_vectors(
    article_id: int, article: ArticleText, topic: UsesArticleVectors
) -> np.ndarray[Any, Any] | None:
    """The article's stored vectors when they were made from its text as it is now, by the loaded
    model, and decode; else None."""
    with transaction.atomic():  # a savepoint when inside a transaction: a failure spoils nothing
        row = ArticleVectors.objects.filter(
            article_id=article_id,
            embedder=topic.vectors_version,
            text_hash=article_text_hash(article),
        ).first()
    if row is None:
        return None
    try:
        return row.matrix()
    except ValueError as exc:
        logger.warning("stored vectors of article %s are unreadable: %s", article_id, exc)
        return None


def give_stored_vectors(article_id: int, article: ArticleText, topic: UsesArticleVectors) -> bool:
    """True when the topic model holds the article's vectors now (from before, or stored); False
    when scoring the comment will make them."""
    if topic.knows_article(article):
        return True
    try:
        vectors = read_stored_vectors(article_id, article, topic)
        if vectors is None:
            return False
        topic.use_article_vectors(article, vectors)
    except Exception:  # whatever is wrong with the row, the model makes the vectors itself
        logger.exception("stored vectors of article %s not used; making them again", article_id)
        return False
    return True


def keep_made_vectors(article_id: int, article: ArticleText, topic: UsesArticleVectors) -> None:
    """Store the vectors scoring just made, so no other process makes them again."""
    if not topic.knows_article(article):
        return  # scoring failed before the article was embedded: nothing to store
    try:
        actions.store_article_vectors(
            article_id,
            article_text_hash(article),
            topic.vectors_version,
            topic.article_vectors(article),
        )
    except Exception:  # the verdict stands; another process or the task stores them
        logger.exception("passage vectors of article %s could not be stored", article_id)


def identical_recent(c: CommentForModeration) -> int:
    """How often this author already posted exactly this text (spam's "repeated" rule)."""
    if c.author_id is None or c.is_edit:
        return 0
    from masthead.comments.models import Comment

    return (
        Comment.objects.filter(author_id=c.author_id, text=c.text).exclude(pk=c.comment_id).count()
    )


def to_submission(c: CommentForModeration) -> Submission:
    return Submission(
        text=c.text,
        article=ArticleText(c.article_headline, c.article_standfirst, c.article_body),
        parent_text=c.parent_text,
        author=AuthorHistory(
            published=c.author_published_count,
            rejected=c.author_rejected_count,
            trusted=c.author_trusted,
            identical_recent=identical_recent(c),
        ),
        article_premoderated=c.article_comments_mode == "premoderated",
    )


def to_outcome(verdict: Verdict) -> ModerationOutcome:
    versions = ";".join(f"{k}={v}" for k, v in sorted(verdict.model_versions.items()))
    return ModerationOutcome(
        decision=verdict.decision,
        reasons=verdict.reasons,
        enforced_reasons=verdict.enforced,
        scores=dict(verdict.scores),
        model_version=versions or "unavailable",
        shadow=verdict.shadow,
        shadow_decision=verdict.shadow_decision,
        # Only the reasons, in plain words (Verdict.explanation): each place that tells the
        # author composes its own opening ("Held for review.", "Your comment was not published.").
        explanation=verdict.explanation,
        spans=tuple(Span(s.start, s.end, s.reason) for s in verdict.spans),
    )


def moderate_comment(c: CommentForModeration) -> ModerationOutcome:
    policy = current_policy()
    submission = to_submission(c)
    try:
        classifiers = get_classifiers()
    except ModelUnavailable:
        logger.exception("moderation models unavailable; comment %s held", c.comment_id)
        return to_outcome(
            Verdict(
                "hold",
                ("classifier_unavailable",),
                {},
                {},
                enforced_reasons=("classifier_unavailable",),
                shadow=policy.shadow,
                shadow_decision="hold" if policy.shadow else None,
            )
        )
    topic = classifiers.topic
    if not isinstance(topic, UsesArticleVectors):
        return to_outcome(moderate(submission, policy, classifiers))
    made_here = not give_stored_vectors(c.article_id, submission.article, topic)
    verdict = moderate(submission, policy, classifiers)
    if made_here:
        keep_made_vectors(c.article_id, submission.article, topic)
    return to_outcome(verdict)
