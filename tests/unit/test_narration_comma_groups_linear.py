"""A long list of thousands groups (`111,111,111,...`) is read in time linear in its length
(security review, 2026-11-30).

The unit pattern added that day (`5kg`, `30mph`) and the percent pattern were tried again from
the first digit of every group after a comma, and each try read the rest of the list (its
`(?:,\\d{3})+`) before failing: 16,000 characters of `111,` took some 11 s of the narration
worker's time in `speakable`, growing with the square of the length (a paragraph is one
"sentence" when it holds no full stop, and a body may hold 500,000 characters).

Measured, not timed: the characters the pattern reads from each start position, summed, with a
suffix after the list (`kg`, `%`) so that an attempt that reads the whole list matches (how far
an attempt reads into the list does not depend on what follows it). At n and 4n groups the sum
grows about 4 times when linear, 16 when quadratic."""

from __future__ import annotations

import re

import pytest

from masthead.narration import script
from masthead.narration.script import speakable


def characters_read(pattern: re.Pattern[str], text: str) -> int:
    """Sum over every start position of the length `pattern` matches from there."""
    total = 0
    for i in range(len(text)):
        match = pattern.match(text, i)
        if match:
            total += match.end() - i
    return total


@pytest.mark.parametrize(
    ("name", "suffix"), [("_RE_UNIT", "kg"), ("_RE_PERCENT", "%"), ("_RE_PERCENT", " percent")]
)
def test_a_long_list_of_thousands_groups_is_read_once_not_from_every_group(name, suffix):
    pattern = getattr(script, name)
    small = characters_read(pattern, "List " + "111," * 500 + "111" + suffix)
    large = characters_read(pattern, "List " + "111," * 2_000 + "111" + suffix)
    assert large <= 5 * small, (name, small, large)


def test_numbers_with_thousands_groups_are_still_read_with_their_unit_or_percent():
    assert speakable("It weighs 1,500kg.") == "It weighs one thousand five hundred kilograms."
    assert speakable("Up 12.5% and 1,500 percent.") == (
        "Up twelve point five percent and one thousand five hundred percent."
    )
    assert speakable("A 2,50% rise.").startswith("A two,")
    assert "fifty percent" in speakable("A 2,50% rise.")
    assert speakable("Loads of 5kg, 10km and 1,000,000MW.") == (
        "Loads of five kilograms, ten kilometres and one million megawatts."
    )
