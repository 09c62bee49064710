"""Splitting an article into sentences takes time in proportion to its length (security review,
2026-11-30). Each full stop that does not end a sentence (an initial, "Mr.", a stop before a
lower-case word) copied the text since the sentence's start again, and every stop copied all
the text after it: 30,000 stops ("a. " repeated, 90,000 characters) took 26 s of the worker's
time, and an article may hold 500,000 characters."""

from __future__ import annotations

import time

import pytest

from masthead.narration.script import split_sentences


@pytest.mark.parametrize("unit", ["a. ", '"a." ', "x. y ", "Mr. "])
def test_many_stops_that_end_no_sentence_are_read_once(unit):
    text = unit * (90_000 // len(unit))
    started = time.perf_counter()
    split_sentences(text)
    assert time.perf_counter() - started < 2


def test_sentences_are_split_as_before():
    text = 'Mr. Smith met J. Jones. "It works." (Yes.) It is 5 p.m. now!  Then    it ended. x'
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Mr. Smith met J. Jones.",
        '"It works."',
        "(Yes.)",
        "It is 5 p.m. now!",
        "Then    it ended. x",
    ]
