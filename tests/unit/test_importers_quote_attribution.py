"""A Markdown quote attributed on its last line, as an editor types one in the body format
("> words" then "> -- Name" with no blank ">" line between), imports with its attribution,
not with "-- Name" run into the quoted words."""

from __future__ import annotations

from masthead.articles.importers import html, markdown


def _blocks(body: str) -> list[tuple[str, str, str]]:
    return [(b.kind, b.text, b.attribution) for b in markdown.markdown_to_blocks(body)]


def test_markdown_quote_with_its_attribution_on_the_next_line_is_attributed() -> None:
    assert _blocks("> We waited forty years.\n> -- Mara Quill\n\nWork starts.") == [
        ("quote", "We waited forty years.", "Mara Quill"),
        ("paragraph", "Work starts.", ""),
    ]


def test_markdown_quote_attribution_followed_by_an_inline_tag_is_still_attributed() -> None:
    # Markup (a tag with attributes, an end tag) goes. A lone `<B>` is text since 2026-11-30
    # (test_importers_markdown_lone_tags.py): on the line after, it is the quote's last line.
    assert _blocks('> We waited.\n> -- Mara Quill\n<span class="x"></B>\n\nWork starts.') == [
        ("quote", "We waited.", "Mara Quill"),
        ("paragraph", "Work starts.", ""),
    ]
    assert _blocks("> We waited.\n> -- Mara Quill\n<B>\n\nWork starts.") == [
        ("quote", "We waited. -- Mara Quill <B>", ""),
        ("paragraph", "Work starts.", ""),
    ]


def test_a_dash_line_inside_a_quote_that_goes_on_stays_quoted_text() -> None:
    assert _blocks("> We waited.\n> -- Mara Quill\n>\n> And waited.") == [
        ("quote", "We waited. -- Mara Quill And waited.", ""),
    ]


def test_html_quote_paragraph_ending_in_a_dash_line_is_attributed() -> None:
    blocks = html.html_to_blocks("<blockquote><p>We waited.\n\u2014 Mara Quill</p></blockquote>")
    assert [(b.kind, b.text, b.attribution) for b in blocks] == [
        ("quote", "We waited.", "Mara Quill")
    ]
