"""The read-along key (what decides whether audio is served): the same from a script as from the
timings its render stored; changed by anything the page shows differently, not by how the same
sentences are spoken."""

from __future__ import annotations

from masthead.articles.body import parse_body
from masthead.narration.engines.fake import FakeEngine
from masthead.narration.pipeline import SegmentCache, read_along, read_along_key, render
from masthead.narration.readalong import text_read_along_key
from masthead.narration.script import build_script

BODY = 'The council voted 9 to 4.\n\n## Cost\n\n"It will cost £40m," she said.\n\n> Yes.\n> -- Joan Hill'


def _key(body: str, lexicon: dict[str, str] | None = None) -> str:
    return read_along_key(
        read_along(build_script("Bridge vote", "A standfirst.", parse_body(body), lexicon))
    )


def test_the_key_of_a_script_is_the_key_of_the_timings_its_render_stored(tmp_path):
    script = build_script("Bridge vote", "A standfirst.", parse_body(BODY))
    rendered = render(script, FakeEngine(), SegmentCache(tmp_path))
    assert read_along_key(rendered.timings["sentences"]) == read_along_key(read_along(script))
    assert text_read_along_key("Bridge vote", "A standfirst.", BODY) == _key(BODY)


def test_what_the_page_shows_differently_changes_the_key():
    assert _key(BODY.replace("9 to 4", "9 to 5")) != _key(BODY)
    # printed differently, spoken the same (quotation marks are not read)
    assert _key(BODY.replace('"', "'")) != _key(BODY)
    # the same sentences in other blocks: read-along targets another element
    assert _key(BODY.replace("## Cost\n\n", "")) != _key(BODY)
    assert _key("One.\n## Two\nThree.") != _key("One. ## Two Three.")


def test_how_the_same_sentences_are_spoken_does_not_change_the_key():
    assert _key(BODY, {"Joan": "Jo-ann"}) == _key(BODY)
    assert _key(BODY.replace("\n\n", "\n\n\n")) == _key(BODY)  # blank lines
