"""A `## ` line directly after a line of text, in the same block, starts a sub-heading, as an
ATX heading interrupts a paragraph in CommonMark: until 2026-11-29 it stayed in the paragraph,
shown and read aloud as "The bridge opens on Friday. ## Cost"."""

from __future__ import annotations

from masthead.articles.body import Block, parse_body, render_body
from masthead.narration.script import build_script


def test_a_heading_line_after_text_ends_the_paragraph_and_is_a_heading():
    assert parse_body("The bridge opens on Friday.\n## Cost") == (
        Block("paragraph", "The bridge opens on Friday."),
        Block("heading", "Cost"),
    )


def test_text_after_such_a_heading_is_a_block_of_its_own():
    body = (
        "The bridge\nopens on Friday.\n"
        "## Cost\nIt will cost 40 million.\n"
        "## Voices\n> Late.\n> -- Joan Hill"
    )
    assert parse_body(body) == (
        Block("paragraph", "The bridge opens on Friday."),
        Block("heading", "Cost"),
        Block("paragraph", "It will cost 40 million."),
        Block("heading", "Voices"),
        Block("quote", "Late.", "Joan Hill"),
    )


def test_a_heading_line_after_a_quote_ends_the_quote():
    assert parse_body("> We waited.\n## Cost\nMore.") == (
        Block("quote", "We waited."),
        Block("heading", "Cost"),
        Block("paragraph", "More."),
    )


def test_hashes_inside_a_line_or_without_their_space_stay_text():
    assert parse_body("Fans wrote ## on the wall.\nThen left.") == (
        Block("paragraph", "Fans wrote ## on the wall. Then left."),
    )
    assert parse_body("The tag was\n##no-space\nall week.") == (
        Block("paragraph", "The tag was ##no-space all week."),
    )
    assert parse_body("The tag was\n###\nall week.") == (
        Block("paragraph", "The tag was ### all week."),
    )


def test_an_escaped_marker_after_text_stays_text_without_its_backslash():
    assert parse_body("The tag was\n\\## is trending\nall week.") == (
        Block("paragraph", "The tag was ## is trending all week."),
    )


def test_an_empty_marker_after_text_ends_the_paragraph_and_adds_nothing():
    assert parse_body("First.\n##\nSecond.") == (
        Block("paragraph", "First."),
        Block("paragraph", "Second."),
    )


def test_the_blocks_render_back_and_parse_the_same():
    blocks = parse_body("The bridge opens on Friday.\n## Cost\nIt will cost 40 million.")
    assert render_body(blocks) == (
        "The bridge opens on Friday.\n\n## Cost\n\nIt will cost 40 million."
    )
    assert parse_body(render_body(blocks)) == blocks


def test_the_narration_script_reads_the_heading_as_a_heading():
    script = build_script("Bridge", "", parse_body("It opens on Friday.\n## Cost\nIt costs a lot."))
    kinds = [(p.target, p.kind) for p in script.paragraphs]
    assert kinds == [
        ("headline", "headline"),
        ("body/0", "paragraph"),
        ("body/1", "heading"),
        ("body/2", "paragraph"),
    ]
    assert "#" not in " ".join(s.spoken for p in script.paragraphs for s in p.sentences)
