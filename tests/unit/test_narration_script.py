"""The speakable script: what the voice reads, table by table."""

from __future__ import annotations

import pytest

from masthead.articles.body import parse_body
from masthead.narration.script import (
    build_script,
    decimal_words,
    number_words,
    ordinal_words,
    reads_word,
    script_from_text,
    speakable,
    split_sentences,
    year_words,
)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (40, "forty"),
        (42, "forty-two"),
        (100, "one hundred"),
        (101, "one hundred and one"),
        (1000, "one thousand"),
        (1005, "one thousand and five"),
        (1250, "one thousand two hundred and fifty"),
        (2_500_000, "two million five hundred thousand"),
        (-3, "minus three"),
    ],
)
def test_number_words_reads_whole_numbers_as_a_newsreader_would(number: int, words: str) -> None:
    assert number_words(number) == words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "first"),
        (2, "second"),
        (3, "third"),
        (5, "fifth"),
        (12, "twelfth"),
        (20, "twentieth"),
        (21, "twenty-first"),
        (27, "twenty-seventh"),
        (100, "one hundredth"),
    ],
)
def test_ordinal_words(number: int, words: str) -> None:
    assert ordinal_words(number) == words


@pytest.mark.parametrize(
    ("year", "words"),
    [
        (1999, "nineteen ninety-nine"),
        (1905, "nineteen oh five"),
        (1600, "sixteen hundred"),
        (2000, "two thousand"),
        (2005, "two thousand and five"),
        (2022, "twenty twenty-two"),
        (2026, "twenty twenty-six"),
    ],
)
def test_year_words(year: int, words: str) -> None:
    assert year_words(year) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("3.5", "three point five"),
        ("1,500", "one thousand five hundred"),
        ("0.25", "zero point two five"),
    ],
)
def test_decimal_words(text: str, words: str) -> None:
    assert decimal_words(text) == words


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        # abbreviations and initialisms
        ("US and UK envoys met at the UN.", "US and UK envoys met at the UN."),
        ("The U.S. delegation left.", "The US delegation left."),  # no dots: one sentence
        ("NATO and the E.U. agreed.", "NATO and the EU agreed."),
        ("Dr. Ruth Alvarez spoke.", "Doctor Ruth Alvarez spoke."),
        ("Gen. Mark Lee and Sen. Amy Cho", "General Mark Lee and Senator Amy Cho"),
        ("Apples, pears, etc. were sold.", "Apples, pears, et cetera were sold."),
        ("He lives at No. 10.", "He lives at number ten."),
        ("on Downing St. today", "on Downing Street today"),
        ("St. Peter's church", "Saint Peter's church"),
        # dates and years
        ("They met on Feb. 24 in Riyadh.", "They met on February twenty-fourth in Riyadh."),
        ("on February 27, 2025,", "on February twenty-seventh, twenty twenty-five,"),
        ("on 5 March 2024", "on the fifth of March twenty twenty-four"),
        ("on 2026-11-29", "on November twenty-ninth, twenty twenty-six"),
        ("its invasion in 2022.", "its invasion in twenty twenty-two."),
        ("in the 1990s", "in the nineteen nineties"),
        ("from 2019-2021", "from twenty nineteen to twenty twenty-one"),
        # times
        ("at 10:30 a.m.", "at ten thirty a.m."),
        ("at 9:05 pm", "at nine oh five p.m."),
        ("at 14:00 GMT", "at fourteen hundred GMT"),
        ("at 3 p.m. sharp", "at three p.m. sharp"),
        ("at 11 A.M.", "at eleven a.m."),
        # currencies
        ("It cost $1.5 billion.", "It cost one point five billion dollars."),
        ("a £40m bridge", "a forty million pounds bridge"),
        ("fined €3bn", "fined three billion euros"),
        ("a $1 coin", "a one dollar coin"),
        ("for $3.50", "for three dollars fifty cents"),
        ("US$200", "two hundred US dollars"),
        # percentages, ordinals, ranges, plain numbers
        ("up 5%", "up five percent"),
        ("down 2.5 per cent", "down two point five percent"),
        ("the 21st century", "the twenty-first century"),
        ("voted 9-4 for it", "voted nine to four for it"),
        ("1,250 people", "one thousand two hundred and fifty people"),
        ("five to six hours", "five to six hours"),
        # quotes and punctuation
        ("relations were “below zero”", "relations were below zero"),
        ('He said: "We will see."', "He said: We will see."),
        ("Trump’s rapid moves", "Trump's rapid moves"),
        ("US-Russia relations", "US Russia relations"),
        ("a high-level meeting", "a high-level meeting"),
        ("the talks — the first in years — began", "the talks, the first in years, began"),
        ("See https://www.example.org/page now", "See example dot org now"),
    ],
)
def test_speakable_makes_printed_text_sayable(printed: str, spoken: str) -> None:
    assert speakable(printed) == spoken


