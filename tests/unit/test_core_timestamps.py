"""The one place times are written (masthead.core.timestamps): in the newsroom's zone with the
zone named for people, with the offset for machines, right on both sides of a clock change."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from masthead.core.timestamps import human, machine, zone_name

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def test_london_winter_time_is_named_gmt():
    assert human(utc(2026, 11, 30, 14, 5), LONDON) == "30 Nov 2026, 14:05 GMT"
    assert machine(utc(2026, 11, 30, 14, 5), LONDON) == "2026-11-30T14:05:00+00:00"


@pytest.mark.parametrize(
    ("moment", "shown", "attribute"),
    [
        # The clocks go back at 01:00 UTC on 25 Oct 2026: 01:30 happens twice in London.
        (utc(2026, 10, 25, 0, 30), "25 Oct 2026, 01:30 BST", "2026-10-25T01:30:00+01:00"),
        (utc(2026, 10, 25, 0, 59), "25 Oct 2026, 01:59 BST", "2026-10-25T01:59:00+01:00"),
        (utc(2026, 10, 25, 1, 0), "25 Oct 2026, 01:00 GMT", "2026-10-25T01:00:00+00:00"),
        (utc(2026, 10, 25, 1, 30), "25 Oct 2026, 01:30 GMT", "2026-10-25T01:30:00+00:00"),
        # ... and forward at 01:00 UTC on 29 Mar 2026: 01:xx never happens.
        (utc(2026, 3, 29, 0, 59), "29 Mar 2026, 00:59 GMT", "2026-03-29T00:59:00+00:00"),
        (utc(2026, 3, 29, 1, 0), "29 Mar 2026, 02:00 BST", "2026-03-29T02:00:00+01:00"),
    ],
)
def test_london_either_side_of_a_clock_change_names_the_zone_in_force(moment, shown, attribute):
    assert human(moment, LONDON) == shown
    assert machine(moment, LONDON) == attribute


@pytest.mark.parametrize(
    ("moment", "shown", "attribute"),
    [
        # New York falls back at 06:00 UTC on 1 Nov 2026: 01:30 EDT, then 01:30 EST.
        (utc(2026, 11, 1, 5, 30), "1 Nov 2026, 01:30 EDT", "2026-11-01T01:30:00-04:00"),
        (utc(2026, 11, 1, 6, 30), "1 Nov 2026, 01:30 EST", "2026-11-01T01:30:00-05:00"),
        # ... and springs forward at 07:00 UTC on 8 Mar 2026.
        (utc(2026, 3, 8, 6, 59), "8 Mar 2026, 01:59 EST", "2026-03-08T01:59:00-05:00"),
        (utc(2026, 3, 8, 7, 0), "8 Mar 2026, 03:00 EDT", "2026-03-08T03:00:00-04:00"),
    ],
)
def test_new_york_either_side_of_a_clock_change_names_the_zone_in_force(moment, shown, attribute):
    assert human(moment, NEW_YORK) == shown
    assert machine(moment, NEW_YORK) == attribute


def test_the_day_shown_is_the_day_in_the_newsroom_zone_not_in_utc():
    # 03:30 UTC on 1 Dec is still 30 Nov in New York.
    late = utc(2026, 12, 1, 3, 30)
    assert human(late, NEW_YORK, "date") == "30 Nov 2026"
    assert human(late, ZoneInfo("UTC"), "date") == "1 Dec 2026"
    assert machine(late, NEW_YORK) == "2026-11-30T22:30:00-05:00"


def test_time_style_is_the_clock_and_zone_alone():
    assert human(utc(2026, 7, 1, 8, 0), LONDON, "time") == "09:00 BST"


def test_a_moment_given_in_another_zone_is_shown_in_the_zone_asked_for():
    tokyo = dt.datetime(2026, 11, 30, 23, 5, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert human(tokyo, LONDON) == "30 Nov 2026, 14:05 GMT"


def test_utc_is_named_utc():
    assert human(utc(2026, 11, 30, 14, 5), ZoneInfo("UTC")) == "30 Nov 2026, 14:05 UTC"
    assert human(utc(2026, 11, 30, 14, 5), dt.UTC) == "30 Nov 2026, 14:05 UTC"


@pytest.mark.parametrize(
    ("zone", "name"),
    [
        ("Asia/Dubai", "UTC+4"),  # the tz database says "+04"
        ("America/Sao_Paulo", "UTC-3"),  # "-03"
        ("Asia/Kathmandu", "UTC+5:45"),  # "+0545"
        ("Asia/Kolkata", "IST"),
        ("Europe/Berlin", "CET"),
    ],
)
def test_a_zone_with_no_letters_is_named_by_its_offset_from_utc(zone, name):
    local = utc(2026, 11, 30, 12, 0).astimezone(ZoneInfo(zone))
    assert zone_name(local) == name


def test_machine_value_drops_microseconds_html_allows_at_most_three_digits():
    moment = dt.datetime(2026, 11, 30, 14, 5, 7, 123456, tzinfo=dt.UTC)
    assert machine(moment, LONDON) == "2026-11-30T14:05:07+00:00"


def test_a_calendar_day_is_written_as_a_day_in_both_forms():
    day = dt.date(2026, 11, 30)
    assert machine(day, NEW_YORK) == "2026-11-30"
    assert human(day, NEW_YORK) == "30 Nov 2026"


def test_a_naive_datetime_is_refused_as_no_moment():
    with pytest.raises(ValueError, match="no time zone"):
        human(dt.datetime(2026, 11, 30, 14, 5), LONDON)


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError, match="style must be one of"):
        human(utc(2026, 11, 30, 14, 5), LONDON, "weekday")  # type: ignore[arg-type]
