"""Spam: the spam model's score, known patterns, and the same text posted again and again."""

from __future__ import annotations

import re

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.types import PhaseResult, Policy, Span, Submission

# Patterns that are spam on a news site whatever the model says.
PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:whats ?app|telegram|wa\.me)\b.{0,40}\+?\d[\d\s-]{7,}",
        r"\bcheck (?:out )?my (?:channel|page|profile|website|blog)\b",
        r"\b(?:earn|make)\s+\$?\d[\d,]*\s*(?:\$|usd|dollars)?\s*(?:a|per|every)\s+(?:day|week|hour|month)\b",
        r"\b(?:work(?:ing)? from home|home ?based job)\b.{0,80}\b(?:\$|usd|dollars|earn|paid)",
        r"\b(?:crypto|bitcoin|forex)\b.{0,60}\b(?:profit|invest|returns?|guaranteed)\b",
        r"\b(?:viagra|cialis|casino|escort)\b",
        r"\bsubscribe to my\b",
    )
]
# What each pattern cannot match without, in lower case: an ASCII comment (whose case can only
# differ from these in ASCII letters) holding none of a pattern's is not searched with it.
NEEDS = (
    ("whats", "telegram", "wa.me"),
    ("check ",),
    ("earn", "make"),
    ("from home", "based job"),
    ("crypto", "bitcoin", "forex"),
    ("viagra", "cialis", "casino", "escort"),
    ("subscribe to my",),
)
# The same author posting the same text this many times before is a repeat.
REPEAT_LIMIT = 1


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    score = classifiers.spam.score(submission.text)
    reasons: list[str] = []
    spans: list[Span] = []
    text = submission.text
    lower = text.lower() if text.isascii() else None
    for pattern, needs in zip(PATTERNS, NEEDS, strict=True):
        if lower is not None and not any(word in lower for word in needs):
            continue
        for m in pattern.finditer(text):
            spans.append(Span(m.start(), m.end(), "spam"))
    if spans:
        score = max(score, 0.99)
    if score >= policy.thresholds.spam:
        reasons.append("spam")
    if submission.author.identical_recent >= REPEAT_LIMIT:
        reasons.append("repeated")
    result_scores = (("spam", round(score, 4)),)
    if reasons:
        return PhaseResult(
            decision="hold", reasons=tuple(reasons), scores=result_scores, spans=tuple(spans)
        )
    return PhaseResult(scores=result_scores)
