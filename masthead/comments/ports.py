"""The port through which comments ask for a moderation verdict.

Comments never import moderation. The callable named by settings.MASTHEAD["COMMENT_MODERATOR"]
(by default `masthead.moderation.gateway.moderate_comment`) takes a `CommentForModeration`
and returns a `ModerationOutcome`. If that callable cannot be imported or raises, the comment
is held with `classifier_unavailable`: nothing is published unchecked (fail closed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Decision = Literal["publish", "hold", "reject"]
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommentForModeration:
    comment_id: int | None
    text: str
    article_id: int
    article_headline: str
    article_standfirst: str
    article_body: str
    article_comments_mode: str  # "open" | "premoderated" | "closed"
    parent_text: str | None = None
    author_id: int | None = None
    author_display_name: str = ""
    author_published_count: int = 0
    author_rejected_count: int = 0
    author_trusted: bool = False
    author_is_guest: bool = False
    is_edit: bool = False
    ip_address: str | None = None


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class ModerationOutcome:
    decision: Decision
    reasons: tuple[str, ...] = ()
    scores: Mapping[str, float] = field(default_factory=dict)
    model_version: str = ""
    # True when the verdict was recorded but not enforced (shadow mode): `decision` is then
    # what was enforced and `shadow_decision` what the models would have done.
    shadow: bool = False
    shadow_decision: Decision | None = None
    # The reasons behind `decision`, the enforced one: in shadow mode only the hard rules' (the
    # others in `reasons` were recorded, not applied). None: the moderator did not say, read
    # `reasons`.
    enforced_reasons: tuple[str, ...] | None = None
    # Plain words for the author of a held comment ("It may contain a personal insult.").
    explanation: str = ""
    spans: tuple[Span, ...] = ()


def fail_closed(reason_detail: str) -> ModerationOutcome:
    return ModerationOutcome(
        decision="hold",
        reasons=("classifier_unavailable",),
        enforced_reasons=("classifier_unavailable",),
        model_version="unavailable",
        explanation="Our automatic checks could not run, so a moderator will look at your comment.",
        scores={},
    )


def get_moderator() -> Callable[[CommentForModeration], ModerationOutcome]:
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = settings.MASTHEAD["COMMENT_MODERATOR"]
    try:
        moderator: Callable[[CommentForModeration], ModerationOutcome] = import_string(path)
    except ImportError as exc:
        logger.error("comment moderator %s cannot be imported: %s", path, exc)
        detail = str(exc)
        return lambda _comment: fail_closed(detail)
    return moderator


def moderate(comment: CommentForModeration) -> ModerationOutcome:
    """Ask the configured moderator; any error holds the comment (fail closed)."""
    try:
        outcome = get_moderator()(comment)
    except Exception as exc:  # any failure must hold, never publish
        logger.exception("moderation failed for comment %s", comment.comment_id)
        return fail_closed(repr(exc))
    if not isinstance(outcome, ModerationOutcome):
        logger.error("moderator returned %r, not a ModerationOutcome", type(outcome))
        return fail_closed("bad outcome type")
    return outcome
