"""Author history: readers with a record of rejected comments wait for a moderator.

(Trusted readers get a looser abuse threshold in the abuse phase and skip the new-reader and
link pre-moderation; they are never exempt from the models or the word lists.)
"""

from __future__ import annotations

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Submission

# At least this many rejections, and more rejections than publications.
REJECTED_AT_LEAST = 3


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    author = submission.author
    if author.trusted:
        return PhaseResult()
    if author.rejected >= REJECTED_AT_LEAST and author.rejected > author.published:
        return PhaseResult(decision="hold", reasons=("author_history",))
    return PhaseResult()
