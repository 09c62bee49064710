"""Times as the site shows them: in the newsroom's time zone (`MASTHEAD_TIME_ZONE`, Django's
current time zone), with the zone named for people and the offset given for machines.

One place for it, so that pages, the workspace and messages written by actions agree. The
formatting itself is `masthead.core.timestamps` (pure); templates use the filters in
`core/templatetags/times.py`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince

from masthead.core import timestamps
from masthead.core.timestamps import Style


def newsroom_zone() -> dt.tzinfo:
    return timezone.get_current_timezone()


def _moment(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    # A naive datetime (none should reach a page with USE_TZ) is read in the newsroom's zone.
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, newsroom_zone())
    return value


def label(value: dt.datetime | dt.date, style: Style = "datetime") -> str:
    """ "30 Nov 2026, 14:05 GMT": for text that cannot hold a `<time>` (a message, an e-mail)."""
    return timestamps.human(_moment(value), newsroom_zone(), style)


def element(value: dt.datetime | dt.date, style: Style = "datetime") -> SafeString:
    """`<time datetime="2026-11-30T14:05:00+00:00">30 Nov 2026, 14:05 GMT</time>`. A moment shown
    as a day alone carries its full time and zone in `title`."""
    moment = _moment(value)
    zone = newsroom_zone()
    machine = timestamps.machine(moment, zone)
    shown = timestamps.human(moment, zone, style)
    if style == "date" and isinstance(moment, dt.datetime):
        full = timestamps.human(moment, zone, "datetime")
        return format_html('<time datetime="{}" title="{}">{}</time>', machine, full, shown)
    return format_html('<time datetime="{}">{}</time>', machine, shown)


def relative_element(value: dt.datetime, now: dt.datetime | None = None) -> SafeString:
    """`<time datetime="..." title="30 Nov 2026, 14:05 GMT">3 minutes ago</time>`: the style
    of the moderators' queue, with the moment itself a hover away."""
    moment = _moment(value)
    assert isinstance(moment, dt.datetime)
    zone = newsroom_zone()
    return format_html(
        '<time datetime="{}" title="{}">{} ago</time>',
        timestamps.machine(moment, zone),
        timestamps.human(moment, zone, "datetime"),
        timesince(moment, now),
    )
