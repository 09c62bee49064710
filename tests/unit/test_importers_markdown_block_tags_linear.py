"""Block tags (`<p>`, `<br>`, `<div>`) repeated in the middle of a Markdown line, and entities,
`<https://...>` addresses and line breaks (two spaces at a line's end) repeated in one
paragraph, are read in time linear in the body's length.
Python-Markdown's inline pass set each one aside by rebuilding the rest of its paragraph, so
the work grew with the square of their count (about 1.4 s, more on a busy machine, for 100,000
characters of `<p>`). The measure is deterministic: the characters of paragraph text handed to
the inline pass's pattern step, at n and 4n repeats (about 4 times as many when linear, 16 when
quadratic). What those bodies read as is checked alongside."""

from __future__ import annotations

import pytest

from masthead.articles.importers import markdown
from tests.support.markdown_inline import inline_work


@pytest.mark.parametrize(
    "unit",
    ["<p>", "<br>", "<div>", "x<br>", "<p>x</p>", "&amp;", "<https://a.example/x>", "x  \n"],
)
def test_tags_entities_and_addresses_mid_line_cost_work_linear_in_their_count(unit: str) -> None:
    small = inline_work("Start. " + unit * 1_000)
    large = inline_work("Start. " + unit * 4_000)
    assert large < 5 * small, (small, large)


def test_block_tags_mid_line_still_make_blocks_and_entities_and_addresses_read_as_text() -> None:
    blocks = markdown.markdown_to_blocks(
        "One <p>two<br>three <div>four</div> five &amp; <https://a.example/x> six `<p>` end."
    )
    assert [b.text for b in blocks] == [
        "One",
        "two three",
        "four",
        "five & https://a.example/x six <p> end.",
    ]
    blocks = markdown.markdown_to_blocks("A line break  \nand <a@example.test>  \nthen more.")
    assert [b.text for b in blocks] == ["A line break and a@example.test then more."]
