"""Moderators' word lists: banned words reject or hold, suspect words hold for a look.

Matching is on whole words of the normalised text, so disguised spellings ("sc*m", "s c u m",
"5cum") of a listed word match too. A list entry may be a phrase of several words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.normalise import normalise
from masthead.moderation.core.types import PhaseResult, Policy, Span, Submission

WORD_RE = re.compile(r"\S+")


def _pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    cleaned = sorted({normalise(w) for w in words if w.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in cleaned) + r")(?!\w)")


def _spans(
    text: str, pattern: re.Pattern[str], reason: str, lexicon: tuple[str, ...]
) -> list[Span]:
    """Offsets in the ORIGINAL text of the words whose normalised form matches."""
    spans = []
    for m in WORD_RE.finditer(text):
        if pattern.search(normalise(m.group(0), lexicon)):
            spans.append(Span(m.start(), m.end(), reason))
    return spans


def find(text: str, words: Iterable[str]) -> bool:
    pattern = _pattern(words)
    if pattern is None:
        return False
    lexicon = tuple(normalise(w) for w in words)
    return pattern.search(normalise(text, lexicon)) is not None


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    text = submission.text
    for words, decision, reason in (
        (policy.banned_words_reject, "reject", "banned_word"),
        (policy.banned_words_hold, "hold", "banned_word"),
        (policy.suspect_words, "hold", "suspect_word"),
    ):
        pattern = _pattern(words)
        if pattern is None:
            continue
        lexicon = tuple(normalise(w) for w in words)
        if pattern.search(normalise(text, lexicon)):
            spans = tuple(_spans(text, pattern, reason, lexicon))
            # A banned word to reject is a hard rule (enforced in shadow mode too).
            return PhaseResult(
                decision=decision,  # type: ignore[arg-type]
                reasons=(reason,),
                spans=spans,
                hard=decision == "reject",
            )
    return PhaseResult()
