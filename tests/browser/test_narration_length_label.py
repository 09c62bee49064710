"""The narration's length reads the same on the page without JavaScript ("Listen to article
(1:29)", the feed's itunes:duration, the admin) and in the player (narration/player.js): whole
seconds rounded down on both sides (2026-11-30). The server rounded, so an 89.6 s file was
"1:30" until the player took over and said "1:29"."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from masthead.narration.presenters import clock

pytestmark = pytest.mark.browser

PLAYER_JS = Path(__file__).resolve().parents[2] / "masthead/narration/static/narration/player.js"
DURATIONS = [0, 0.4, 0.5, 0.6, 59.5, 59.99, 89.6, 90.0, 125.4, 599.5, 3599.6, 3725.2, 36000.9]


def _player_clock_source() -> str:
    source = PLAYER_JS.read_text()
    found = re.search(r"\n  function clock\(seconds\) \{\n.*?\n  \}\n", source, re.DOTALL)
    assert found, "player.js has no clock(seconds) function"
    return found.group(0)


def test_the_page_and_the_player_label_the_same_length_alike(page):
    script = f"(() => {{ {_player_clock_source()} return {json.dumps(DURATIONS)}.map(clock); }})()"
    in_the_player = page.evaluate(script)
    assert [clock(seconds) for seconds in DURATIONS] == in_the_player


def test_the_server_label_rounds_down():
    assert [clock(89.6), clock(125.4), clock(3725.2), clock(0.6)] == [
        "1:29",
        "2:05",
        "1:02:05",
        "0:00",
    ]
