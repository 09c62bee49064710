"""Inside a Markdown code span a backslash is a character, not an escape, as Markdown itself
reads it: `a\\*b` in backticks is imported as a\\*b. A news body has few code spans, but one
that shows a command, a path or a formula (`C:\\Users`, `grep a\\.b`) must keep what it shows.
Before, escapes were taken out of the whole body before Markdown read it, code spans
included, so `a\\*b` in backticks came out a*b. Outside code spans an escape still keeps its
character without the backslash."""

from __future__ import annotations

import pytest

from masthead.articles.importers import markdown


def _texts(body: str) -> list[str]:
    return [b.text for b in markdown.markdown_to_blocks(body)]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("Type `a\\*b` to match.", "Type a\\*b to match."),
        ("The path `C:\\\\Users\\_shared` is wrong.", "The path C:\\\\Users\\_shared is wrong."),
        ("Run ``grep a\\.b` x`` now.", "Run grep a\\.b` x now."),
        ("A span `that\nruns on \\#2` two lines.", "A span that runs on \\#2 two lines."),
    ],
)
def test_a_backslash_inside_a_code_span_is_kept(body: str, text: str) -> None:
    assert _texts(body) == [text]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "Outside \\*stars\\* and `in\\*side`, \\*again\\*.",
            "Outside *stars* and in\\*side, *again*.",
        ),
        ("An escaped \\`tick is no code: \\*x\\* `", "An escaped `tick is no code: *x* `"),
        (
            "An unclosed ` tick leaves \\*escapes\\* alone.",
            "An unclosed ` tick leaves *escapes* alone.",
        ),
        ("A span does not cross paragraphs: `a\n\nb\\*c`", "A span does not cross paragraphs: `a"),
    ],
)
def test_escapes_outside_code_spans_still_lose_their_backslash(body: str, text: str) -> None:
    assert _texts(body)[0] == text
