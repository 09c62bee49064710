"""A Markdown body's raw inline tag with no closing tag (`Vitamin <B>`, `press <Enter>`) is text
the writer typed, not markup: it stays in the body as written. Before, every inline tag was
dropped before Markdown read the body, so the words vanished (`Vitamin <B> and <C>.` read
`Vitamin and .`), and a tag alone on its line left a blank line that split the paragraph in
two, or put a `## ` or `> ` at the start of a line, making a heading or a quote of it."""

from __future__ import annotations

import pytest

from masthead.articles.importers import markdown


def _blocks(body: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in markdown.markdown_to_blocks(body)]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("Take vitamin <B> daily.", "Take vitamin <B> daily."),
        ("Press <Enter> twice, then <Esc>.", "Press <Enter> twice, then <Esc>."),
        ("Ends with a tag <B>", "Ends with a tag <B>"),
        ("<B> starts it", "<B> starts it"),
        ("A pair <b>stays plain</b>, a lone <b> stays.", "A pair stays plain, a lone <b> stays."),
        ("Upper <B>and lower</b> close each other.", "Upper and lower close each other."),
    ],
)
def test_a_raw_inline_tag_with_no_closing_tag_stays_in_the_body_as_written(
    body: str, text: str
) -> None:
    assert _blocks(body) == [("paragraph", text)]


def test_a_lone_tag_on_its_own_line_is_kept_in_its_paragraph() -> None:
    assert _blocks("Before the tag\n<B>\nafter it.") == [
        ("paragraph", "Before the tag <B> after it.")
    ]


def test_tags_with_attributes_or_a_closing_tag_still_lose_their_markup() -> None:
    # Markup from an export (a span with a class, a link never closed, a stray end tag) is
    # not text anybody typed: it goes, as before.
    assert _blocks('A <span class="x">styled</span> and <a href="/x">open link, </i>end.') == [
        ("paragraph", "A styled and open link, end.")
    ]


@pytest.mark.parametrize(
    ("body", "blocks"),
    [
        (
            "One line\n<b>\nand the next</b> are one paragraph.",
            [("paragraph", "One line and the next are one paragraph.")],
        ),
        ("<b>## not a heading</b>", [("paragraph", "## not a heading")]),
        ("<i>> not a quote</i>", [("paragraph", "> not a quote")]),
    ],
)
def test_a_dropped_tag_leaves_the_lines_as_markdown_read_them(
    body: str, blocks: list[tuple[str, str]]
) -> None:
    assert _blocks(body) == blocks
