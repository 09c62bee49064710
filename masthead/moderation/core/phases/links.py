"""Links: more than the site allows holds the comment; any link can trigger pre-moderation.

Links are counted as written and as the comment renders them: an address spelt with HTML
entities (`[a](https:&#x2F;&#x2F;spam.example)`) shows no URL in the text but is a working
link on the page, so the text is also read with its entities decoded.
"""

from __future__ import annotations

import html
import re

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Span, Submission

LINK_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+|\b[a-z0-9][a-z0-9-]*\.(?:com|net|org|info|biz|ru|io|ly|co|xyz|top|shop|site|online)\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)


def find_links(text: str) -> list[re.Match[str]]:
    """The links written in `text` (offsets into it)."""
    return list(LINK_RE.finditer(text))


def count_links(text: str) -> int:
    """Links as written, or as the text renders them once its entities are decoded."""
    written = len(find_links(text))
    return max(written, len(find_links(html.unescape(text)))) if "&" in text else written


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    found = find_links(submission.text)
    count = count_links(submission.text)
    scores = (("links", float(count)),)
    if count > policy.max_links:
        spans = tuple(Span(m.start(), m.end(), "too_many_links") for m in found)
        return PhaseResult(decision="hold", reasons=("too_many_links",), scores=scores, spans=spans)
    return PhaseResult(scores=scores)
