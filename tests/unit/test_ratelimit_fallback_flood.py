"""The rate limits' fallback counts while Redis is down (decision 0011) under a key flood.

An attacker with many IPv6 /64 networks makes a new limiter key with every request. With one
table that dropped its oldest half when full, such a flood pushed out the counter of the
account being guessed at, and the guessing started again from zero. The counts are now kept
per scope (the key's first two parts: `login:account`, `comment:ip`...), and a full scope
gives up the counters furthest from their limits, never one at its limit; a scope full of
counters at their limits refuses new keys until its windows end."""

from __future__ import annotations

import logging

import pytest
from django.test import override_settings

from masthead.core import ratelimit, rediscache

UNREACHABLE = {
    "BACKEND": "masthead.core.rediscache.DegradingRedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
}
CAP = 200  # counters a scope keeps (LOCAL_MAX_KEYS), small so that a flood is quick
NOW = 1000.0  # inside the 900 s window 900..1800


@pytest.fixture
def redis_down(monkeypatch):
    monkeypatch.setattr(ratelimit, "LOCAL_MAX_KEYS", CAP)

    def reset() -> None:
        rediscache.breaker.down_since = None
        rediscache.breaker.retry_at = 0.0
        ratelimit.forget_local_counts()

    reset()
    with override_settings(CACHES={"default": UNREACHABLE, "pages": UNREACHABLE}):
        yield
    reset()


def flood(scope: str, count: int, hits_each: int = 1, rate: str = "10/900") -> None:
    """New keys from `count` IPv6 /64 networks, as one attacker's requests make them."""
    for network in range(count):
        for _ in range(hits_each):
            ratelimit.hit(f"{scope}:2001:db8:{network:x}::/64", rate, now=NOW)


def test_a_flood_of_new_keys_cannot_reset_a_refused_login_counter(redis_down):
    guessed = "login:account:0123abcd"
    answers = [ratelimit.hit(guessed, "10/900", now=NOW).allowed for _ in range(11)]
    assert answers == [True] * 10 + [False]
    # The same scope as the guessed account's counter: the (account, address) keys.
    flood("login:account:0123abcd:ip", 5 * CAP)
    assert not ratelimit.hit(guessed, "10/900", now=NOW).allowed


def test_a_flood_cannot_reset_a_counter_that_is_still_under_its_limit(redis_down):
    guessed = "login:account:4567cdef"
    for _ in range(6):
        assert ratelimit.hit(guessed, "10/900", now=NOW).allowed
    flood("login:account:4567cdef:ip", 5 * CAP)
    # The count went on from 6: four more, then refused.
    answers = [ratelimit.hit(guessed, "10/900", now=NOW).allowed for _ in range(5)]
    assert answers == [True] * 4 + [False]


def test_a_flood_keeps_each_scope_within_its_bound(redis_down):
    flood("login:ip", 5 * CAP)
    flood("comment:ip", 3 * CAP, rate="20/60")
    sizes = ratelimit.local_counter_sizes()
    assert 0 < sizes["login:ip"] <= CAP
    assert 0 < sizes["comment:ip"] <= CAP


def test_a_scope_full_of_refused_counters_refuses_new_keys_until_their_window_ends(
    redis_down, caplog
):
    # Every counter at its limit: none can be given up without letting its owner start again.
    flood("reset:email", CAP, hits_each=3, rate="3/3600")
    with caplog.at_level(logging.WARNING, logger="masthead.core.ratelimit"):
        for _ in range(3):
            assert not ratelimit.hit("reset:email:newcomer", "3/3600", now=NOW).allowed
    assert [r.getMessage() for r in caplog.records if r.name == ratelimit.__name__] == [
        "rate limits counted in this process: reset:email is full of counters at their "
        "limits (a flood of new keys?); new keys in it are refused for 2601 s"
    ]
    # Other scopes are not affected.
    assert ratelimit.hit("login:ip:198.51.100.7", "50/900", now=NOW).allowed
    # The flood's counters still refuse their owners.
    assert not ratelimit.hit("reset:email:2001:db8:0::/64", "3/3600", now=NOW).allowed
    # When the hour's window is over the scope takes new keys again.
    assert ratelimit.hit("reset:email:newcomer", "3/3600", now=3600 + 2.0).allowed


def test_counts_of_the_same_key_in_another_scope_are_kept_through_a_flood(redis_down):
    for _ in range(5):
        ratelimit.hit("comment:user:7", "5/60", now=NOW)
    flood("login:ip", 5 * CAP)
    assert not ratelimit.hit("comment:user:7", "5/60", now=NOW).allowed
