"""A `## ` line with text on the very next line is a sub-heading and then a block of its own, as
in Markdown (found by a docs review: it became one paragraph, '## Cost The bridge will cost 40
million.', on the page and in the narration script)."""

from __future__ import annotations

from masthead.articles.body import Block, parse_body, render_body
from masthead.narration.script import build_script


def test_a_heading_line_followed_directly_by_text_is_a_heading_then_a_paragraph():
    assert parse_body("## Cost\nThe bridge will cost 40 million.") == (
        Block("heading", "Cost"),
        Block("paragraph", "The bridge will cost 40 million."),
    )


def test_the_text_after_the_heading_keeps_the_other_rules():
    body = (
        "Intro.\n\n"
        "## Cost\nThe bridge\nwill cost 40 million.\n\n"
        "## Voices\n> We waited thirty years.\n> -- Joan Hill\n\n"
        "## One\n## Two\nText.\n\n"
        "## Escaped\n\\## is trending\n\n"
        "##\nAfter an empty marker."
    )
    assert parse_body(body) == (
        Block("paragraph", "Intro."),
        Block("heading", "Cost"),
        Block("paragraph", "The bridge will cost 40 million."),
        Block("heading", "Voices"),
        Block("quote", "We waited thirty years.", "Joan Hill"),
        Block("heading", "One"),
        Block("heading", "Two"),
        Block("paragraph", "Text."),
        Block("heading", "Escaped"),
        Block("paragraph", "## is trending"),
        Block("paragraph", "After an empty marker."),
    )


def test_an_escaped_marker_or_one_without_its_space_is_no_heading():
    # unchanged: an escaped marker keeps the whole block a paragraph, "##text" is no marker (a
    # "## " line after text is a heading too: test_article_body_heading_after_text.py)
    assert parse_body("\\## Cost\nThe bridge.") == (Block("paragraph", "## Cost The bridge."),)
    assert parse_body("##Cost\nThe bridge.") == (Block("paragraph", "##Cost The bridge."),)


def test_the_blocks_render_back_with_a_blank_line_and_parse_the_same():
    blocks = parse_body("## Cost\nThe bridge will cost 40 million.")
    assert render_body(blocks) == "## Cost\n\nThe bridge will cost 40 million."
    assert parse_body(render_body(blocks)) == blocks


def test_the_narration_script_reads_the_heading_as_a_heading():
    script = build_script("Bridge", "", parse_body("## Cost\nThe bridge will cost 40 million."))
    kinds = [(p.target, p.kind) for p in script.paragraphs]
    assert kinds == [("headline", "headline"), ("body/0", "heading"), ("body/1", "paragraph")]
    heading = script.paragraphs[1]
    assert [s.text for s in heading.sentences] == ["Cost"]
    assert "#" not in " ".join(s.spoken for p in script.paragraphs for s in p.sentences)
