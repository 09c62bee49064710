"""Page and e-mail templates show times through `{% load times %}` (newsroom zone, named; ISO
datetime with offset), never Django's `date`/`time`/`timesince` filters, which name no zone."""

from __future__ import annotations

import re
from pathlib import Path

MASTHEAD = Path(__file__).resolve().parent.parent.parent / "masthead"
BARE = re.compile(r"\|\s*(date|time|timesince|timeuntil|naturaltime)\b(:\s*(\"[^\"]*\"|'[^']*'))?")
# Calendar days that are no moment: the stats table's row headings (dt.date, by newsroom day).
ALLOWED = {("dashboard/templates/dashboard/stats.html", '|date:"D j M"')}


def test_no_page_or_email_template_formats_a_time_with_djangos_own_filters():
    found = []
    for path in sorted(MASTHEAD.rglob("templates/**/*")):
        if path.suffix not in {".html", ".txt"}:
            continue  # XML (feeds, sitemaps) is for machines: date:"c" carries the offset
        where = str(path.relative_to(MASTHEAD))
        for match in BARE.finditer(path.read_text()):
            if (where, match.group(0)) not in ALLOWED:
                found.append(f"{where}: {match.group(0)}")
    assert found == []


STYLED = re.compile(r"\|\s*(time_tag|local_time)\s*:\s*(\"[^\"]*\"|'[^']*')")


def test_every_time_style_named_in_a_template_is_one_the_filters_know():
    """A mistyped style (`time_tag:"dat"`) would only fail when its page is drawn, as a 500
    for readers; this finds it before then."""
    from masthead.core.timestamps import STYLES

    unknown = []
    for path in sorted(MASTHEAD.rglob("templates/**/*")):
        if path.suffix not in {".html", ".txt", ".xml"}:
            continue
        for match in STYLED.finditer(path.read_text()):
            if match.group(2)[1:-1] not in STYLES:
                unknown.append(f"{path.relative_to(MASTHEAD)}: {match.group(0)}")
    assert unknown == []
    assert STYLED.search('{{ c.created_at|time_tag:"date" }}')  # the pattern finds a style
