"""Splitting an article into sentences takes time in proportion to its length (security review,
2026-11-30). Each full stop that does not end a sentence (an initial, "Mr.", a stop before a
lower-case word) copied the text since the sentence's start again, and every stop copied all
the text after it: 30,000 stops ("a. " repeated, 90,000 characters) took 26 s of the worker's
time, and an article may hold 500,000 characters.

The test counts the characters split_sentences takes out of the text (by slicing or indexing
it) instead of timing it (a timed test flakes on a busy CI machine; the times are in
bench/worst_case_text.py and docs/benchmarks.md): linear, the count grows about 4 times when
the text does; quadratic, about 16 times."""

from __future__ import annotations

from typing import SupportsIndex

import pytest

from masthead.narration.script import split_sentences


class CountingText(str):
    """A str that adds up how many characters are taken out of it with [i] or [a:b]."""

    taken = 0

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        piece = str.__getitem__(self, key)
        CountingText.taken += len(piece)
        return piece


def characters_taken(text: str) -> int:
    CountingText.taken = 0
    split_sentences(CountingText(text))
    return CountingText.taken


@pytest.mark.parametrize("unit", ["a. ", '"a." ', "x. y ", "Mr. "])
def test_many_stops_that_end_no_sentence_are_read_once(unit):
    small = characters_taken(unit * (6_000 // len(unit)))
    large = characters_taken(unit * (24_000 // len(unit)))
    # "a. ": before the fix 6,010,418 and 96,043,478 characters (16 times); after, 19,417 and
    # 79,477.
    assert 0 < small
    assert large <= 5 * small, (small, large)


def test_sentences_are_split_as_before():
    text = 'Mr. Smith met J. Jones. "It works." (Yes.) It is 5 p.m. now!  Then    it ended. x'
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Mr. Smith met J. Jones.",
        '"It works."',
        "(Yes.)",
        "It is 5 p.m. now!",
        "Then    it ended. x",
    ]
