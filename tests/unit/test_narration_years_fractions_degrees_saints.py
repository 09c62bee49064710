"""Early years, simple fractions, temperatures and "St" before a saint's place are read as a
newsreader would (2026-11-30).

Before:
- a year from 1010 to 1099 was read as a count: "in 1066" was "in one thousand and sixty-six",
  "the 1060s" "the one thousand and sixtys"; now, where the words around it make it a year
  (after "in", "since", "until"; "the year ..."; AD/BC/CE/BCE beside it; an event noun after it:
  "the 1066 invasion"), "ten sixty-six". A bare number stays a count ("1066 people", "in 1066
  cases"), since a count of that size printed without a comma cannot be told from a year. A
  year from 1100 to 2099 before a comma was a count too ("In 1990, he" was "In one thousand nine
  hundred and ninety, he"); now a year;
- fractions were read with a slash: "3/4" was "three/four"; now a proper fraction over 2, 3, 4
  or 8 is read as one ("three quarters", "two and a half"), and so are the printed fraction
  signs ("2½"). A date ("12/03", "1/2/2024"), "9/11", "24/7", a rating ("4/5") and "or"
  ("2/3 bedrooms") stay as printed;
- "30C" was "thirty C", "-5C" "minus five C", "30°C" "thirty°C"; now "thirty degrees Celsius"
  (a capital C or F straight after the number, or after a degree sign), but not a seat, flat or
  other label ("seat 14C", "Flat 3C"), a bra size ("34C bra") or an address ("5C Baker Street");
- "Paris St Germain" was "Paris Street Germain": a capitalised word before "St" made it a street
  whatever came after. Now a name that follows only a saint ("Germain", "Helens", "Pancras")
  makes it "Saint", and so does a possessive straight after an "St" with no full stop ("London's
  St Paul's"); "Wall St. Journal" is one name;
- the sentence splitter never ended a sentence at "St.", so "He lives on Downing St. The PM
  spoke." was one sentence for the read-along highlight, though it is read as two. Now a street's
  "St." before a capital ends the sentence; a saint's ("St. Paul's") does not.
"""

from __future__ import annotations

import pytest

