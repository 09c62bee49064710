"""Links: more than the site allows holds the comment; any link can trigger pre-moderation."""

from __future__ import annotations

import re

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Span, Submission

LINK_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+|\b[a-z0-9][a-z0-9-]*\.(?:com|net|org|info|biz|ru|io|ly|co|xyz|top|shop|site|online)\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)


def find_links(text: str) -> list[re.Match[str]]:
    return list(LINK_RE.finditer(text))


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    found = find_links(submission.text)
    scores = (("links", float(len(found))),)
    if len(found) > policy.max_links:
        spans = tuple(Span(m.start(), m.end(), "too_many_links") for m in found)
        return PhaseResult(decision="hold", reasons=("too_many_links",), scores=scores, spans=spans)
    return PhaseResult(scores=scores)
