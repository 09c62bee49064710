"""Links: more than the site allows holds the comment; any link can trigger pre-moderation.

What counts as a link is masthead.core.links, the definition the comment form's limit uses
too: every Markdown or HTML link (an address spelt with HTML entities,
`[a](https:&#x2F;&#x2F;spam.example)`, is a working link on the page), and every address
written out, bare domains included.

A comment longer than the checks read whole (core/windows.py) has its links counted one
window's own part at a time, so the count costs the memory of one window; the own parts are cut
at white space, so only a Markdown link whose text has a space in it can be cut in two there
(or a reference link whose definition is in another part).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from masthead.core.links import count_links, find_links
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Span, Submission
from masthead.moderation.core.windows import MAX_TEXT_CHARS, windows

__all__ = ["check", "count_links", "find_links", "links_in"]

# A long comment marks at most this many of its links for the moderator.
MAX_SPANS = 1_000


def _parts(text: str) -> Iterator[tuple[int, str]]:
    if len(text) <= MAX_TEXT_CHARS:
        yield 0, text
        return
    for window in windows(text):
        yield window.start, window.text[: window.own]


def links_in(text: str) -> int:
    """count_links(text), a window's own part at a time for a text too long to read whole."""
    return sum(count_links(part) for _, part in _parts(text))


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    count = links_in(submission.text)
    scores = (("links", float(count)),)
    if count > policy.max_links:
        found = (
            Span(offset + start, offset + end, "too_many_links")
            for offset, part in _parts(submission.text)
            for start, end in find_links(part)
        )
        spans = tuple(islice(found, MAX_SPANS))
        return PhaseResult(decision="hold", reasons=("too_many_links",), scores=scores, spans=spans)
    return PhaseResult(scores=scores)
