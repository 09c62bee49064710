"""How a moment is written for people and for machines, in a given time zone (pure: no Django).

People read a date and a clock time in the newsroom's zone with the zone named, "30 Nov 2026,
14:05 GMT", because "01:30" alone is two different moments in London on the last Sunday of
October. Machines (`<time datetime>`) get ISO 8601 with the offset, to the second: HTML allows
at most three digits after the seconds, so microseconds would make the value invalid.

`masthead.core.times` supplies the newsroom's zone (Django's current time zone); the template
filters in `core/templatetags/times.py` put the two together in one `<time>` element.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

Style = Literal["datetime", "date", "time"]
STYLES: tuple[Style, ...] = ("datetime", "date", "time")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def in_zone(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """`moment` as a wall-clock time in `zone`; a naive one is refused, since it names no
    moment at all."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone, so it is no moment to show")
    return moment.astimezone(zone)


def offset_text(offset: dt.timedelta, sep: str = ":") -> str:
    """+01:00, -05:00, +05:45 (with `sep` between hours and minutes)."""
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{sep}{mins:02d}"


def zone_name(local: dt.datetime) -> str:
    """The zone's short name at that moment (GMT or BST, EST or EDT, UTC). Where the tz
    database has no letters for it, only a bare offset like "+03" or "-0330", it is written
    from the offset as UTC+3, UTC-3:30, so that no reader takes it for part of the time."""
    offset = local.utcoffset()
    name = local.tzname() or ""
    if name and name[0] not in "+-" and not name[0].isdigit():
        return name
    if offset is None:
        return name
    if not offset:
        return "UTC"
    text = offset_text(offset)  # +05:45
    hours, mins = text[1:].split(":")
    short = f"{text[0]}{int(hours)}" + (f":{mins}" if mins != "00" else "")
    return f"UTC{short}"


def machine(moment: dt.datetime | dt.date, zone: dt.tzinfo) -> str:
    """The `datetime` attribute of a `<time>`: 2026-11-30T14:05:00+00:00 for a moment (to the
    second, with its offset in `zone`), 2026-11-30 for a calendar day."""
    if not isinstance(moment, dt.datetime):
        return moment.isoformat()
    local = in_zone(moment, zone).replace(microsecond=0)
    offset = local.utcoffset() or dt.timedelta(0)
    return local.replace(tzinfo=None).isoformat() + offset_text(offset)


def day_text(day: dt.date) -> str:
    """30 Nov 2026 (English month names whatever the machine's locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def human(moment: dt.datetime | dt.date, zone: dt.tzinfo, style: Style = "datetime") -> str:
    """What a reader sees: "30 Nov 2026, 14:05 GMT" (datetime), "30 Nov 2026" (date: the day
    in `zone`), "14:05 GMT" (time). A calendar day is always written as a day."""
    if not isinstance(moment, dt.datetime):
        return day_text(moment)
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
    local = in_zone(moment, zone)
    clock = f"{local:%H:%M} {zone_name(local)}"
    if style == "date":
        return day_text(local.date())
    if style == "time":
        return clock
    return f"{day_text(local.date())}, {clock}"
