"""A comment that nests deeper than Python's stack allows, found by a review of the session's
diff (2026-11-29): Python-Markdown reads nested lists recursively, so "1. " typed 500 times
(1,500 characters, within the default 3,000) raised RecursionError while the comment was
rendered, and posting or editing it answered 500. Such a comment is shown as typed."""

from __future__ import annotations

from masthead.comments import text

NESTED = "1. " * 1000  # 3,000 characters: the default MASTHEAD_COMMENT_MAX_LENGTH


def test_a_comment_of_deeply_nested_lists_renders_as_typed():
    html = text.render(NESTED)
    assert html == "<p>" + NESTED.strip() + "</p>"


def test_its_plain_text_is_what_was_typed():
    assert text.plain(NESTED) == NESTED.strip()


def test_markup_in_such_a_comment_stays_text():
    comment = NESTED + '\n\nTom & Jerry <b onmouseover="x()">bold</b>\nlast line'
    html = text.render(comment)
    assert "<b " not in html and "<b>" not in html
    assert html.endswith(
        '<p>Tom &amp; Jerry &lt;b onmouseover="x()"&gt;bold&lt;/b&gt;<br>\nlast line</p>'
    )
    assert text.plain(comment).endswith('Tom & Jerry <b onmouseover="x()">bold</b>\nlast line')


def test_shown_as_written_characters_still_come_out_right_in_such_a_comment():
    comment = NESTED + "\n\n" + "&amp; " * (text.MAX_AMPERSANDS + 1)
    html = text.render(comment)
    assert html.endswith("&amp;amp; &amp;amp;</p>")
    assert "\ue002" not in html


def test_a_short_numbered_list_renders_as_before():
    assert text.render("1. first\n2. second") == "first\nsecond"
