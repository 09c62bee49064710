"""Rendering a comment full of raw HTML, found by a security review (2026-11-29): Python-Markdown
looks for the end of a tag from every '<' on, so '<a ' repeated took 0.17 s at 3000 characters
and about 10 s at 20,000 (the longest comment a site may allow). Past MAX_ANGLE_BRACKETS '<'
(and MAX_AMPERSANDS '&', MAX_LINK_BRACKETS '[') those characters are shown as written: the
comment's HTML-looking text reads as the reader typed it, and holds no HTML."""

from __future__ import annotations

import html
import time

import pytest

from masthead.comments import text

LIMIT = text.MAX_ANGLE_BRACKETS
HOSTILE = {
    "'<a ' repeated": "<a " * 6666,
    "'<' repeated": "<" * 20_000,
    "'<b>' nested": "<b>" * 6666,
    "'&lt;' repeated": "&lt;" * 5000,
    "'<a href=' repeated": "<a href=" * 2500,
    "'<a' on every line": "<a\n" * 6666,
    "'[' repeated": "[" * 20_000,
    "a mix": "<a <b>&lt;[x" * 1666,
}


def shown(comment: str) -> str:
    """What a reader sees: the page's text, entities read."""
    return html.unescape(text.nh3.clean(text.render(comment), tags=set()))


def typed(comment: str) -> str:
    """The comment as stored (posting normalises it: no trailing spaces)."""
    return text.normalise(comment)


def test_a_comment_with_many_angle_brackets_shows_its_html_as_typed():
    comment = '<b>bold</b> and <a href="https://a.example">a link</a> ' * (LIMIT // 4 + 1)
    rendered = text.render(comment)
    assert "<a" not in rendered and "<b>" not in rendered and "<strong>" not in rendered
    assert "&lt;b&gt;bold&lt;/b&gt;" in rendered
    assert shown(typed(comment)) == typed(comment)


def test_a_comment_with_a_few_tags_keeps_its_html_link():
    comment = 'see <a href="https://a.example">the report</a> ' + "<3 " * (LIMIT - 2)
    rendered = text.render(comment)
    assert comment.count("<") == LIMIT
    assert (
        '<a href="https://a.example" rel="nofollow ugc noopener noreferrer">the report</a>'
        in rendered
    )
    assert rendered.count("&lt;3") == LIMIT - 2


def test_a_comment_with_many_entities_shows_them_as_typed():
    comment = "I typed &lt;script&gt; and &eacute; " * (text.MAX_AMPERSANDS // 3 + 1)
    assert shown(typed(comment)) == typed(comment)
    assert "<script" not in text.render(comment)


def test_a_comment_with_a_few_entities_still_reads_them():
    assert shown("caf&eacute; &lt;3 & more") == "café <3 & more"


@pytest.mark.parametrize("comment", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_hostile_comment_of_twenty_thousand_characters_renders_as_typed(comment):
    """Once each, with a generous guard against the slowness coming back (it takes
    hundredths of a second; it took up to 10 s)."""
    comment = typed(comment)
    started = time.perf_counter()
    rendered = text.render(comment)
    assert time.perf_counter() - started < 5
    assert "<a" not in rendered and "<b>" not in rendered
    assert shown(typed(comment)) == typed(comment)


def test_links_and_emphasis_still_work_beside_many_angle_brackets():
    comment = "*really* see [the report](https://a.example?a=1&b=2) " + "<" * (LIMIT + 1)
    rendered = text.render(comment)
    assert "<em>really</em>" in rendered
    assert 'href="https://a.example?a=1&amp;b=2"' in rendered
    assert rendered.count("&lt;") == LIMIT + 1


def test_a_typed_private_use_character_does_not_become_markup():
    stand_ins = "".join(stand_in for stand_in, _ in text._AS_WRITTEN.values())
    comment = stand_ins + "b> " + "<" * (LIMIT + 1) + "&" * (text.MAX_AMPERSANDS + 1)
    rendered = text.render(comment)
    assert rendered.count("&lt;") == LIMIT + 1
    assert rendered.count("&amp;") == text.MAX_AMPERSANDS + 1
    assert "\ufffd" * len(stand_ins) in rendered
