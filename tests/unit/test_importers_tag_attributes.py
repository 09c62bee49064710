"""A start tag whose quoted attribute value holds `<` or `>` is still a tag: its attributes
never reach the body as text (an editor QA walk found `<p title="a<b">` leaking `<p title="a`).
The quote-aware reading stays linear in the text's length."""

from __future__ import annotations

import pytest

from masthead.articles.importers import html, markdown


@pytest.mark.parametrize(
    "markup",
    [
        '<p title="a<b">Hello there.</p>',
        "<p title='a<b'>Hello there.</p>",
        '<p data-range="1 < 2 > 0">Hello there.</p>',
        '<p title="<script>alert(1)</script>">Hello there.</p>',
        "<p title=a<b>Hello there.</p>",
    ],
    ids=["double-quoted", "single-quoted", "both-brackets", "script-in-value", "bare-value"],
)
def test_html_attribute_holding_a_bracket_does_not_leak_into_the_body(markup: str) -> None:
    assert [(b.kind, b.text) for b in html.html_to_blocks(markup)] == [
        ("paragraph", "Hello there.")
    ]


def test_html_link_with_a_bracket_in_its_address_keeps_only_its_text() -> None:
    blocks = html.html_to_blocks('<p>See <a href="/s?q=a<b" title="x">the list</a> now.</p>')
    assert [b.text for b in blocks] == ["See the list now."]


def test_markdown_inline_tag_with_a_bracket_in_an_attribute_keeps_only_the_text() -> None:
    blocks = markdown.markdown_to_blocks('Turnout <span title="a<b">rose</span> again.')
    assert [b.text for b in blocks] == ["Turnout rose again."]


def test_a_bracket_that_opens_no_tag_is_still_text() -> None:
    blocks = html.html_to_blocks("<p>3 < 4 and a<b, said the <i>clerk</i>.</p>")
    assert [b.text for b in blocks] == ["3 < 4 and a<b, said the clerk."]


def _scan_steps(text: str) -> int:
    """How many state changes the quote-aware tag reading makes over `text`."""
    steps = 0
    original = html._StartTagEnds._next

    def counted(self: html._StartTagEnds, state: str, position: int) -> int:
        nonlocal steps
        steps += 1
        return original(self, state, position)

    html._StartTagEnds._next = counted  # type: ignore[method-assign]
    try:
        html.without_stray_brackets(text)
    finally:
        html._StartTagEnds._next = original  # type: ignore[method-assign]
    return steps


@pytest.mark.parametrize("unit", ['<a x="', "<a '", '<a x=<b y="', "<a x=b<", "<a "])
def test_quote_aware_tag_reading_does_work_linear_in_the_text(unit: str) -> None:
    # Each `<` opens a tag no `>` closes; without remembering where a scan has been, every
    # one would scan to the end of the text (quadratic).
    small, large = _scan_steps(unit * 5_000), _scan_steps(unit * 10_000)
    assert large <= 2 * small + 10
