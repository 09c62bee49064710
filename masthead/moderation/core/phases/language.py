"""Other languages: a comment clearly written in a language the models were not trained on is
held for a moderator with its own reason, instead of being judged on scores that mean nothing
for it (`core/language.py`). Short or mixed comments are left to the models.

The models still run and their scores are recorded (and printed by the batch CLI); only their
reasons are dropped from the verdict (`pipeline.py`), so an author is not told that a comment
the models could not read "reads as abusive".
"""

from __future__ import annotations

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.language import detect
from masthead.moderation.core.types import PhaseResult, Policy, Submission


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    if not policy.hold_other_languages:
        return PhaseResult()
    if detect(submission.text).other:
        return PhaseResult(decision="hold", reasons=("other_language",))
    return PhaseResult()
