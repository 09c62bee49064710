"""Rendering a comment with thousands of '[', found by a security review (2026-11-29):
Python-Markdown looks for a link's closing bracket from every '[' on, so 3000 of them took
2 seconds to render and 20,000 (a site allowing longer comments) minutes. Past
MAX_LINK_BRACKETS the brackets are shown as written and no link is made."""

from __future__ import annotations

import subprocess
import sys

import pytest

from masthead.comments import text


def test_a_comment_with_many_brackets_shows_them_as_text_and_makes_no_link():
    comment = "[sic] " * text.MAX_LINK_BRACKETS + "see [the report](https://a.example)"
    html = text.render(comment)
    assert "<a" not in html
    assert html.count("[") == text.MAX_LINK_BRACKETS + 1
    assert "[the report](https://a.example)" in html


def test_a_comment_with_a_few_brackets_keeps_its_links():
    comment = "[sic] " * (text.MAX_LINK_BRACKETS - 1) + "see [the report](https://a.example)"
    assert 'href="https://a.example"' in text.render(comment)


def test_rendering_twenty_thousand_brackets_finishes():
    """In a child process stopped after a minute: a guard against the slowness coming back, not
    a measure of speed (it takes milliseconds)."""
    code = "from masthead.comments.text import render; print(len(render('[' * 20000)))"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
        )
    except subprocess.TimeoutExpired:
        pytest.fail("rendering did not finish within a minute")
    assert done.returncode == 0, done.stderr
