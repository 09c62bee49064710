"""Markdown whose front matter is never closed says so: it was read as a file with no front
matter, and the editor was told to add the `headline:` the file already had."""

from __future__ import annotations

import pytest

from masthead.articles.importers import markdown
from masthead.articles.importers.base import MalformedArticle


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_front_matter_that_is_never_closed_is_named_in_one_line(newline: str) -> None:
    text = newline.join(["---", "headline: Harbour wall repairs start", "", "Work begins.", ""])
    with pytest.raises(MalformedArticle) as refused:
        markdown.parse(text)
    assert str(refused.value) == (
        "the front matter that starts on line 1 (---) is never closed: end it with a line of "
        "--- before the body"
    )


def test_closed_front_matter_without_a_headline_still_asks_for_one() -> None:
    with pytest.raises(MalformedArticle, match="no headline: add `headline:`"):
        markdown.parse("---\nsection: City\n---\n\nWork begins.\n")
