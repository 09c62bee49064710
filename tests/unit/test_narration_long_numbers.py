"""A very long number in an article is read digit by digit, and quickly (security review,
2026-11-30).

Before, `speakable` spelled any run of digits as one whole number: 4,000 digits took 0.4 s of
the worker's time each (an article may hold 500,000 characters of them), and past 4,300 digits
Python's int() refused the text, so the story's narration failed with ValueError."""

from __future__ import annotations

import time

import pytest

from masthead.narration.script import speakable


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


def test_long_numbers_take_no_time():
    started = time.perf_counter()
    speakable(" ".join("8" * 4000 for _ in range(10)))
    assert time.perf_counter() - started < 0.5


def test_numbers_people_write_are_still_said_as_numbers():
    assert speakable("It cost 1,500 pounds.") == "It cost one thousand five hundred pounds."
    assert speakable("The 21st visitor.") == "The twenty-first visitor."
    assert "nine hundred and ninety-nine trillion" in speakable("999999999999999 stars.")
    assert speakable("$2.50") == "two dollars fifty cents"


def test_a_long_run_of_digits_with_no_percent_sign_is_read_once():
    """_RE_PERCENT was tried from every digit of a run and read the rest of it each time."""
    started = time.perf_counter()
    speakable("8" * 4000)
    assert time.perf_counter() - started < 0.1
    assert speakable("Up 12.5% and 1,500 percent.") == (
        "Up twelve point five percent and one thousand five hundred percent."
    )
