"""Abuse: the abuse model's calibrated probability against the site's threshold, and the threat
model's against its own.

Held comments carry `abusive` plus the kinds the model recognises (insult, threat,
identity_hate, obscene) when it is fairly sure both that the comment is abusive and of the
kind (see KIND_THRESHOLD), and the spans of the words that weighed most, for the moderator.
A comment the threat model finds threatening is held with `threat` (and the sentence that
weighed most) even when its words are mild ("I know where you live."): threats are not given
the room trusted readers get on the abuse score.
"""

from __future__ import annotations

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Submission

# A kind head gives P(kind | toxic): it was trained among toxic Civil Comments posts only, so
# it says which kind a toxic comment would be, not whether the comment is toxic, and `insult`
# is high on most sentences (civil ones held by mistake included). A kind is named when its
# head reaches KIND_THRESHOLD AND the abuse probability reaches KIND_ABUSE_GATE, so a comment
# held at a middling abuse score (over the site's threshold, under the gate) is held as
# `abusive` alone. Measured on the dev splits, 2026-11-30: docs/moderation.md, "Reason codes".
KIND_THRESHOLD = 0.5
KIND_ABUSE_GATE = 0.5


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
        named = result.kinds.items() if result.abusive >= KIND_ABUSE_GATE else ()
        kinds = tuple(k for k, p in sorted(named, key=lambda kv: -kv[1]) if p >= KIND_THRESHOLD)
        reasons = ("abusive", *kinds)
    if threatening:
        if "threat" not in reasons:
            reasons = (*reasons, "threat")
        if result.threat_span is not None:
            spans = (*spans, result.threat_span)
    return PhaseResult(decision="hold", reasons=reasons, scores=tuple(scores), spans=spans)
