"""Small deterministic moderators for tests of comment features (not of moderation itself).

Point settings.MASTHEAD["COMMENT_MODERATOR"] at one of these by dotted path.
"""

from __future__ import annotations

from masthead.comments.ports import CommentForModeration, ModerationOutcome

CALLS: list[CommentForModeration] = []


def publish_all(comment: CommentForModeration) -> ModerationOutcome:
    CALLS.append(comment)
    return ModerationOutcome(decision="publish", scores={"toxicity": 0.01}, model_version="test-1")


def hold_all(comment: CommentForModeration) -> ModerationOutcome:
    CALLS.append(comment)
    return ModerationOutcome(
        decision="hold",
        reasons=("needs_review",),
        scores={"toxicity": 0.5},
        model_version="test-1",
        explanation="A moderator will read it first.",
    )


def by_keyword(comment: CommentForModeration) -> ModerationOutcome:
    """Holds comments containing "idiot" as an insult, rejects "BUY NOW" spam, else publishes."""
    CALLS.append(comment)
    lowered = comment.text.lower()
    if "buy now" in lowered:
        return ModerationOutcome(
            decision="reject",
            reasons=("spam",),
            scores={"spam": 0.99},
            model_version="test-keyword-1",
            explanation="It looks like advertising.",
        )
    if "idiot" in lowered:
        start = lowered.index("idiot")
        from masthead.comments.ports import Span

        return ModerationOutcome(
            decision="hold",
            reasons=("insult",),
            scores={"insult": 0.93, "toxicity": 0.88},
            model_version="test-keyword-1",
            explanation="It may contain a personal insult.",
            spans=(Span(start, start + 5, "insult"),),
        )
    return ModerationOutcome(
        decision="publish", scores={"insult": 0.02}, model_version="test-keyword-1"
    )


def explode(comment: CommentForModeration) -> ModerationOutcome:
    raise RuntimeError("the classifier fell over")
