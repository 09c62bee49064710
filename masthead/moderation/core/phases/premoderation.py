"""Pre-moderation: the article or the site says a moderator sees some comments first.

Modes (any combination, per site): everything; first comments of new readers; comments with
links. An article set to "premoderated" holds every comment whatever the site's modes.
Pre-moderation is the newsroom's explicit choice, not a model's verdict, so it is a hard rule:
enforced in shadow mode too.

A comment too long to read whole has its links counted a window's own part at a time
(phases/links.py), which can miss a reference link defined in another part or a Markdown link
cut at a part's end; under links pre-moderation such a comment is held as `has_links` whenever
it holds any link-like mark (`](`, `][` or `]:`), so the rule fails closed.
"""

from __future__ import annotations

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.phases.links import links_in
from masthead.moderation.core.types import PhaseResult, Policy, Submission
from masthead.moderation.core.windows import MAX_TEXT_CHARS

LINK_MARKS = ("](", "][", "]:")


def has_links(text: str) -> bool:
    if links_in(text):
        return True
    return len(text) > MAX_TEXT_CHARS and any(mark in text for mark in LINK_MARKS)


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
    if "links" in modes and has_links(submission.text):
        reasons.append("has_links")
    if reasons:
        return PhaseResult(decision="hold", reasons=tuple(reasons), hard=True)
    return PhaseResult()
