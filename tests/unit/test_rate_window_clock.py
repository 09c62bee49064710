"""The tests' rate-limit clock (tests/conftest.py): every test starts at the opening of a
fixed window, so a burst of requests in a test is counted in one window."""

from __future__ import annotations

import time

from masthead.core import ratelimit
from tests.conftest import WindowAlignedClock


def test_the_rate_limits_read_a_clock_that_starts_one_second_into_a_day():
    now = ratelimit.time.time()
    assert 1.0 <= now % WindowAlignedClock.DAY < 30.0
    assert 1.0 <= now % 60 < 30.0


def test_the_shifted_clock_still_moves_with_real_time():
    clock = WindowAlignedClock()
    first = clock.time()
    time.sleep(0.01)
    assert clock.time() > first


def test_thirty_one_hits_in_a_test_share_one_minute_window():
    decisions = [ratelimit.hit("unit:clock:1", "30/60") for _ in range(31)]
    assert [d.allowed for d in decisions] == [True] * 30 + [False]
