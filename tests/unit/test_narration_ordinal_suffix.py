"""Only a number written with its own ordinal suffix is read as an ordinal: "5st 3lb" (five
stone three pounds) used to be read "fifth three lb"."""

from __future__ import annotations

import pytest

from masthead.narration.script import ordinal_suffix, speakable


@pytest.mark.parametrize(
    ("n", "suffix"),
    [
        (1, "st"),
        (2, "nd"),
        (3, "rd"),
        (4, "th"),
        (11, "th"),
        (12, "th"),
        (13, "th"),
        (21, "st"),
        (22, "nd"),
        (23, "rd"),
        (101, "st"),
        (111, "th"),
        (112, "th"),
        (1000, "th"),
    ],
)
def test_ordinal_suffix_follows_english_spelling(n, suffix):
    assert ordinal_suffix(n) == suffix


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("the 21st century", "twenty-first"),
        ("on the 3rd day", "third"),
        ("her 11th goal", "eleventh"),
        ("his 112th game", "one hundred and twelfth"),
    ],
)
def test_a_number_with_its_own_suffix_is_read_as_an_ordinal(text, said):
    assert said in speakable(text)


@pytest.mark.parametrize("text", ["He weighs 5st 3lb now.", "the 3th item", "a 1nd try"])
def test_a_number_with_another_suffix_is_not_read_as_an_ordinal(text):
    out = speakable(text)
    assert "fifth" not in out and "third" not in out and "first" not in out
