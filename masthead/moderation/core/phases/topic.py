"""On-topic: is the comment about the article, or (for a reply) about the comment it answers?

The topic model scores the comment against the article and the parent comment together, so a
short reply such as "Exactly this." or "Source?" under an on-topic parent counts as on-topic.
"""

from __future__ import annotations

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Submission


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    result = classifiers.topic.score(submission.text, submission.article, submission.parent_text)
    scores = (("off_topic", round(result.off_topic, 4)),)
    if result.off_topic >= policy.thresholds.off_topic:
        return PhaseResult(decision="hold", reasons=("off_topic",), scores=scores)
    return PhaseResult(scores=scores)
