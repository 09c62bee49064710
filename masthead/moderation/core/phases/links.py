"""Links: more than the site allows holds the comment; any link can trigger pre-moderation.

What counts as a link is masthead.core.links, the definition the comment form's limit uses
too: every Markdown or HTML link (an address spelt with HTML entities,
`[a](https:&#x2F;&#x2F;spam.example)`, is a working link on the page), and every address
written out, bare domains included.
"""

from __future__ import annotations

from masthead.core.links import count_links, find_links
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Span, Submission

__all__ = ["check", "count_links", "find_links"]


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    count = count_links(submission.text)
    scores = (("links", float(count)),)
    if count > policy.max_links:
        spans = tuple(
            Span(start, end, "too_many_links") for start, end in find_links(submission.text)
        )
        return PhaseResult(decision="hold", reasons=("too_many_links",), scores=scores, spans=spans)
    return PhaseResult(scores=scores)
