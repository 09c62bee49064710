"""Misspelt and run-together abusive words are spelt out before the abuse model reads them
(`masthead.moderation.core.respell`); words spelt right, short words and ordinary words that
merely contain an abusive one are left alone."""

from __future__ import annotations

import pytest

from masthead.moderation.core.respell import NOT_TARGETS, Respeller, edits

LEXICON = ("idiot", "moron", "stupid", "bitch", "loser", "liar", "fuck", "dumb", "nigs", "gay")
KNOWN = {"you", "are", "an", "a", "the", "looser", "shot", "hat", "what", "similar", "tens"}
COMMON = {"you", "are", "what", "the", "women", "real", "fake", "mode", "tens", "simi"}


@pytest.fixture
def respell() -> Respeller:
    return Respeller(LEXICON, KNOWN, COMMON)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("idoit", "idiot"),  # two neighbouring letters swapped
        ("stupd", "stupid"),  # a letter left out
        ("morron", "moron"),  # a letter added
        ("htae", "hate"),  # a four-letter word: swaps only
        ("fcuk", "fuck"),
    ],
)
def test_a_misspelt_abusive_word_is_spelt_out(respell: Respeller, typed: str, meant: str) -> None:
    assert respell(f"you {typed}") == f"you {meant}"


def test_a_word_spelt_right_is_never_changed(respell: Respeller) -> None:
    # "looser" is one letter from "loser", "shot" from "shit"-like words: both are known words
    assert respell("a looser rule, the shot, a hat") == "a looser rule, the shot, a hat"


def test_a_short_word_is_not_stretched_into_an_abusive_one(respell: Respeller) -> None:
    # "bich" (a surname) is "bitch" less a letter, but a missing letter needs five letters
    assert respell("mr bich said") == "mr bich said"
    assert "bich" not in edits("bitch")
    assert "bitch" in Respeller(LEXICON, KNOWN).word("bicth")


def test_a_misspelling_of_two_abusive_words_is_left_alone() -> None:
    # "dumbe" is one letter short of both "dumber" and "dumbed": which was meant is not known
    both = Respeller(("dumber", "dumbed"), set())
    assert both.word("dumbe") == "dumbe"


def test_run_together_words_are_split_on_an_abusive_word(respell: Respeller) -> None:
    assert respell("youareanidiot") == "you are an idiot"
    assert respell("ihatewomen") == "i hate women"
    assert respell("realfakebitch") == "real fake bitch"


def test_a_long_word_without_an_abusive_piece_is_not_split(respell: Respeller) -> None:
    assert respell("whatyouare") == "whatyouare"


def test_a_word_is_not_split_on_a_short_fragment(respell: Respeller) -> None:
    # "liar" and "nigs" are abusive words, but too short to split on: ordinary words contain them
    assert respell("similiar") == "similiar"
    assert respell("wenigstens") == "wenigstens"


def test_group_names_and_everyday_words_are_never_produced() -> None:
    respell = Respeller(("gay", "muslim", "shoe", "idiot"), set())
    assert {"gay", "muslim", "shoe"} <= NOT_TARGETS
    assert "idiot" in respell.targets and not {"gay", "muslim", "shoe"} & respell.targets
    assert respell("muslmi gya shoee") == "muslmi gya shoee"


def test_the_shipped_model_reads_a_misspelt_insult_as_the_insult(abuse, threshold) -> None:  # type: ignore[no-untyped-def]
    spelt = abuse.score("Go away, you idiot.").abusive
    misspelt = abuse.score("Go away, you idoit.").abusive
    assert misspelt == pytest.approx(spelt)
    assert misspelt >= threshold
    assert abuse.score("Ihatewomen").abusive >= threshold


def test_the_shipped_model_names_the_respelling_in_its_version(abuse) -> None:  # type: ignore[no-untyped-def]
    assert "+respell2" in abuse.version


def test_the_shipped_model_leaves_ordinary_words_alone(abuse) -> None:  # type: ignore[no-untyped-def]
    text = "A looser zoning rule would help renters in Penistone."
    assert abuse.prepared(text) == "a looser zoning rule would help renters in penistone."


def test_a_text_is_respelt_as_word_by_word_substitution_respells_it(respell: Respeller) -> None:
    # A text whose unknown words all stay as they are is returned without substituting; the
    # result is the same as substituting every word.
    from masthead.moderation.core.respell import WORD_RE

    for text in (
        "",
        "you are the looser",  # all known
        "you are qwzx and lol",  # unknown words that stay
        "you are an idoit, lol",  # one that changes
        "youareanidiot 42 !!",
        "what a stupd morron",
    ):
        expected = WORD_RE.sub(lambda m: respell.word(m.group(0)), text)
        assert respell(text) == expected
