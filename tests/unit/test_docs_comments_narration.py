"""docs/comments.md and docs/narration.md say what the code does: the display-name rules and
examples, the withheld placeholder, and how not-yet-live narration is made and cached."""

from __future__ import annotations

import re
from pathlib import Path

from masthead.comments import names

ROOT = Path(__file__).resolve().parents[2]
COMMENTS_DOC = (ROOT / "docs" / "comments.md").read_text()
NARRATION_DOC = (ROOT / "docs" / "narration.md").read_text()
COMMENT_TEMPLATE = (
    ROOT / "masthead" / "comments" / "templates" / "comments" / "_comment.html"
).read_text()


def _backticked(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def _between(text: str, start: str, end: str) -> str:
    begin = text.index(start) + len(start)
    return text[begin : text.index(end, begin)]


def test_comments_doc_lists_every_staff_word_the_name_check_refuses():
    section = _between(COMMENTS_DOC, "### Display names", "## For moderators")
    listed = set(_backticked(section))
    assert [word for word in names.STAFF_WORDS if word not in listed] == []


def test_names_the_comments_doc_accepts_are_accepted_and_those_it_refuses_refused():
    section = " ".join(_between(COMMENTS_DOC, "### Display names", "## For moderators").split())
    accepted = _backticked(_between(section, "Letters of any script count:", "."))
    accepted += _backticked(_between(section, "Devanagari and similar scripts (", ")"))
    refused = _backticked(_between(section, "so `M0derator`", "are all refused")) + ["M0derator"]
    assert len(accepted) >= 5 and len(refused) >= 5
    problems = {name: names.check_display_name(name, [], "Masthead Gazette") for name in accepted}
    assert problems == dict.fromkeys(accepted)
    assert all(names.check_display_name(name, [], "Masthead Gazette") for name in refused)
    assert names.clean_display_name("O\u2019Brien") == "O'Brien"
    assert "`O\u2019Brien` is `O'Brien`" in section


def test_comments_doc_statuses_table_has_the_withheld_placeholder_the_thread_shows():
    placeholder = "This comment is not available."
    assert placeholder in COMMENT_TEMPLATE
    from masthead.comments.queries import WITHHELD

    rows = [line for line in COMMENTS_DOC.splitlines() if line.startswith("| `held`,")]
    assert len(rows) == 1 and placeholder in rows[0] and "its author sees it in full" in rows[0]
    # every status the thread shows as the placeholder is named in that row
    assert all(f"`{status}`" in rows[0].split("|")[1] for status in WITHHELD)


def test_narration_doc_gives_the_cache_control_of_audio_not_yet_live():
    from masthead.narration.views import NOT_LIVE_CACHE_CONTROL

    assert f"`Cache-Control: {NOT_LIVE_CACHE_CONTROL}`" in " ".join(NARRATION_DOC.split())


def test_narration_doc_says_scheduled_articles_are_narrated_when_saved():
    (row,) = [  # the settings table's row (the variable is named in prose too)
        line
        for line in NARRATION_DOC.splitlines()
        if line.startswith("| `MASTHEAD_NARRATION_ON_PUBLISH` |")
    ]
    assert "scheduled for later" in row and "on each edit" in row
    assert "every edit of a live article |" not in row
