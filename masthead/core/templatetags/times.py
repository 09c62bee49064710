"""`{% load times %}`: every time a page shows, in the newsroom's zone (masthead.core.times).

- `{{ value|time_tag }}`: `<time datetime="2026-11-30T14:05:00+00:00">30 Nov 2026, 14:05 GMT</time>`
- `{{ value|time_tag:"date" }}`: the day alone (full time and zone in `title`); `"time"`: 14:05 GMT
- `{{ value|time_ago }}`: "3 minutes ago", the moment and zone in `title`
- `{{ value|local_time }}`: the words alone, for an attribute or plain text

An empty value (no publication time yet) shows nothing.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.safestring import SafeString

from masthead.core import times
from masthead.core.timestamps import STYLES, Style

register = template.Library()


def _style(style: str) -> Style:
    for known in STYLES:
        if style == known:
            return known
    raise template.TemplateSyntaxError(f"time style must be one of {', '.join(STYLES)}")


@register.filter
def time_tag(value: dt.datetime | dt.date | None, style: str = "datetime") -> SafeString | str:
    if not value:
        return ""
    return times.element(value, _style(style))


@register.filter
def time_ago(value: dt.datetime | None) -> SafeString | str:
    if not value:
        return ""
    return times.relative_element(value)


@register.filter
def local_time(value: dt.datetime | dt.date | None, style: str = "datetime") -> str:
    if not value:
        return ""
    return times.label(value, _style(style))


@register.simple_tag
def newsroom_zone() -> str:
    """The zone's name as configured (Europe/London), for a page that counts by day."""
    return str(times.newsroom_zone())
