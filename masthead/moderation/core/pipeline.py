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

A comment longer than MAX_TEXT_CHARS is held (`too_long`, phases/length.py) and read in
windows (core/windows.py), so its memory is bounded whatever its length: a phase that reads the
words runs on each window and the results are merged (each score the highest of any window,
the reasons of the strictest windows, the spans moved to the whole text's offsets); the
language and on-topic phases read the opening window only; the others read the whole text,
which costs them little (links are counted a window's own part at a time).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.phases import (
    abuse,
    empty,
    language,
    length,
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
from masthead.moderation.core.windows import MAX_TEXT_CHARS, first_window, windows

logger = logging.getLogger(__name__)

Phase = Callable[[Submission, Policy, Classifiers], PhaseResult]

# Cheap rules first; the models last. Every phase runs unless one returns `final`.
PHASES: tuple[tuple[str, Phase], ...] = (
    ("empty", empty.check),
    ("length", length.check),
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

# How a phase reads a comment longer than MAX_TEXT_CHARS: "whole", the whole text (phases that
# look at a few characters, or count links a window at a time themselves); "first", the opening
# window (the on-topic model reads a comment's first and last tokens; the language is judged on
# the opening too); any other phase, a house rule included, reads each window in turn.
READS_LONG_TEXT: dict[str, str] = {
    "empty": "whole",
    "length": "whole",
    "links": "whole",
    "trust": "whole",
    "premoderation": "whole",
    "language": "first",
    "topic": "first",
}
# A phase reading a long comment keeps the first this many highlighted spans (each window could
# add thousands).
MAX_SPANS = 1_000

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
    scores: dict[str, float],
    versions: dict[str, str],
    policy: Policy,
    timings: dict[str, float],
    too_long: bool = False,
) -> Verdict:
    # Fail closed is a hard rule: held even in shadow mode. A comment too long to read whole
    # says so too (its windows can take longer than the budget), though that is not enforced in
    # shadow mode.
    reasons = ("too_long", "classifier_unavailable") if too_long else ("classifier_unavailable",)
    return Verdict(
        decision="hold",
        reasons=reasons,
        enforced_reasons=("classifier_unavailable",) if policy.shadow else reasons,
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


class PastBudget(Exception):
    """The time budget ran out between two windows of a long comment."""


def _for_topic(submission: Submission) -> Submission:
    """The submission as the on-topic phase reads it: a comment or parent longer than
    MAX_TEXT_CHARS cut to its opening window (the model reads a few dozen tokens of each)."""
    parent = submission.parent_text
    if len(submission.text) <= MAX_TEXT_CHARS and (parent is None or len(parent) <= MAX_TEXT_CHARS):
        return submission
    return replace(
        submission,
        text=first_window(submission.text),
        parent_text=None if parent is None else first_window(parent),
    )


def _keep_larger(merged: dict[str, float], name: str, value: float) -> None:
    old = merged.get(name)
    if old is None or (_finite(old) and (not _finite(value) or value > old)):
        # A score that is not a number is kept: the pipeline then fails closed.
        merged[name] = value


def _read_windows(
    phase: Phase,
    submission: Submission,
    policy: Policy,
    classifiers: Classifiers,
    past_budget: Callable[[], bool],
) -> PhaseResult:
    """One phase over each window of a long comment, merged: each score the highest of any
    window, the decision, reasons and spans of the strictest windows (spans moved to offsets in
    the whole text, at most MAX_SPANS), stopping at a window whose result is final."""
    decision: Decision | None = None
    reasons: list[str] = []
    spans: dict[tuple[int, int, str], Span] = {}
    scores: dict[str, float] = {}
    hard = final = False
    for window in windows(submission.text):
        if past_budget():
            raise PastBudget
        result = phase(replace(submission, text=window.text), policy, classifiers)
        for name, value in result.scores:
            _keep_larger(scores, name, value)
        if result.decision is not None and (
            decision is None or SEVERITY[result.decision] > SEVERITY[decision]
        ):
            decision, reasons, spans, hard = result.decision, [], {}, False
        if result.decision is not None and result.decision == decision:
            reasons += [r for r in result.reasons if r not in reasons]
            hard = hard or result.hard
            for span in result.spans:
                if len(spans) == MAX_SPANS:
                    break
                moved = Span(window.start + span.start, window.start + span.end, span.reason)
                spans.setdefault((moved.start, moved.end, moved.reason), moved)
        if result.final:
            final = True
            break
    return PhaseResult(
        decision=decision,
        reasons=tuple(reasons),
        scores=tuple(scores.items()),
        spans=tuple(sorted(spans.values(), key=lambda s: (s.start, s.end))),
        final=final,
        hard=hard,
    )


def run_phase(
    name: str,
    phase: Phase,
    submission: Submission,
    policy: Policy,
    classifiers: Classifiers,
    past_budget: Callable[[], bool] = lambda: False,
) -> PhaseResult:
    """One phase's result; a comment longer than MAX_TEXT_CHARS is read as READS_LONG_TEXT says
    (only the on-topic phase also cuts a long parent comment to its opening)."""
    reads = READS_LONG_TEXT.get(name, "each")
    if name == "topic":
        return phase(_for_topic(submission), policy, classifiers)
    if len(submission.text) <= MAX_TEXT_CHARS or reads == "whole":
        return phase(submission, policy, classifiers)
    if reads == "first":
        return phase(replace(submission, text=first_window(submission.text)), policy, classifiers)
    return _read_windows(phase, submission, policy, classifiers, past_budget)


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
    too_long = len(submission.text) > MAX_TEXT_CHARS
    try:
        versions = model_versions(classifiers)
    except Exception:
        logger.exception("moderation classifiers are not usable")
        return unavailable({}, {}, policy, timings, too_long)

    def past_budget() -> bool:
        return clock() - started > policy.time_budget_s

    for name, phase in phases:
        phase_start = clock()
        try:
            result = run_phase(name, phase, submission, policy, classifiers, past_budget)
        except PastBudget:
            logger.error("moderation ran past its %.2f s budget in %s", policy.time_budget_s, name)
            return unavailable(scores, versions, policy, timings, too_long)
        except Exception:
            logger.exception("moderation phase %s failed", name)
            return unavailable(scores, versions, policy, timings, too_long)
        timings[name] = round((clock() - phase_start) * 1000, 3)
        if not all(_finite(value) for _, value in result.scores):
            logger.error("moderation phase %s gave a score that is not a number", name)
            return unavailable(scores, versions, policy, timings, too_long)
        if past_budget():
            logger.error("moderation ran past its %.2f s budget in %s", policy.time_budget_s, name)
            return unavailable(scores, versions, policy, timings, too_long)
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
            # As the on-topic phase will read them: a long comment or parent, its opening only.
            prime([(t.text, t.article, t.parent_text) for t in map(_for_topic, submissions)])
        except Exception:
            logger.exception("batch embedding failed; scoring the comments one by one")
    return [moderate(s, policy, classifiers, phases, clock) for s in submissions]
