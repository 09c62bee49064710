"""Pre-moderation: the article or the site says a moderator sees some comments first.

Modes (any combination, per site): everything; first comments of new readers; comments with
links. An article set to "premoderated" holds every comment whatever the site's modes.
Pre-moderation is the newsroom's explicit choice, not a model's verdict, so it is a hard rule:
enforced in shadow mode too.
"""

from __future__ import annotations

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.phases.links import links_in
from masthead.moderation.core.types import PhaseResult, Policy, Submission


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    if submission.article_premoderated:
        return PhaseResult(decision="hold", reasons=("pre_moderation",), hard=True)
    modes = policy.premoderation
    if "everything" in modes:
        return PhaseResult(decision="hold", reasons=("pre_moderation",), hard=True)
    if submission.author.trusted:
        return PhaseResult()
    reasons: list[str] = []
    if "new_readers" in modes and submission.author.published < policy.new_reader_published_below:
        reasons.append("first_comment")
    if "links" in modes and links_in(submission.text):
        reasons.append("has_links")
    if reasons:
        return PhaseResult(decision="hold", reasons=tuple(reasons), hard=True)
    return PhaseResult()
