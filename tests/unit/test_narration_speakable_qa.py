"""Printed forms a listener heard wrongly in the narration QA walk of 2026-11-30 (the voice
reads what `speakable` gives it; espeak-ng, Piper's phonemiser, was asked how it says each):

- "£1.25trn" was "one pound twenty-five pencetrn" (the scale "trn" was not known);
- "9.30am" (a British time) was "nine.thirty a.m." ("nine dot thirty");
- "24/7" was "twenty-four/seven" ("twenty-four slash seven"), "2024/25" likewise;
- "the A1", "M25", "Q3" were "Aone", "Mtwenty-five", "Qthree" (one word: "Aone" is "own");
- "5kg", "10km", "30mph", "5G" were "fivekg", "tenkm", "thirtymph", "fiveG" (one word each);
- "the 1800s" was "the one thousand eight hundreds";
- a number with a leading zero (a telephone number, "007") lost its zero: "0800" was "eight
  hundred";
- "-5C" lost its minus sign ("five C").
"""

from __future__ import annotations

import pytest

from masthead.narration.script import speakable


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        ("a £1.25trn debt", "a one point two five trillion pounds debt"),
        ("a $2trn market", "a two trillion dollars market"),
        ("at 9.30am", "at nine thirty a.m."),
        ("at 7.05 p.m.", "at seven oh five p.m."),
        ("rates of 9.30 and 4.5", "rates of nine point three zero and four point five"),
        ("open 24/7.", "open twenty-four seven."),
        ("the 2024/25 season", "the twenty twenty-four to twenty-five season"),
        (
            "in 2000/01 and 1999/00",
            "in two thousand to oh one and nineteen ninety-nine to two thousand",
        ),
        ("the A1 and the M25", "the A one and the M twenty-five"),
        ("growth in Q3", "growth in Q three"),
        ("Covid-19 and COP26", "Covid-nineteen and COP twenty-six"),
        ("it weighs 5kg", "it weighs five kilograms"),
        ("a 1kg bag", "a one kilogram bag"),
        ("10km long at 30mph", "ten kilometres long at thirty miles per hour"),
        ("a 2.5 km walk", "a two point five kilometres walk"),
        ("a 40MW farm", "a forty megawatts farm"),
        ("in the 1800s", "in the eighteen hundreds"),
        ("in the 2000s", "in the two thousands"),
        ("Call 0800 123 4567.", "Call oh eight oh oh one two three four five six seven."),
        ("agent 007", "agent oh oh seven"),
        ("a 5m fall, 5G and 3D", "a five m fall, five G and three D"),  # was "fivem"
        # "degrees Celsius" since 2026-11-30 (test_narration_years_fractions_degrees_saints.py)
        (
            "lows of -5C and −3.5C",
            "lows of minus five degrees Celsius and minus three point five degrees Celsius",
        ),
        ("(-2) and 5 - 3 and 5-3", "minus two, and five to three and five to three"),
    ],
)
def test_speakable_reads_these_as_a_newsreader_would(printed: str, spoken: str) -> None:
    assert speakable(printed) == spoken


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        # what was already right stays so
        ("The deal is worth £3.5bn.", "The deal is worth three point five billion pounds."),
        ("in the 1990s", "in the nineteen nineties"),
        ("He lives at No. 10.", "He lives at number ten."),
        ("City won 5-3.", "City won five to three."),
        ("0.3% growth", "zero point three percent growth"),
        ("the 60s", "the sixtys"),  # espeak-ng says "sixties"
        ("at 10:30 a.m.", "at ten thirty a.m."),
        ("the 21st century", "the twenty-first century"),
        ("1,000-page report", "one thousand-page report"),
    ],
)
def test_speakable_keeps_what_already_read_well(printed: str, spoken: str) -> None:
    assert speakable(printed) == spoken
