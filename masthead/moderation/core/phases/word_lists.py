"""Moderators' word lists: banned words reject or hold, suspect words hold for a look.

Matching is on whole words of the normalised text, so disguised spellings ("sc*m", "s c u m",
"5cumb4g") of a listed word match too. A list entry may be a phrase of several words.

An entry holding a web address or an @name ("spam-shop.com", "@spammer") is matched as written
(any case) in the comment itself: the normalised text has a placeholder for every link and
mention, so matching it there would match every link or every mention. An entry with no word
left once normalised (only accents or marks) matches nothing. A word that mixes Latin letters
with look-alikes from another alphabet ("mоrоn" with Cyrillic о, "МORON") is read with the
Latin letters (`masthead.core.confusables`); a word wholly in another alphabet is left alone.

The compiled matchers are kept for the last few lists: a list of thousands of entries is
compiled once, not at every comment. Whole words are looked up in a set (`WholeWords`), not
compiled into one regular expression: Python took over a second to compile 20,000 entries,
longer than the moderation budget allows the first comment a process checks after a change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from masthead.core.confusables import fold_mixed_words
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.normalise import normalise
from masthead.moderation.core.types import PhaseResult, Policy, Span, Submission

WORD_RE = re.compile(r"\S+")
# What normalise() puts in place of a link and of an @mention.
PLACEHOLDERS = frozenset({"xxurl", "xxuser"})


def _is_word_char(ch: str) -> bool:
    # What `\w` matches in a str pattern.
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class WholeWords:
    r"""Entries found where the regular expression `(?<!\w)(?:entry|...)(?!\w)` would find them,
    by looking up each possible start and length in a set: building it costs one pass over the
    entries, and a search costs (positions) x (distinct entry lengths) look-ups."""

    entries: frozenset[str]
    lengths: tuple[int, ...]  # ascending
    starts: frozenset[str]  # the first characters of the entries

    @classmethod
    def of(cls, entries: Iterable[str]) -> WholeWords:
        unique = frozenset(e for e in entries if e)
        return cls(unique, tuple(sorted({len(e) for e in unique})), frozenset(e[0] for e in unique))

    def search(self, text: str) -> bool:
        entries, starts, size = self.entries, self.starts, len(text)
        for start, ch in enumerate(text):
            if ch not in starts or (start and _is_word_char(text[start - 1])):
                continue
            for length in self.lengths:
                end = start + length
                if end > size:
                    break
                if text[start:end] in entries and (end == size or not _is_word_char(text[end])):
                    return True
        return False


@dataclass(frozen=True)
class Matcher:
    # Whole words of the normalised text (disguises undone).
    pattern: WholeWords | None
    # Entries with a link or a mention, as written, in the original text (any case).
    literal: re.Pattern[str] | None
    lexicon: tuple[str, ...]

    def search(self, text: str) -> bool:
        if self.literal is not None and self.literal.search(text):
            return True
        return self.pattern is not None and self.pattern.search(
            normalise(fold_mixed_words(text), self.lexicon)
        )

    def spans(self, text: str, reason: str) -> list[Span]:
        """Offsets in the ORIGINAL text of the words (or addresses) that match."""
        found: list[Span] = []
        if self.pattern is not None:
            for m in WORD_RE.finditer(text):
                if self.pattern.search(normalise(fold_mixed_words(m.group(0)), self.lexicon)):
                    found.append(Span(m.start(), m.end(), reason))
        if self.literal is not None:
            found.extend(Span(m.start(), m.end(), reason) for m in self.literal.finditer(text))
        return sorted(found, key=lambda s: (s.start, s.end))


def _alternation(entries: Iterable[str]) -> str:
    ordered = sorted(set(entries), key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(re.escape(e) for e in ordered) + r")(?!\w)"


@lru_cache(maxsize=16)
def matcher(words: tuple[str, ...]) -> Matcher:
    plain: list[str] = []
    literal: list[str] = []
    for word in words:
        if not word.strip():
            continue
        normalised = normalise(word)
        if not normalised:
            continue  # nothing a comment could hold as a word
        if PLACEHOLDERS & set(normalised.split()):
            literal.append(" ".join(word.split()))
        else:
            plain.append(normalised)
    return Matcher(
        pattern=WholeWords.of(plain) if plain else None,
        literal=re.compile(_alternation(literal), re.IGNORECASE) if literal else None,
        lexicon=tuple(plain),
    )


def find(text: str, words: Iterable[str]) -> bool:
    return matcher(tuple(words)).search(text)


def check(submission: Submission, policy: Policy, classifiers: Classifiers) -> PhaseResult:
    text = submission.text
    for words, decision, reason in (
        (policy.banned_words_reject, "reject", "banned_word"),
        (policy.banned_words_hold, "hold", "banned_word"),
        (policy.suspect_words, "hold", "suspect_word"),
    ):
        if not words:
            continue
        match = matcher(tuple(words))
        if match.search(text):
            # A banned word to reject is a hard rule (enforced in shadow mode too).
            return PhaseResult(
                decision=decision,  # type: ignore[arg-type]
                reasons=(reason,),
                spans=tuple(match.spans(text, reason)),
                hard=decision == "reject",
            )
    return PhaseResult()