from masthead.narration.script import speakable, split_sentences


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        ("the Normans landed in 1066.", "the Normans landed in ten sixty-six."),
        ("In 1066, William won.", "In ten sixty-six, William won."),
        ("in 1066 the Normans came", "in ten sixty-six the Normans came"),
        # a year of 1100 to 2099 before a comma was a count ("one thousand nine hundred and
        # ninety") by the same lookahead
        ("In 1990, he won.", "In nineteen ninety, he won."),
        (
            "in 2024, 2025 and 2026",
            "in twenty twenty-four, twenty twenty-five and twenty twenty-six",
        ),
        ("in 1066 William came", "in ten sixty-six William came"),
        ("held since 1086", "held since ten eighty-six"),
        ("born c. 1050", "born c. ten fifty"),
        ("the 1066 invasion", "the ten sixty-six invasion"),
        ("the 1054 schism", "the ten fifty-four schism"),
        ("in the year 1066", "in the year ten sixty-six"),
        ("AD 1066 and 1066 AD", "AD ten sixty-six and ten sixty-six AD"),
        ("the 1060s", "the ten sixties"),
        ("2500 BC and 2500BC", "twenty-five hundred BC and twenty-five hundred BC"),
    ],
)
def test_an_early_year_in_a_year_context_is_read_as_a_year(printed: str, spoken: str) -> None:
    assert speakable(printed) == spoken


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        # a count, whatever the preposition before it
        ("1066 people died", "one thousand and sixty-six people died"),
        ("in 1066 cases", "in one thousand and sixty-six cases"),
        ("one in 1024 homes", "one in one thousand and twenty-four homes"),
        ("a total of 1050", "a total of one thousand and fifty"),
        ("rose by 1050 to 1080", "rose by one thousand and fifty to one thousand and eighty"),
        ("in 500 cases", "in five hundred cases"),
        ("the 1000s", "the one thousands"),  # as before: "thousands of", not a decade
        # unchanged: the reading of three-digit years is the count's
        ("AD 800 and 55BC", "AD eight hundred and fifty-five BC"),
        ("the year 800", "the year eight hundred"),
        ("in 1990 and 2026", "in nineteen ninety and twenty twenty-six"),
        # a span is read as before
        ("1066-1087", "one thousand and sixty-six to one thousand and eighty-seven"),
    ],
)
def test_a_number_that_may_be_a_count_is_not_read_as_a_year(printed: str, spoken: str) -> None:
    assert speakable(printed) == spoken


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        ("3/4 of voters", "three quarters of voters"),
        ("1/2 a mile", "one half a mile"),
        ("2/3 majority", "two thirds majority"),
        ("1/3 and 3/8", "one third and three eighths"),
        ("it took 2 1/2 hours", "it took two and a half hours"),
        ("1 1/4 miles and 3 2/3 laps", "one and a quarter miles and three and two thirds laps"),
        ("2½ years and ¾ of them", "two and a half years and three quarters of them"),
        ("a ½ share, 1⅓ cups", "a one half share, one and a third cups"),
        ("won 3/4.", "won three quarters."),
    ],
)
def test_a_simple_fraction_is_read_as_a_fraction(printed: str, spoken: str) -> None:
    assert speakable(printed) == spoken


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        ("on 12/03", "on twelve/three"),
        ("on 12/03/2024", "on twelve/three/twenty twenty-four"),
        ("on 1/2/2024", "on one/two/twenty twenty-four"),
        ("since 9/11", "since nine/eleven"),
        ("7/7", "seven/seven"),
        ("open 24/7", "open twenty-four seven"),
        ("rated 4/5", "rated four/five"),
        ("a 2/3 bedroom flat", "a two/three bedroom flat"),
        ("2/3 days", "two/three days"),
        ("the 2024/25 season", "the twenty twenty-four to twenty-five season"),
        ("and/or 3/4x", "and/or three/four x"),
    ],
)
def test_dates_ratings_and_or_pairs_stay_as_printed(printed: str, spoken: str) -> None:
    assert speakable(printed) == spoken


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        ("highs of 30C today", "highs of thirty degrees Celsius today"),
        ("it hit 30C.", "it hit thirty degrees Celsius."),
        ("30C (86F) today", "thirty degrees Celsius, eighty-six degrees Fahrenheit, today"),
        ("30C/86F", "thirty degrees Celsius, eighty-six degrees Fahrenheit"),
        (
            "lows of -5C and −3.5C",
            "lows of minus five degrees Celsius and minus three point five degrees Celsius",
        ),
        ("-1C and 1C", "minus one degree Celsius and one degree Celsius"),
        ("1.5C of warming", "one point five degrees Celsius of warming"),
        ("30°C and 86 °F", "thirty degrees Celsius and eighty-six degrees Fahrenheit"),
        ("-5°C", "minus five degrees Celsius"),
        ("highs of 20-25C", "highs of twenty to twenty-five degrees Celsius"),
        ("highs of 20C-25C", "highs of twenty to twenty-five degrees Celsius"),
        ("fires at 1,000C", "fires at one thousand degrees Celsius"),
    ],
)
def test_a_temperature_is_read_in_degrees(printed: str, spoken: str) -> None:
    assert speakable(printed) == spoken


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        ("seat 14C", "seat fourteen C"),
        ("in Flat 3C.", "in Flat three C."),
        ("Room 5F and Gate 30C", "Room five F and Gate thirty C"),
        ("a 34C bra", "a thirty-four C bra"),
        ("at 5C Baker Street", "at five C Baker Street"),
        ("the A30C", "the A thirty C"),
        ("30c", "thirty c"),  # cents, not degrees
        ("a 2C-B pill", "a two C B pill"),
        ("30 C", "thirty C"),
    ],
)
def test_a_label_or_size_is_not_read_as_a_temperature(printed: str, spoken: str) -> None:
    assert speakable(printed) == spoken


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        ("Paris St Germain won.", "Paris Saint Germain won."),
        ("Paris St-Germain won.", "Paris Saint Germain won."),
        ("Paris St. Germain won.", "Paris Saint Germain won."),
        ("Merseyside St Helens", "Merseyside Saint Helens"),
        ("London's St Paul's Cathedral", "London's Saint Paul's Cathedral"),
        ("King's Cross St Pancras", "King's Cross Saint Pancras"),
        ("The Wall St. Journal said", "The Wall Street Journal said"),
        # a street still
        (
            "He lives on Downing St. John Smith said.",
            "He lives on Downing Street. John Smith said.",
        ),
        ("Oxford St John Lewis", "Oxford Street John Lewis"),
        ("Downing St. Andrews said no.", "Downing Street. Andrews said no."),
    ],
)
def test_st_before_a_saints_place_name_is_saint(printed: str, spoken: str) -> None:
    assert speakable(printed) == spoken


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("He lives on Downing St. The PM spoke.", ["He lives on Downing St.", "The PM spoke."]),
        ("It fell on Wall St. Traders sold.", ["It fell on Wall St.", "Traders sold."]),
        ('"We met on Main St." He left.', ['"We met on Main St."', "He left."]),
        # not a sentence's end
        ("St. Paul's is shut.", ["St. Paul's is shut."]),
        ("He went to St. Paul's today.", ["He went to St. Paul's today."]),
        ("Mount St. Helens erupted.", ["Mount St. Helens erupted."]),
        ("The Wall St. Journal said so.", ["The Wall St. Journal said so."]),
        ("on Downing St. today.", ["on Downing St. today."]),
        ("Paris St. Germain won.", ["Paris St. Germain won."]),
    ],
)
def test_a_streets_st_full_stop_ends_the_sentence_and_a_saints_does_not(
    text: str, sentences: list[str]
) -> None:
    assert _sentences(text) == sentences


def test_each_sentence_of_a_split_street_is_read_as_before() -> None:
    text = "He lives on Downing St. The PM spoke."
    assert [speakable(s) for s in _sentences(text)] == [
        "He lives on Downing Street.",
        "The PM spoke.",
    ]
