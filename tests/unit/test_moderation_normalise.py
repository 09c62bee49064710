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


def test_the_lexicon_changes_only_masked_words_and_each_lexicon_gets_its_own_result():
    # Results are remembered per text; a text normalised without a lexicon, or with another
    # one, must not hand its result to a call whose lexicon unmasks a word.
    assert normalise("you f*ck") == "you f*ck"
    assert normalise("you f*ck", ("feck",)) == "you feck"
    assert normalise("you f*ck", LEXICON) == "you fuck"
    # Without a mask character the lexicon changes nothing (the spam and abuse models share it).
    assert normalise("you 1d10t", LEXICON) == normalise("you 1d10t") == "you idiot"


def test_a_full_width_asterisk_masks_a_word_too():
    # NFKC turns "＊" into "*" before the lexicon is consulted.
    assert normalise("you f＊ck", LEXICON) == "you fuck"
