"""Length: a comment longer than the checks read whole (MAX_TEXT_CHARS) waits for a moderator.

The web form refuses such a comment before it is posted (MASTHEAD_COMMENT_MAX_LENGTH); the batch
CLI reads files from elsewhere, which may hold anything. The other checks still run, window by
window (core/windows.py, and the pipeline), so its scores and reasons say what they found, but
the verdict is never "publish": the models were made for comments, not for books, and the
opening window is all the on-topic model reads.

Not a hard rule, like `too_many_links`: shadow mode records it and publishes.
"""

from __future__ import annotations

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Submission
from masthead.moderation.core.windows import MAX_TEXT_CHARS


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    if len(submission.text) > MAX_TEXT_CHARS:
        return PhaseResult(decision="hold", reasons=("too_long",))
    return PhaseResult()
