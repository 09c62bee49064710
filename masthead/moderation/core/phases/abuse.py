"""Abuse: the abuse model's calibrated probability against the site's threshold, and the threat
model's against its own.

Held comments carry `abusive` plus the kinds the model recognises (insult, threat,
identity_hate, obscene) when it is fairly sure of them, and the spans of the words that
weighed most, for the moderator. A comment the threat model finds threatening is held with
`threat` (and the sentence that weighed most) even when its words are mild ("I know where you
live."): threats are not given the room trusted readers get on the abuse score.
"""

from __future__ import annotations

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Submission

KIND_THRESHOLD = 0.5


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    result = classifiers.abuse.score(submission.text)
    scores = [("abuse", round(result.abusive, 4))]
    scores += [(kind, round(p, 4)) for kind, p in sorted(result.kinds.items())]
    scores.append(("threat_of_violence", round(result.threat, 4)))
    threshold = (
        policy.thresholds.abuse_trusted if submission.author.trusted else policy.thresholds.abuse
    )
    abusive = result.abusive >= threshold
    threatening = result.threat >= policy.thresholds.threat
    if not abusive and not threatening:
        return PhaseResult(scores=tuple(scores))
    reasons: tuple[str, ...] = ()
    spans = result.spans if abusive else ()
    if abusive:
        kinds = tuple(
            k for k, p in sorted(result.kinds.items(), key=lambda kv: -kv[1]) if p >= KIND_THRESHOLD
        )
        reasons = ("abusive", *kinds)
    if threatening:
        if "threat" not in reasons:
            reasons = (*reasons, "threat")
        if result.threat_span is not None:
            spans = (*spans, result.threat_span)
    return PhaseResult(decision="hold", reasons=reasons, scores=tuple(scores), spans=spans)
