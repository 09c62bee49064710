"""Importers read stray brackets in time that grows with the text, not with its square: a
Markdown or HTML body full of `[` or unclosed `<a ` (a broken export, a wire file cut short)
stopped `masthead import` for minutes, or for good on a few megabytes. What the brackets read
as (links keep their text, pictures and comments go, a `<` opening no tag is text) is checked
alongside."""

from __future__ import annotations

import time

import pytest

from masthead.articles.importers import markdown
from masthead.articles.importers.base import MalformedArticle
from masthead.articles.importers.html import html_to_blocks, without_stray_brackets

# Each took from 10 seconds to minutes before (Python-Markdown and HTMLParser look for the end
# of a link or tag from every bracket); now well under a second. The bound leaves room for a
# busy machine.
SECONDS = 3.0


def _md(body: str) -> str:
    return f"---\nheadline: Stray brackets\n---\n\nA paragraph first.\n\n{body}\n"


@pytest.mark.parametrize(
    "body",
    ["[" * 24_000, "[a](b " * 4_000, "![a](" * 5_000, "[a][" * 6_000, "<a " * 16_000],
    ids=["open-square", "unclosed-link", "unclosed-picture", "reference", "unclosed-tag"],
)
def test_markdown_with_stray_brackets_imports_in_linear_time(body: str) -> None:
    started = time.perf_counter()
    article = markdown.parse(_md(body))
    assert time.perf_counter() - started < SECONDS
    assert article.body[0].text == "A paragraph first."


def test_html_with_unclosed_tags_reads_in_linear_time() -> None:
    started = time.perf_counter()
    # No `>` after them: HTMLParser tried each `<` as a tag running to the end (143 s).
    blocks = html_to_blocks("<p>Council meets.</p><p>" + "<a " * 30_000)
    assert time.perf_counter() - started < SECONDS
    assert blocks[0].text == "Council meets."
    assert blocks[1].text.startswith("<a <a ")


def test_markdown_links_keep_their_text_and_pictures_and_definitions_go() -> None:
    article = markdown.parse(
        _md(
            'Trams run on the [Riverside line](https://example.test/line "Line") again, '
            "![a tram](tram.jpg)says [the council][1], and \\[this] stays.\n\n"
            "[1]: https://example.test/council"
        )
    )
    assert [b.text for b in article.body] == [
        "A paragraph first.",
        "Trams run on the Riverside line again, says the council, and [this] stays.",
    ]


def test_a_less_than_sign_that_opens_no_tag_is_text_and_tags_and_comments_go() -> None:
    article = markdown.parse(
        _md(
            "Turnout was <b>up</b>: 3 < 4, a<b.\n\n<!-- note to desk:\n\nnames withheld -->\n\nEnd."
        )
    )
    assert [b.text for b in article.body] == [
        "A paragraph first.",
        "Turnout was up: 3 < 4, a<b.",
        "End.",
    ]


def test_without_stray_brackets_keeps_tags_and_drops_an_unclosed_comment_to_the_end() -> None:
    assert without_stray_brackets("a <b>c</b> d<e <!-- x <y> --> f <g <h>") == (
        "a <b>c</b> d&lt;e  f &lt;g <h>"
    )
    assert without_stray_brackets("kept <!-- never closed <p>hidden</p>") == "kept "


def test_a_markdown_body_longer_than_any_article_may_be_is_refused_in_one_line() -> None:
    with pytest.raises(MalformedArticle) as refused:
        markdown.parse(_md("word " * (markdown.MAX_BODY_CHARACTERS // 5 + 10)))
    assert "an article may have at most 500,000" in str(refused.value)
    assert "\n" not in str(refused.value)
