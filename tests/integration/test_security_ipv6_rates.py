"""Per-address limits and IPv6 (security review, 2026-11-30).

One IPv6 connection is usually given a whole /64 network: 2^64 addresses its owner may use in
turn. Counted per full address, the per-address limits (log-in, sign-up, password reset,
comments) were no limit at all for such a client; they now count each IPv6 /64 as one address.
IPv4 addresses are still counted one by one."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def login(address: str, n: int) -> int:
    return (
        Client()
        .post(
            "/accounts/login/",
            {"username": f"guess{n}@example.org", "password": "wrong-password-1"},
            REMOTE_ADDR=address,
        )
        .status_code
    )


def test_log_in_attempts_from_one_ipv6_network_count_together_whatever_the_address(
    masthead_settings,
):
    masthead_settings(LOGIN_RATE_PER_IP="3/900")
    answers = [login(f"2001:db8:1:2::{n:x}", n) for n in range(1, 5)]
    assert answers == [200, 200, 200, 429]
    # Another /64 is someone else.
    assert login("2001:db8:1:3::1", 9) == 200


def test_sign_ups_from_one_ipv6_network_count_together(masthead_settings):
    masthead_settings(ACCOUNT_RATE_PER_IP="2/3600")
    answers = [
        Client()
        .post(
            "/accounts/signup/",
            {
                "email": f"new{n}@example.org",
                "display_name": f"Newcomer {n}",
                "password": "a-long-pass-phrase-9",
                "password_again": "a-long-pass-phrase-9",
            },
            REMOTE_ADDR=f"2001:db8:5:6:{n:x}::1",
        )
        .status_code
        for n in range(1, 4)
    ]
    assert answers == [302, 302, 429]


def test_ipv4_addresses_are_still_counted_one_by_one(masthead_settings):
    masthead_settings(LOGIN_RATE_PER_IP="1/900")
    assert [login(f"198.51.100.{n}", n) for n in range(1, 4)] == [200, 200, 200]


def test_an_ipv4_address_written_as_ipv6_counts_as_that_ipv4_address(masthead_settings):
    masthead_settings(LOGIN_RATE_PER_IP="1/900")
    assert login("198.51.100.7", 1) == 200
    assert login("::ffff:198.51.100.7", 2) == 429