@pytest.mark.parametrize(
    ("printed", "lexicon", "spoken"),
    [
        ("Peskov said no.", {"Peskov": "pyess kov"}, "pyess kov said no."),
        ("Peskov's remarks", {"Peskov": "pyess kov"}, "pyess kov's remarks"),
        (
            "Darchiyev met Peskov.",
            {"Darchiyev": "dar chee yev", "Peskov": "pyess kov"},
            "dar chee yev met pyess kov.",
        ),
        ("Peskovich is someone else.", {"Peskov": "pyess kov"}, "Peskovich is someone else."),
    ],
)
def test_lexicon_replaces_whole_words_only(
    printed: str, lexicon: dict[str, str], spoken: str
) -> None:
    assert speakable(printed, lexicon) == spoken


@pytest.mark.parametrize(
    ("headline", "body", "word", "reads"),
    [
        ("Peskov speaks", "", "Peskov", True),
        ("Talks end", "Peskov's remarks were brief.", "Peskov", True),
        ("Talks end", "> We are close.\n> -- Dmitry Peskov", "Peskov", True),  # attribution
        ("Talks end", "peskov, in lower case.", "Peskov", False),
        ("Talks end", "Peskovich and a Peskov-led team.", "Peskov", False),
        ("Talks end", "They flew to Kyiv Oblast.", "Kyiv Oblast", True),
        ("Talks end", "They flew to Kyiv. Oblast officials met them.", "Kyiv Oblast", False),
    ],
)
def test_reads_word_follows_the_rule_the_lexicon_is_applied_by(
    headline: str, body: str, word: str, reads: bool
) -> None:
    # what a pronunciation change re-narrates: exactly the scripts whose speech it changes
    plain = build_script(headline, "", parse_body(body))
    respelt = build_script(headline, "", parse_body(body), {word: "Zzz"})
    assert reads_word(plain, [word]) is reads
    assert (plain != respelt) is reads


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Dr. Smith met Gen. Jones. They talked.", ["Dr. Smith met Gen. Jones.", "They talked."]),
        ('He said: "We will see." Then he left!', ['He said: "We will see."', "Then he left!"]),
        ("John F. Kennedy spoke. Crowds cheered.", ["John F. Kennedy spoke.", "Crowds cheered."]),
        ("The U.S. Army came. It left.", ["The U.S. Army came.", "It left."]),
        ("Was it 3.5 percent? Yes.", ["Was it 3.5 percent?", "Yes."]),
        ("No full stop at the end", ["No full stop at the end"]),
        ("It fell. e.g. this one.", ["It fell. e.g. this one."]),
    ],
)
def test_split_sentences_keeps_abbreviations_inside_sentences(
    text: str, sentences: list[str]
) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == sentences


def test_script_reads_headline_standfirst_then_body_with_pauses() -> None:
    body = parse_body(
        "Diplomats met on Thursday. Talks lasted 6 hours.\n\n## What next\n\n"
        "> We will meet again.\n> -- Dr. Ana Ruiz, envoy\n\nThe end."
    )
    script = build_script("Envoys meet in Istanbul", "A first test of the reset.", body)
    targets = [p.target for p in script.paragraphs]
    assert targets == [
        "headline",
        "standfirst",
        "body/0",
        "body/1",
        "body/2",
        "body/2/attribution",
        "body/3",
    ]
    headline, standfirst, first, heading, quote, said, last = script.paragraphs
    assert headline.spoken == "Envoys meet in Istanbul."
    assert headline.pause_after > first.pause_after  # the listener hears the structure
    assert heading.spoken == "What next." and heading.pause_before > 0
    assert [s.spoken for s in first.sentences] == [
        "Diplomats met on Thursday.",
        "Talks lasted six hours.",
    ]
    assert quote.spoken == "We will meet again."
    assert said.spoken == "Quote from Doctor Ana Ruiz, envoy."
    # printed offsets point at the sentence on the page
    assert [body[0].text[s.start : s.end] for s in first.sentences] == [
        "Diplomats met on Thursday.",
        "Talks lasted 6 hours.",
    ]


def test_script_skips_captions_and_page_furniture() -> None:
    # Only headline, standfirst and body are given to the script: captions, credits, byline
    # and dates never reach it, and empty parts produce no paragraph.
    script = build_script("Headline only", "", parse_body(""))
    assert [p.target for p in script.paragraphs] == ["headline"]
    assert "PHOTO" not in script.spoken


def test_script_from_text_splits_paragraphs_on_blank_lines() -> None:
    script = script_from_text("First line\nstill first.\n\n\nSecond paragraph. Two sentences.\n")
    assert [p.spoken for p in script.paragraphs] == [
        "First line still first.",
        "Second paragraph. Two sentences.",
    ]
    assert script_from_text("  \n\n ").paragraphs == ()


def test_a_real_wire_story_reads_without_digits_or_quote_marks() -> None:
    from tests.conftest import IN_CI, SEED_FILE

    if not SEED_FILE.exists() and not IN_CI:
        pytest.skip("the shared seed article is not present")
    paragraphs = [p for p in SEED_FILE.read_text().split("\n\n") if len(p.split()) > 12]
    script = script_from_text("\n\n".join(paragraphs))
    spoken = script.spoken
    assert script.word_count > 300
    assert not any(ch.isdigit() for ch in spoken), [
        s for s in spoken.split(".") if any(c.isdigit() for c in s)
    ][:3]
    assert "“" not in spoken and "”" not in spoken and '"' not in spoken
