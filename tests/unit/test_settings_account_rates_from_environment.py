"""The per-account log-in limit from all addresses and the sign-up e-mail limit are set from the
environment like the other account limits (they were defaults in comments.actions only):
MASTHEAD_LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES and MASTHEAD_SIGNUP_RATE_PER_EMAIL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.environment import ROOT, refused, run_masthead, settings_value

NAMES = {
    "MASTHEAD_LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES": (
        "LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES",
        "50/900",
    ),
    "MASTHEAD_SIGNUP_RATE_PER_EMAIL": ("SIGNUP_RATE_PER_EMAIL", "3/3600"),
}
RATE_RULE = "must be COUNT/SECONDS, two whole numbers from 1 up (seconds at most 10^9), like 5/60"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("typed", ["five", "0/900", "3/0"])
def test_a_bad_account_rate_stops_the_start_in_one_line(tmp_path, name, typed):
    refused(run_masthead(tmp_path, {name: typed}), f"{name} {RATE_RULE}, not {typed!r}")


@pytest.mark.parametrize("name", NAMES)
def test_an_account_rate_from_the_environment_is_what_the_limiter_uses(name):
    # Read through comments.actions.conf, as check_login_rate and sign_up_reader do.
    key, _ = NAMES[name]
    code = (
        "import django; django.setup(); "
        f"from masthead.comments.actions import conf; print(conf({key!r}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "masthead.settings", name: " 7/120 "}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "7/120"


@pytest.mark.parametrize("name", NAMES)
def test_an_unset_or_empty_account_rate_is_the_documented_default(name):
    key, default = NAMES[name]
    assert settings_value(f"s.MASTHEAD[{key!r}]", {name: ""}, repr_=False) == default
    clean = {k: v for k, v in os.environ.items() if k != name}
    out = subprocess.run(
        [sys.executable, "-c", f"import masthead.settings as s; print(s.MASTHEAD[{key!r}])"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == default
