"""The work of Python-Markdown's inline pass, counted, for the importer's linear-time tests."""

from __future__ import annotations

from unittest import mock

from markdown.treeprocessors import InlineProcessor

from masthead.articles.importers import markdown

_APPLY = "_InlineProcessor__applyPattern"


def inline_work(body: str) -> int:
    """Characters of text the inline pass's pattern step was handed, summed over its calls,
    while `markdown.markdown_to_blocks(body)` imports the body."""
    # The class Markdown's inline pass is an instance of: masthead's, else Python-Markdown's.
    cls = getattr(markdown, "LinearInlineProcessor", InlineProcessor)
    original = getattr(cls, _APPLY)
    seen: list[int] = []

    def counted(self, pattern, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(len(data))
        return original(self, pattern, data, *args, **kwargs)

    with mock.patch.object(cls, _APPLY, counted):
        markdown.markdown_to_blocks(body)
    return sum(seen)
