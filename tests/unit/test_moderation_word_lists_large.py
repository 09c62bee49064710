"""A word list of 20,000 entries is ready at once (QA walk, 2026-11-30): the first comment a
process checked after such a list was saved took longer than the 2 s moderation budget, because
the list was compiled into one regular expression of every entry and a masked word ("f*ck")
compiled one expression per entry. The work is counted here, not timed: building and using the
list compiles no expression that grows with the list."""

from __future__ import annotations

import random
import re
import string

import pytest

from masthead.moderation.core import normalise
from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.phases import word_lists
from masthead.moderation.core.types import Policy
from tests.unit.moderation_helpers import submission


def _entries(count: int, seed: int = 7) -> tuple[str, ...]:
    rng = random.Random(seed)
    found: set[str] = set()
    while len(found) < count:
        found.add("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 12))))
    return tuple(sorted(found))


@pytest.fixture
def compiled(monkeypatch):
    """Every pattern handed to re.compile while the test runs."""
    seen: list[str] = []
    real = re.compile

    def counting(pattern, flags=0):  # type: ignore[no-untyped-def]
        seen.append(pattern if isinstance(pattern, str) else repr(pattern))
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    word_lists.matcher.cache_clear()
    normalise._mask_patterns.cache_clear()
    normalise.clear_cache()
    yield seen
    word_lists.matcher.cache_clear()
    normalise._mask_patterns.cache_clear()


def test_a_20000_entry_list_compiles_no_expression_that_grows_with_the_list(compiled):
    words = _entries(20_000) + ("scumbag", "idiot")
    policy = Policy(banned_words_hold=words)
    fakes = fake_classifiers()
    # A masked word makes the list unmask it; a disguised spelling still matches.
    result = word_lists.check(submission("What a sc*mbag, you 1d10t"), policy, fakes)
    assert result.decision == "hold" and result.reasons == ("banned_word",)
    assert [(s.start, s.end) for s in result.spans] == [(7, 15), (20, 25)]
    assert word_lists.check(submission("A calm reply."), policy, fakes).decision is None
    assert len(compiled) < 20, f"{len(compiled)} expressions compiled"
    assert max(map(len, compiled), default=0) < 1000


def test_a_listed_entry_drawn_from_20000_is_found_as_a_whole_word_only(compiled):
    words = _entries(20_000)
    entry = words[12_345]
    policy = Policy(suspect_words=words)
    fakes = fake_classifiers()
    result = word_lists.check(submission(f"Well, {entry.upper()}!"), policy, fakes)
    assert result.decision == "hold"
    assert [(s.start, s.end) for s in result.spans] == [(6, 7 + len(entry))]
    joined = f"Well, x{entry}y"
    assert word_lists.check(submission(joined), policy, fakes).decision is None


def _regex_rule(entries: list[str]) -> re.Pattern[str]:
    """The rule as it was written before: one alternation between word boundaries."""
    ordered = sorted(set(entries), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(e) for e in ordered) + r")(?!\w)")


def test_whole_word_lookup_agrees_with_the_regular_expression_rule():
    rng = random.Random(3)
    alphabet = "ab _-!+é1"
    for _ in range(400):
        entries = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(5)
        ]
        entries = [e for e in entries if e]
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        expected = _regex_rule(entries).search(text) is not None
        assert word_lists.WholeWords.of(entries).search(text) is expected, (entries, text)
