import pytest

from masthead.moderation.core.normalise import normalise, unmask

LEXICON = ("fuck", "idiot", "stupid", "asshole", "shit")


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("1d10t", "idiot"),
        ("sh!t", "shit"),
        ("f*ck", "fuck"),
        ("a**hole", "asshole"),
        ("s t u p i d", "stupid"),
        ("i.d.i.o.t", "idiot"),
        ("ѕtupid", "stupid"),  # Cyrillic s
        ("IDIOT", "idiot"),
    ],
)
def test_disguised_words_are_undone(disguised, plain):
    assert normalise(f"you {disguised} person", LEXICON) == f"you {plain} person"


def test_stretched_letters_are_shortened():
    assert normalise("stuuuuupid") == "stuupid"


def test_numbers_and_punctuation_in_ordinary_text_survive():
    assert (
        normalise("The 2nd bridge cost $40m in the 1990s!")
        == "the 2nd bridge cost $40m in the 1990s!"
    )


def test_links_and_mentions_become_placeholders():
    assert normalise("@JohnSmith see https://x.org/a") == "xxuser see xxurl"


def test_unmask_needs_one_fitting_word():
    assert unmask("f*ck", LEXICON) == "fuck"
    assert unmask("b*rd", LEXICON) == "b*rd"
