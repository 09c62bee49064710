"""The moderation side of the comments port: CommentForModeration -> ModerationOutcome.

Builds the pure core's Submission from the port's dataclass and the stored policy, runs the
pipeline with the real models (loaded once per process) and maps the Verdict back. Any failure
to load a model holds the comment with `classifier_unavailable` (fail closed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings

from masthead.comments.ports import CommentForModeration, ModerationOutcome, Span
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.classifiers.loader import ModelUnavailable, load_classifiers
from masthead.moderation.core.pipeline import moderate
from masthead.moderation.core.types import REASONS, ArticleText, AuthorHistory, Submission, Verdict
from masthead.moderation.policy import current_policy

logger = logging.getLogger(__name__)


def real_classifiers() -> Classifiers:
    return load_classifiers(settings.MASTHEAD.get("MODERATION_MODEL_DIR") or None)


# Tests of other features swap this for the fake (masthead.moderation.core.classifiers.fake).
get_classifiers: Callable[[], Classifiers] = real_classifiers


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


def explanation(verdict: Verdict) -> str:
    decided = verdict.shadow_decision if verdict.shadow else verdict.decision
    if verdict.decision == "publish":
        return ""
    if decided == "publish":
        return ""
    words = [REASONS[r] for r in verdict.reasons if r in REASONS]
    text = " ".join(dict.fromkeys(words)) or "A moderator will look at it first."
    if verdict.decision == "reject":
        return f"Your comment was not published. {text}"
    return f"Your comment is waiting for a moderator. {text}"


def to_outcome(verdict: Verdict) -> ModerationOutcome:
    versions = ";".join(f"{k}={v}" for k, v in sorted(verdict.model_versions.items()))
    return ModerationOutcome(
        decision=verdict.decision,
        reasons=verdict.reasons,
        scores=dict(verdict.scores),
        model_version=versions or "unavailable",
        shadow=verdict.shadow,
        shadow_decision=verdict.shadow_decision,
        explanation=explanation(verdict),
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
                shadow=policy.shadow,
                shadow_decision="hold" if policy.shadow else None,
            )
        )
    return to_outcome(moderate(submission, policy, classifiers))
