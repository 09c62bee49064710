"""Session and CSRF cookies are Secure by default on an https:// site (security review,
2026-11-30: MASTHEAD_SECURE_COOKIES defaulted to false whatever the site's address, so an
operator who left it out had the session cookie sent over plain HTTP too). An explicit false
still wins, with a one-line warning at start. MASTHEAD_HSTS_SECONDS turns on
Strict-Transport-Security (off by default: the proxy usually sends it)."""

from __future__ import annotations

import pytest

from tests.support.environment import refused, run_masthead, settings_value

COOKIES = "(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
HTTPS = {"MASTHEAD_SITE_URL": "https://news.example.org", "MASTHEAD_SECURE_COOKIES": ""}
WARNING = (
    "masthead: warning: MASTHEAD_SECURE_COOKIES=false with an https:// MASTHEAD_SITE_URL: "
    "the session and CSRF cookies are also sent over plain HTTP\n"
)


def test_cookies_are_secure_by_default_for_an_https_site_url():
    assert settings_value(COOKIES, HTTPS) == "(True, True)"


@pytest.mark.parametrize("site", ["http://news.example.org", ""])
def test_cookies_are_not_secure_by_default_for_an_http_or_the_local_site_url(site):
    env = {"MASTHEAD_SITE_URL": site, "MASTHEAD_SECURE_COOKIES": ""}
    assert settings_value(COOKIES, env) == "(False, False)"


def test_an_explicit_true_makes_cookies_secure_on_an_http_site_url():
    env = {"MASTHEAD_SITE_URL": "http://news.example.org", "MASTHEAD_SECURE_COOKIES": "true"}
    assert settings_value(COOKIES, env) == "(True, True)"


def test_an_explicit_false_wins_on_an_https_site_url_with_a_warning_at_start(tmp_path):
    result = run_masthead(tmp_path, {**HTTPS, "MASTHEAD_SECURE_COOKIES": "false"})
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(WARNING)
    assert settings_value(COOKIES, {**HTTPS, "MASTHEAD_SECURE_COOKIES": "false"}) == (
        "(False, False)"
    )


def test_no_warning_when_the_cookies_are_secure(tmp_path):
    result = run_masthead(tmp_path, HTTPS)
    assert result.returncode == 0, result.stderr
    assert "MASTHEAD_SECURE_COOKIES" not in result.stderr


def test_hsts_is_off_by_default_and_set_in_seconds():
    assert settings_value("s.SECURE_HSTS_SECONDS", {"MASTHEAD_HSTS_SECONDS": ""}) == "0"
    env = {"MASTHEAD_HSTS_SECONDS": "31536000"}
    assert settings_value("s.SECURE_HSTS_SECONDS", env) == "31536000"


@pytest.mark.parametrize("typed", ["-1", "a year", "1.5"])
def test_a_negative_or_non_number_hsts_seconds_stops_the_start(tmp_path, typed):
    shown = typed if typed == "-1" else repr(typed)
    refused(
        run_masthead(tmp_path, {"MASTHEAD_HSTS_SECONDS": typed}),
        f"MASTHEAD_HSTS_SECONDS must be a whole number from 0 up, not {shown}",
    )
