"""Abuse: the abuse model's calibrated probability against the site's threshold.

Held comments carry `abusive` plus the kinds the model recognises (insult, threat,
identity_hate, obscene) when it is fairly sure of them, and the spans of the words that
weighed most, for the moderator.
"""

from __future__ import annotations

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Submission

KIND_THRESHOLD = 0.5


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    result = classifiers.abuse.score(submission.text)
    scores = [("abuse", round(result.abusive, 4))]
    scores += [(kind, round(p, 4)) for kind, p in sorted(result.kinds.items())]
    threshold = (
        policy.thresholds.abuse_trusted if submission.author.trusted else policy.thresholds.abuse
    )
    if result.abusive < threshold:
        return PhaseResult(scores=tuple(scores))
    kinds = tuple(
        k for k, p in sorted(result.kinds.items(), key=lambda kv: -kv[1]) if p >= KIND_THRESHOLD
    )
    return PhaseResult(
        decision="hold", reasons=("abusive", *kinds), scores=tuple(scores), spans=result.spans
    )
