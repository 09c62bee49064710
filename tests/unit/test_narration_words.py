"""Word marks: each spoken word's time placed on the printed words it reads."""

from __future__ import annotations

import pytest

from masthead.narration.pipeline import word_marks


def _timed(spoken: str) -> list[tuple[str, float, float]]:
    return [(w, i * 1.0, i * 1.0 + 0.5) for i, w in enumerate(spoken.split())]


def _marked(printed: str, spoken: str) -> list[tuple[str, float, float]]:
    return [(printed[a:b], start, end) for a, b, start, end in word_marks(printed, _timed(spoken))]


@pytest.mark.parametrize(
    ("printed", "spoken", "expected"),
    [
        (
            "The vote passed.",
            "The vote passed",
            [("The", 0, 0.5), ("vote", 1, 1.5), ("passed", 2, 2.5)],
        ),
        # a number read as several words lights as one printed word, for all of them
        (
            "About 200 residents",
            "About two hundred residents",
            [("About", 0, 0.5), ("200", 1, 2.5), ("residents", 3, 3.5)],
        ),
        # an abbreviation read as a word: one to one
        (
            "Dr. Okafor spoke",
            "Doctor Okafor spoke",
            [("Dr", 0, 0.5), ("Okafor", 1, 1.5), ("spoke", 2, 2.5)],
        ),
        # quotation marks and commas are not part of the word
        (
            'She said, "a daily ordeal"',
            "She said a daily ordeal",
            [
                ("She", 0, 0.5),
                ("said", 1, 1.5),
                ("a", 2, 2.5),
                ("daily", 3, 3.5),
                ("ordeal", 4, 4.5),
            ],
        ),
        # hyphenated: the voice reads the parts as words
        (
            "a 9-mile detour",
            "a nine mile detour",
            [("a", 0, 0.5), ("9", 1, 1.5), ("mile", 2, 2.5), ("detour", 3, 3.5)],
        ),
        # a lexicon respelling pairs with the printed name
        (
            "Peskov said no",
            "Peskoff said no",
            [("Peskov", 0, 0.5), ("said", 1, 1.5), ("no", 2, 2.5)],
        ),
        ("Nothing here", "", []),
    ],
)
def test_spoken_words_are_placed_on_the_printed_words(printed, spoken, expected):
    assert _marked(printed, spoken) == expected


def test_marks_are_in_order_and_inside_the_sentence() -> None:
    printed = (
        "The £48.2m budget, up from £23.5m in 2019, was approved 31-17 at 11:30 p.m. on Tuesday."
    )
    spoken = (
        "The forty eight point two million pounds budget up from twenty three point five "
        "million pounds in twenty nineteen was approved thirty one to seventeen at eleven "
        "thirty p m on Tuesday"
    )
    marks = word_marks(printed, _timed(spoken))
    assert [printed[a:b] for a, b, _, _ in marks][:3] == ["The", "£48.2m", "budget"]
    starts = [m[2] for m in marks]
    assert starts == sorted(starts)
    offsets = [m[0] for m in marks]
    assert offsets == sorted(offsets) and all(0 <= a < b <= len(printed) for a, b, _, _ in marks)
    assert marks[-1][:2] == [printed.index("Tuesday"), printed.index("Tuesday") + 7]
