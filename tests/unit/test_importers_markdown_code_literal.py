"""Markdown code is text as written. In a code span (backticks) or an indented code block, a
link (`[text](url)`), a picture, an HTML tag or comment and a backslash are characters, as
Markdown reads them: `` `<a href="x">` `` imports as <a href="x"> (escaped on the page like any
text), and an indented `C:\\Users\\_shared` keeps its backslashes. Before, the importer took
links, tags and escapes out of the whole body before Markdown read it: code spans lost their
tags and links (`Type to make a link`), and code blocks their backslashes (`C:\\Users_shared`).
Outside code, links, tags and escapes read as before. Code spans are now found by the importer
in one pass, so many of them in one paragraph no longer cost Python-Markdown's one-at-a-time
work (counted below, at n and 4n spans: about 4 times as much when linear, 16 when quadratic).
"""

from __future__ import annotations

import pytest

from masthead.articles.body import parse_body, render_body
from masthead.articles.importers import markdown
from masthead.articles.importers.base import MalformedArticle
from tests.support.markdown_inline import inline_work


def _texts(body: str) -> list[str]:
    return [b.text for b in markdown.markdown_to_blocks(body)]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ('Type `<a href="x">` to link.', 'Type <a href="x"> to link.'),
        ("Close it with `</b>` or `<br>`.", "Close it with </b> or <br>."),
        (
            "Write `[text](https://a.example)` for a link.",
            "Write [text](https://a.example) for a link.",
        ),
        ("A picture is `![alt](p.png)`.", "A picture is ![alt](p.png)."),
        ("Hide it in `<!-- note -->` marks.", "Hide it in <!-- note --> marks."),
        ("Angle `<https://a.example>` quotes.", "Angle <https://a.example> quotes."),
        ("Say ``<span class=`x`>`` there.", "Say <span class=`x`> there."),
    ],
)
def test_links_tags_and_comments_inside_a_code_span_are_kept_as_text(body: str, text: str) -> None:
    assert _texts(body) == [text]


def test_an_indented_code_block_keeps_its_backslashes_links_and_tags() -> None:
    body = (
        "Open the share:\n\n"
        "    C:\\Users\\_shared \\*not bold\\* \\\\server\\#2\n"
        '    <a href="x">[text](url)</a>\n\n'
        "\tTabbed \\_too\n\n"
        "Then \\*this\\* is [a link](https://a.example)."
    )
    assert _texts(body) == [
        "Open the share:",
        'C:\\Users\\_shared \\*not bold\\* \\\\server\\#2 <a href="x">[text](url)</a> '
        "Tabbed \\_too",
        "Then *this* is a link.",
    ]


def test_lines_after_a_code_block_without_a_blank_line_are_their_own_paragraph() -> None:
    assert _texts("Intro\n\n    code \\*\nText \\*after\\*.") == [
        "Intro",
        "code \\*",
        "Text *after*.",
    ]


@pytest.mark.parametrize(
    ("body", "texts"),
    [
        # Outside code, links, tags and escapes read as before.
        (
            "See [the report](https://a.example) <b>now</b>, \\*really\\*.",
            ["See the report now, *really*."],
        ),
        # An indented block after a list item is part of the item (Markdown), not code.
        ("- item\n\n    more [text](u) \\*", ["item", "more text *"]),
        # An indented line inside a paragraph continues it.
        ("a\n    b \\* [c](d)", ["a b * c"]),
        # A span does not run on past a heading, nor out of a quote's paragraph.
        ("para `a\n## head [x](y)` z", ["para `a", "head x` z"]),
        ("> a `b\n>\n> c` d", ["a `b c` d"]),
        # Within one quoted paragraph a span runs over its lines, without their `>`.
        ("> a `b\\*\n> c` d", ["a b\\* c d"]),
        # A run of backticks no run as long closes is text.
        ("``a\\*b` and", ["``a*b` and"]),
        ("`a`b`c`", ["abc"]),
    ],
)
def test_outside_code_markdown_reads_as_before(body: str, texts: list[str]) -> None:
    assert _texts(body) == texts


def test_code_in_a_heading_a_headline_and_a_quote_attribution() -> None:
    article = markdown.parse(
        "# Using `<b>` tags\n\n## The `[x](y)` form\n\n> Quoted.\n> -- Ada `<dev>`\n\nBody."
    )
    assert article.headline == "Using <b> tags"
    assert [(b.kind, b.text, b.attribution) for b in article.body] == [
        ("heading", "The [x](y) form", ""),
        ("quote", "Quoted.", "Ada <dev>"),
        ("paragraph", "Body.", ""),
    ]


def test_code_text_survives_the_body_format_round_trip() -> None:
    blocks = markdown.markdown_to_blocks(
        "    \\\\share\\#1\n\n`## not a heading`\n\n`> not a quote`"
    )
    assert [b.text for b in blocks] == ["\\\\share\\#1", "## not a heading", "> not a quote"]
    assert parse_body(render_body(blocks)) == blocks


def test_private_use_characters_in_the_source_do_not_turn_into_code() -> None:
    assert _texts("Odd \ue022\ue030\ue023 and \ue021 here.") == ["Odd and here."]


def test_code_counts_towards_the_body_length_limit() -> None:
    with pytest.raises(MalformedArticle) as refused:
        markdown.markdown_to_blocks("`" + "x" * (markdown.MAX_BODY_CHARACTERS + 1) + "`")
    assert "an article may have at most 500,000" in str(refused.value)
    markdown.markdown_to_blocks("`a` " * 20_000)  # 80,000 characters, 20,000 stand-ins


@pytest.mark.parametrize("unit", ["`a` ", "`<b>` ", "` `` ", "x ` \\* "])
def test_code_spans_and_backticks_in_one_paragraph_cost_work_linear_in_their_count(
    unit: str,
) -> None:
    small = inline_work("Start. " + unit * 1_000)
    large = inline_work("Start. " + unit * 4_000)
    assert large < 5 * small, (small, large)


def test_escapes_after_a_backtick_a_heading_cuts_off_cost_work_linear_in_their_count() -> None:
    # Paired across the heading line, the escapes were left for Python-Markdown to set aside
    # one at a time (its heading ends the span before it).
    small = inline_work("x `a\n# " + "\\*" * 1_000 + "`")
    large = inline_work("x `a\n# " + "\\*" * 4_000 + "`")
    assert large < 5 * small, (small, large)
