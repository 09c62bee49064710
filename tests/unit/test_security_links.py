"""Link counting on hostile comments, found by a security review (2026-11-29): two patterns
backtracked without end, so one comment of a few dozen characters held a web worker (and the
moderation check) for minutes or for ever. Each text runs in a child process that is stopped
after a minute: a guard against the hang coming back, not a measure of speed (each takes
milliseconds)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HOSTILE = {
    # `[a](` and 3000 spaces: 80 seconds before the fix.
    "an unclosed Markdown link followed by spaces": ("'[a](' + ' ' * 2996", 0),
    # Forty quote markers: the time doubled with each one.
    "a deeply nested quote": ("'> ' * 40 + 'x'", 0),
    "a nested quote before a reference definition": ("'> ' * 40 + '[a]: x\\n\\n[a]'", 1),
}


@pytest.mark.parametrize("expression, links", HOSTILE.values(), ids=HOSTILE.keys())
def test_counting_links_in_a_hostile_comment_finishes(expression, links):
    code = f"from masthead.core.links import count_links; print(count_links({expression}))"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
        )
    except subprocess.TimeoutExpired:
        pytest.fail("counting the links did not finish within a minute")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(links)
