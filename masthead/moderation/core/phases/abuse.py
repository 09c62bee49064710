"""Abuse: the abuse model's calibrated probability against the site's threshold, and the threat
model's against its own.

Held comments carry `abusive` plus the kinds the model recognises (insult, threat,
identity_hate, obscene) when it is fairly sure of them, and the spans of the words that
weighed most, for the moderator. A comment the threat model finds threatening is held with
`threat` (and the sentence that weighed most) even when its words are mild ("I know where you
live."): threats are not given the room trusted readers get on the abuse score.

When the site has an active adapter fitted on the loaded models (core/adapter.py), its
probability replaces the abuse probability ("abuse"); the shipped model's is kept as
"abuse_model".
"""

from __future__ import annotations

from masthead.moderation.core.adapter import AdapterError, SiteAdapter
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Submission

KIND_THRESHOLD = 0.5


def adapter_in_use(policy: Policy, classifiers: Classifiers) -> SiteAdapter | None:
    """The site adapter, when there is one and it was fitted on the models loaded now."""
    if policy.site_adapter_error:
        raise AdapterError(policy.site_adapter_error)
    adapter = policy.site_adapter
    if adapter is None:
        return None
    if not adapter.applies_to(classifiers.abuse.version, classifiers.topic.version):
        return None
    return adapter


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    result = classifiers.abuse.score(submission.text)
    adapter = adapter_in_use(policy, classifiers)
    scores = [("abuse", round(result.abusive, 4))]
    if adapter is not None:
        if result.embedding is None:
            # Fail closed: the adapter is on, and this comment could not be read by it.
            raise AdapterError("the abuse classifier gave no embedding for the site adapter")
        # The adapter's probability is the one the threshold judges; the shipped model's stays
        # in the record, for moderators and for fitting the next adapter.
        scores = [
            ("abuse", round(adapter.probability(result.abusive, result.embedding), 4)),
            ("abuse_model", round(result.abusive, 4)),
        ]
    scores += [(kind, round(p, 4)) for kind, p in sorted(result.kinds.items())]
    scores.append(("threat_of_violence", round(result.threat, 4)))
    threshold = (
        policy.thresholds.abuse_trusted if submission.author.trusted else policy.thresholds.abuse
    )
    abusive = scores[0][1] >= threshold
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
