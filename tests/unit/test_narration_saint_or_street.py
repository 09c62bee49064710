""" "St" and "St." are read as a newsreader would (2026-11-30).

Before, "St." before a capital was always "Saint", so "He lives on Downing St. The PM ..." was
read "Downing Saint The PM", and "St" without a full stop was left to the voice ("High St",
"St Pancras"). Now "St" after a capitalised word is a street ("Downing St.", "High St", "Wall
St."); before a capitalised name with no capitalised word before it, or at a sentence's start,
a saint ("St. Paul's", "at St Pancras", "St Andrews"). A sentence's opening word ("The", "In")
and place words ("Mount St. Helens", "Bury St Edmunds") do not make it a street. A street's
full stop stays where it also ends the sentence.

The look either side of each "St" is bounded, so the pass is linear in the text's length: counted
here as the characters the replacement reads (no timing)."""

from __future__ import annotations

import pytest

from masthead.narration import script
from masthead.narration.script import speakable


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        # a street: after a capitalised word
        ("He lives on Downing St. The PM spoke.", "He lives on Downing Street. The PM spoke."),
        ("Downing St. Officials said no.", "Downing Street. Officials said no."),
        ("Main St, Leeds", "Main Street, Leeds"),
        ("Main St., Leeds", "Main Street, Leeds"),
        ("shops on the High St", "shops on the High Street"),
        ("a Wall St. bank", "a Wall Street bank"),
        ("It fell on Wall St.", "It fell on Wall Street."),
        ("Downing St said no.", "Downing Street said no."),
        # a saint: before a name, with no capitalised word before it
        ("St. Paul's Cathedral", "Saint Paul's Cathedral"),
        ("They met at St Pancras.", "They met at Saint Pancras."),
        ("St Andrews won.", "Saint Andrews won."),
        ("flights to St. Louis", "flights to Saint Louis"),
        ("He left. St Paul's is shut.", "He left. Saint Paul's is shut."),
        ("Leeds, St Andrews and York", "Leeds, Saint Andrews and York"),
        # both in one
        ("St. John St.", "Saint John Street."),
        # a sentence's opening word or a place word before it is not a street's name
        ("In St Ives.", "In Saint Ives."),
        ("The St. Louis team won.", "The Saint Louis team won."),
        ("Mount St. Helens erupted.", "Mount Saint Helens erupted."),
        ("Bury St Edmunds", "Bury Saint Edmunds"),
        ("Mr. St. John spoke.", "Mister Saint John spoke."),
        ("the St-Denis stadium", "the Saint Denis stadium"),
        # unchanged from before
        ("on Downing St. today", "on Downing Street today"),
        ("St. Peter's church", "Saint Peter's church"),
    ],
)
def test_st_reads_street_after_a_street_name_and_saint_before_a_name(
    printed: str, spoken: str
) -> None:
    assert speakable(printed) == spoken


class _Counted(str):
    """A str that counts the characters read through its slices."""

    read = 0

    def __getitem__(self, key):  # type: ignore[override]
        got = str.__getitem__(self, key)
        _Counted.read += len(got)
        return got


def _characters_read(text: str) -> int:
    _Counted.read = 0
    script._RE_ST.sub(script._saint_or_street, _Counted(text))
    return _Counted.read


@pytest.mark.parametrize(
    "unit",
    [
        "Downing St. ",
        "St ",
        "A" * 200 + " St" + " " * 200,  # long words and long runs of spaces either side
        "x, St." + " " * 300 + "Paul ",
    ],
)
def test_deciding_saint_or_street_reads_a_bounded_amount_around_each_st(unit: str) -> None:
    small = _characters_read(unit * 250)
    large = _characters_read(unit * 1_000)
    assert 0 < small
    assert large <= 5 * small, (small, large)
    assert small <= 250 * 2 * (script._ST_LOOK + 1)
