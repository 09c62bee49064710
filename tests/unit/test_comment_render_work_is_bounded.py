"""Rendering a comment reads it a bounded number of times, found by a review (2026-11-29):
Python-Markdown reads a block again for each heading, rule, list item or quote marker in it,
and splices it again for each emphasis, code or escape mark, so "a\\n-\\n" or "=\\n" repeated
to 20,000 characters took 1.6-2.9 s of a web worker. A comment whose Markdown would do more
than MAX_MARKDOWN_WORK is shown as typed.

Markdown's reading is counted, not timed: every block each block reader is shown and every text
each inline pattern is matched in, in characters (the same shapes read 60 million characters
at 10,000 characters and four times that at 20,000 before)."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator

import markdown.blockprocessors
import markdown.inlinepatterns
import pytest

from masthead.comments import text
from tests.conftest import SHARED

C3_COMMENTS = SHARED / "data" / "c3_constructive_comments" / "C3_anonymized.csv.gz"


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.fixture
def characters_read(monkeypatch):
    """A one-item list: how many characters Markdown's block readers and inline patterns were
    given since the test began."""
    read = [0]

    def counting_test(test):
        def counted(self, parent, block):
            read[0] += len(block)
            return test(self, parent, block)

        return counted

    def counting_match(handle_match):
        def counted(self, m, data=None):
            if data is None:  # a legacy Pattern: it is given the match alone
                read[0] += len(m.string)
                return handle_match(self, m)
            read[0] += len(data)
            return handle_match(self, m, data)

        return counted

    block_readers = markdown.blockprocessors.BlockProcessor
    for cls in (block_readers, *_subclasses(block_readers)):
        if "test" in vars(cls):
            monkeypatch.setattr(cls, "test", counting_test(vars(cls)["test"]))
    patterns = markdown.inlinepatterns.Pattern
    for cls in (patterns, *_subclasses(patterns)):
        if "handleMatch" in vars(cls):
            monkeypatch.setattr(cls, "handleMatch", counting_match(vars(cls)["handleMatch"]))
    return read


def _repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


HOSTILE = {
    "setext heading under each line": "a\n-\n",
    "'=' lines": "=\n",
    "'-' lines": "-\n",
    "rules": "---\n",
    "spaced rules": "* * *\n",
    "long setext underlines": "a\n===\n",
    "hash headings": "# a\n",
    "list items": "- a\n",
    "nested lists": "- ",
    "nested numbered lists": "1. ",
    "nested quotes": "> ",
    "paragraphs": "a\n\n",
    "asterisks": "*",
    "emphasis": "*a*",
    "strong openers": "**a",
    "asterisks and underscores": "*_",
    "underscores": "_a",
    "backticks": "`",
    "backslashes": "\\",
    "line breaks": "a  \n",
    "unclosed links": "[a](",
    "image openers": "![",
    "character references": "&#",
    "mixed": "*a* _b_ `c` \\d\n- e\n> f\n# g\nh\n===\n\n",
}


@pytest.mark.parametrize("unit", HOSTILE.values(), ids=HOSTILE.keys())
def test_markdown_reads_a_hostile_comment_a_bounded_number_of_times(unit, characters_read):
    counts = []
    for size in (10_000, 20_000):
        characters_read[0] = 0
        text.render(_repeated(unit, size))
        counts.append(characters_read[0])
    # Linear: twice the text is read at most about twice as much, and each character at most a
    # few dozen times (eleven block readers look at each block once).
    assert counts[1] <= 2.2 * counts[0] + 1_000
    assert counts[1] <= 25 * 20_000


def test_a_comment_over_the_work_limit_is_shown_as_typed():
    comment = _repeated("Title\n-----\n", 20_000).strip()
    assert text._markdown_work(comment) > text.MAX_MARKDOWN_WORK
    html = text.render(comment)
    assert html.startswith("<p>Title<br>\n-----<br>\nTitle<br>\n")
    assert "<h2>" not in html and text.plain(comment) == comment


def test_a_long_ordinary_comment_is_still_rendered_with_markdown(characters_read):
    paragraph = (
        "The council's *own* figures show the bridge is late, and the report "
        "(see [the minutes](https://a.example/minutes)) says why. " * 3
    )
    quote = "> They said it would open in May.\n> It did not.\n\n"
    items = "".join(f"- point {n}, which matters\n" for n in range(6)) + "\n"
    comment = (paragraph + "\n\n" + quote + items) * 39
    link = "[the minutes](https://a.example/minutes)"
    comment = comment.replace(link, "the minutes", comment.count(link) - 15).strip()
    assert 19_000 < len(comment) <= 20_000  # the longest a site may allow
    assert text._markdown_work(comment) < text.MAX_MARKDOWN_WORK / 2
    html = text.render(comment)
    assert characters_read[0] > 0  # Markdown read it
    assert html.count("<em>own</em>") == 117 and html.count("<blockquote>") == 39
    assert html.count('<a href="https://a.example/minutes"') == 15


@pytest.mark.skipif(not C3_COMMENTS.exists(), reason="the C3 comments are not here")
def test_real_news_comments_are_all_rendered_with_markdown():
    """Under the limit a comment renders exactly as before (the same Markdown call): so do the
    8,994 reader comments of the C3 set, with room to spare."""
    csv.field_size_limit(1_000_000)
    with gzip.open(C3_COMMENTS, "rt", encoding="utf-8") as rows:
        comments = [text.normalise(row["comment_text"]) for row in csv.DictReader(rows)]
    assert len(comments) > 8_000
    assert max(map(text._markdown_work, comments)) < text.MAX_MARKDOWN_WORK / 10
