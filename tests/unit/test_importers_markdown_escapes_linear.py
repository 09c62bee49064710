"""A Markdown body of backslash escapes or inline tags reads in linear time. Python-Markdown set each escape
aside one at a time, rebuilding the rest of its paragraph every time: 200,000 backslashes took
seconds, growing with the square of their count. The count of matches Python-Markdown's inline
pass makes is the deterministic measure here (each one rebuilt the rest of the paragraph)."""

from __future__ import annotations

from unittest import mock

import pytest
from markdown.treeprocessors import InlineProcessor

from masthead.articles.importers import markdown

_APPLY = "_InlineProcessor__applyPattern"


def _inline_matches(body: str) -> int:
    original = getattr(InlineProcessor, _APPLY)
    with mock.patch.object(InlineProcessor, _APPLY, autospec=True, side_effect=original) as spy:
        markdown.markdown_to_blocks(body)
    return spy.call_count


@pytest.mark.parametrize("unit", ["\\\\", "\\*", "\\_\\#", "\\[\\]"])
def test_backslash_escapes_are_not_set_aside_one_by_one(unit: str) -> None:
    # Python-Markdown tries each of its inline patterns once per text node; before, once more
    # per escape (10,000 here).
    assert _inline_matches("Start. " + unit * 5_000) < 100


def test_escaped_markers_read_as_the_characters_written() -> None:
    blocks = markdown.markdown_to_blocks(
        "Price \\*not emphasis\\* and a back\\\\slash, \\[not a link](x).\n\n"
        "\\# not a heading\n\n\\> not a quote\n\n1\\. not a list"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Price *not emphasis* and a back\\slash, [not a link](x)."),
        ("paragraph", "# not a heading"),
        ("paragraph", "> not a quote"),
        ("paragraph", "1. not a list"),
    ]


def test_private_use_characters_in_the_source_do_not_turn_into_markers() -> None:
    blocks = markdown.markdown_to_blocks("Odd \ue001\ue003 characters \ue000 here.")
    assert [b.text for b in blocks] == ["Odd characters here."]


@pytest.mark.parametrize("unit", ["<b>", "<i>x</i>", '<span title="a">', "</em>"])
def test_inline_tags_are_not_set_aside_one_by_one(unit: str) -> None:
    # Python-Markdown set each raw inline tag aside as it did each escape; a tag that only
    # wraps text is dropped before it reads the body (html_to_blocks dropped it after).
    assert _inline_matches("Start. " + unit * 5_000) < 100


def test_inline_tags_go_and_block_tags_links_and_skipped_content_still_count() -> None:
    blocks = markdown.markdown_to_blocks(
        "Turnout <b>rose</b> in a<i>ll</i> wards, see <https://example.test/a>.\n\n"
        "<script>alert(1)</script> Polls <span>closed</span>.\n\n"
        "<div>\nA block of its own\n</div>\n\n"
        "> We waited.\n>\n> -- Mara <i>Quill</i>"
    )
    assert [(b.kind, b.text, b.attribution) for b in blocks] == [
        ("paragraph", "Turnout rose in all wards, see https://example.test/a.", ""),
        ("paragraph", "Polls closed.", ""),
        ("paragraph", "A block of its own", ""),
        ("quote", "We waited.", "Mara Quill"),
    ]
