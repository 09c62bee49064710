"""A very long number in an article is read digit by digit, and quickly (security review,
2026-11-30).

Before, `speakable` spelled any run of digits as one whole number: 4,000 digits took 0.4 s of
the worker's time each (an article may hold 500,000 characters of them), and past 4,300 digits
Python's int() refused the text, so the story's narration failed with ValueError.

The tests check what made it slow rather than timing it (a timed test flakes on a busy CI
machine; the times are in bench/worst_case_text.py and docs/benchmarks.md): no number of more
than 15 digits is converted or spelt, so each digit costs a bounded amount of work, and the
percent pattern is not tried again from inside a run of digits."""

from __future__ import annotations

import re
from typing import Any

import pytest

from masthead.narration import script
from masthead.narration.script import speakable

LONGEST_NUMBER_SAID = 15  # script.LONGEST_NUMBER_SAID: longer numbers are read digit by digit


@pytest.mark.parametrize(
    "text",
    [
        "The code is " + "7" * 5000 + ".",
        "It cost $" + "9" * 5000 + ".",
        "The " + "1" * 5000 + "th visitor.",
        "Up " + "4" * 5000 + " percent.",
    ],
)
def test_a_number_too_long_to_say_is_read_digit_by_digit(text):
    said = speakable(text)
    assert said.count("seven") + said.count("nine") + said.count("one") + said.count("four") >= 5000


@pytest.mark.parametrize(
    "text",
    [
        " ".join("8" * 4000 for _ in range(10)),
        "It cost $" + "9" * 4000 + ".",
        "The " + "1" * 4000 + "th visitor.",
        "Up " + "4" * 4000 + " percent.",
    ],
)
def test_long_numbers_are_never_converted_or_spelt_whole(text, monkeypatch):
    """Converting and spelling a number of d digits costs more than d times a digit's work
    (int() of a long text, divmod by each scale, again for each scale's count): the cost of a
    4,000-digit number. Reading digit by digit, no conversion sees more than 15 digits."""
    longest_text = 0
    largest_number = 0
    spell = script.number_words

    def counting_int(value: Any = "0", *args: Any) -> int:
        nonlocal longest_text
        if isinstance(value, str):
            longest_text = max(longest_text, len(value))
        return int(value, *args)

    def counting_number_words(number: int) -> str:
        nonlocal largest_number
        largest_number = max(largest_number, abs(number))
        return spell(number)

    # The module's own name `int` shadows the builtin for its code only.
    monkeypatch.setattr(script, "int", counting_int, raising=False)
    monkeypatch.setattr(script, "number_words", counting_number_words)
    speakable(text)
    assert longest_text <= LONGEST_NUMBER_SAID
    assert largest_number < 10**LONGEST_NUMBER_SAID


def test_numbers_people_write_are_still_said_as_numbers():
    assert speakable("It cost 1,500 pounds.") == "It cost one thousand five hundred pounds."
    assert speakable("The 21st visitor.") == "The twenty-first visitor."
    assert "nine hundred and ninety-nine trillion" in speakable("999999999999999 stars.")
    assert speakable("$2.50") == "two dollars fifty cents"


def characters_read(pattern: re.Pattern[str], text: str) -> int:
    """Sum over every start position of the length `pattern` matches from there. How far an
    attempt reads into a run of digits cannot depend on what follows the run (the engine sees
    that only at the run's end), so with a '%' after the run, an attempt that would read the
    whole run when no '%' follows is exactly one that matches."""
    total = 0
    for i in range(len(text)):
        match = pattern.match(text, i)
        if match:
            total += match.end() - i
    return total


def test_a_long_run_of_digits_with_no_percent_sign_is_read_once():
    """_RE_PERCENT was tried from every digit of a run and read the rest of it each time
    (4,000 digits: 0.6 s): linear, the sum grows about 4 times when the run does; before the
    fix, 16 times (501,500 and 8,006,000 characters; after, 1,001 and 4,001)."""
    small = characters_read(script._RE_PERCENT, "8" * 1_000 + "%")
    large = characters_read(script._RE_PERCENT, "8" * 4_000 + "%")
    assert large <= 5 * small, (small, large)
    assert speakable("8" * 4000).split() == ["eight"] * 4000
    assert speakable("Up 12.5% and 1,500 percent.") == (
        "Up twelve point five percent and one thousand five hundred percent."
    )
