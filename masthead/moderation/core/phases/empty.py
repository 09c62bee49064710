"""Nothing to moderate: an empty or whitespace-only comment is held (a form should stop it first)."""

from __future__ import annotations

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Submission


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    if not submission.text.strip():
        return PhaseResult(decision="hold", reasons=("empty",), final=True)
    return PhaseResult()
