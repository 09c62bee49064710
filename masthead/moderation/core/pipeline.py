"""moderate(submission, policy, classifiers) -> Verdict: an ordered tuple of small phases.

Each phase looks at the submission and returns a PhaseResult (no opinion, or hold / publish /
reject with reasons, scores and spans). Results accumulate; a `final` result stops the run.

Fail closed: if a phase raises, or the run goes past the policy's time budget, the comment is
held with `classifier_unavailable`. Nothing is published unless every phase ran. A score that
is not a finite number (a model whose weights went bad answers NaN, and NaN >= threshold is
false) counts as such a failure too.

`moderate_many` gives the same verdicts for many submissions at once, faster: the topic model
embeds all their comments (and any new article) together first; `masthead moderate-file` uses it.

Shadow mode: every phase runs and the verdict is recorded as `shadow_decision`, but the
enforced decision is "publish" unless a hard rule fired (banned word to reject, the article's
own pre-moderation, fail closed). The verdict says which reasons were enforced
(`enforced_reasons`: those of the hard rules that fired), so nothing downstream keeps its own
list of which codes are hard. See docs/moderation.md.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.phases import (
    abuse,
    empty,
    language,
    links,
    premoderation,
    spam,
    topic,
    trust,
    word_lists,
)
from masthead.moderation.core.types import (
    SCORE_REASONS,
    Decision,
    PhaseResult,
    Policy,
    Span,
    Submission,
    Verdict,
)

logger = logging.getLogger(__name__)

Phase = Callable[[Submission, Policy, Classifiers], PhaseResult]

# Cheap rules first; the models last. Every phase runs unless one returns `final`.
PHASES: tuple[tuple[str, Phase], ...] = (
    ("empty", empty.check),
    ("language", language.check),
    ("word_lists", word_lists.check),
    ("links", links.check),
    ("spam", spam.check),
    ("abuse", abuse.check),
    ("topic", topic.check),
    ("trust", trust.check),
    ("premoderation", premoderation.check),
)

SEVERITY: dict[Decision, int] = {"publish": 0, "hold": 1, "reject": 2}

# Reasons that only a model's reading of the words gives. When the comment is in a language the
# models cannot read (`other_language`), these are dropped from the verdict (their scores stay
# recorded): the comment is held for that reason, not called abusive or off-topic. Spam stays:
# its patterns (messaging numbers, "check out my channel") read in any language, and its model
# held about 1 % of German comments.
READING_REASONS = SCORE_REASONS["abuse"] | SCORE_REASONS["off_topic"]


def model_versions(classifiers: Classifiers) -> dict[str, str]:
    return {
        "abuse": classifiers.abuse.version,
        "topic": classifiers.topic.version,
        "spam": classifiers.spam.version,
    }


def unavailable(
    scores: dict[str, float], versions: dict[str, str], policy: Policy, timings: dict[str, float]
) -> Verdict:
    # Fail closed is a hard rule: held even in shadow mode.
    return Verdict(
        decision="hold",
        reasons=("classifier_unavailable",),
        enforced_reasons=("classifier_unavailable",),
        scores=scores,
        model_versions=versions,
        shadow=policy.shadow,
        shadow_decision="hold" if policy.shadow else None,
        timings_ms=timings,
    )


def _finite(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def moderate(
    submission: Submission,
    policy: Policy,
    classifiers: Classifiers,
    phases: Sequence[tuple[str, Phase]] = PHASES,
    clock: Callable[[], float] = time.perf_counter,
) -> Verdict:
    started = clock()
    decision: Decision = "publish"
    hard_decision: Decision = "publish"
    reasons: list[str] = []
    # The reasons of the hard rules that fired: what shadow mode enforces.
    hard_reasons: list[str] = []
    scores: dict[str, float] = {}
    spans: list[Span] = []
    timings: dict[str, float] = {}
    try:
        versions = model_versions(classifiers)
    except Exception:
        logger.exception("moderation classifiers are not usable")
        return unavailable({}, {}, policy, timings)
    for name, phase in phases:
        phase_start = clock()
        try:
            result = phase(submission, policy, classifiers)
        except Exception:
            logger.exception("moderation phase %s failed", name)
            return unavailable(scores, versions, policy, timings)
        timings[name] = round((clock() - phase_start) * 1000, 3)
        if not all(_finite(value) for _, value in result.scores):
            logger.error("moderation phase %s gave a score that is not a number", name)
            return unavailable(scores, versions, policy, timings)
        if clock() - started > policy.time_budget_s:
            logger.error("moderation ran past its %.2f s budget in %s", policy.time_budget_s, name)
            return unavailable(scores, versions, policy, timings)
        scores.update(result.scores)
        spans.extend(result.spans)
        for reason in result.reasons:
            if reason not in reasons:
                reasons.append(reason)
        if result.decision is not None:
            if result.decision == "publish" and result.final:
                # A phase may clear what came before only when it is decisive (none today
                # except tests); otherwise the strictest decision wins.
                decision = "publish"
            elif SEVERITY[result.decision] > SEVERITY[decision]:
                decision = result.decision
            if result.hard:
                if SEVERITY[result.decision] > SEVERITY[hard_decision]:
                    hard_decision = result.decision
                for reason in result.reasons:
                    if reason not in hard_reasons:
                        hard_reasons.append(reason)
        if result.final:
            break
    if decision == "publish":
        reasons = []
    elif "other_language" in reasons:
        reasons = [r for r in reasons if r not in READING_REASONS]
        spans = [s for s in spans if s.reason not in READING_REASONS]
    if policy.shadow:
        return Verdict(
            decision=hard_decision,
            reasons=tuple(reasons),
            enforced_reasons=tuple(hard_reasons) if hard_decision != "publish" else (),
            scores=scores,
            model_versions=versions,
            spans=tuple(spans),
            shadow=True,
            shadow_decision=decision,
            timings_ms=timings,
        )
    return Verdict(
        decision=decision,
        reasons=tuple(reasons),
        enforced_reasons=tuple(reasons),
        scores=scores,
        model_versions=versions,
        spans=tuple(spans),
        timings_ms=timings,
    )


def moderate_many(
    submissions: Sequence[Submission],
    policy: Policy,
    classifiers: Classifiers,
    phases: Sequence[tuple[str, Phase]] = PHASES,
    clock: Callable[[], float] = time.perf_counter,
) -> list[Verdict]:
    """`moderate` for each submission, in order, with the topic model's embeddings made together.

    Priming only fills the topic model's caches; if it fails, each comment is scored on its own
    and fails closed there if the model is broken.
    """
    prime = getattr(classifiers.topic, "prime", None)
    if prime is not None and submissions:
        try:
            prime([(s.text, s.article, s.parent_text) for s in submissions])
        except Exception:
            logger.exception("batch embedding failed; scoring the comments one by one")
    return [moderate(s, policy, classifiers, phases, clock) for s in submissions]
