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
