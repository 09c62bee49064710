"""Link counting on hostile comments, found by a security review (2026-11-29): two patterns
backtracked without end, so one comment of a few dozen characters held a web worker (and the
moderation check) for minutes or for ever; and others were tried again from every '[', '<a' or
character of a target, so the time grew with the square of the length (20,000 '[' took 0.5-2 s,
a million would take about half an hour; the moderation batch read a 1 MB line of them for
50-100 s). Each text runs in a child process that is stopped after a minute: a guard against
the slowness coming back, not a measure of speed (each now takes well under a second)."""

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
    # A million characters each: read again from each '[', '<a' or target character, they took
    # from half a minute to hours (the square of the length), now well under a second.
    "a million '['": ("'[' * 1_000_000", 0),
    "half a million '!['": ("'![' * 500_000", 0),
    "'[' then ']' (each '[' read to the far ']')": ("'[' * 500_000 + ']' * 500_000", 0),
    "HTML link tags that never close": ("'<a>' * 333_333", 333_333),
    "HTML link tags that never end": ("'<a ' * 333_333", 0),
    "a reference definition whose title never closes": ("'[a]: ' + '\"' * 1_000_000 + ' y'", 0),
    "a reference definition of parentheses": ("'[a]: ' + '(' * 1_000_000 + ' y'", 0),
    "unclosed Markdown links with titles": ("'[a](x ' * 200_000", 0),
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
