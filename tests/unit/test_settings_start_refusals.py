"""Values that would break every request of a kind stop `masthead` at start instead, in one line
naming the variable and what it allows, exit 1, no traceback (found by a docs review).

Before: a rate such as `five` passed `masthead check` and then answered 500 to every comment;
`MASTHEAD_MAX_BODY_BYTES=-1` answered 413 to every request; a log level or time zone Python does
not know, and a port, worker or thread count that is not a number (even for `serve --help`),
stopped with a traceback.
"""

from __future__ import annotations

import pytest

from tests.support.environment import refused, run_masthead, settings_value

RATES = [
    "MASTHEAD_COMMENT_RATE_PER_READER",
    "MASTHEAD_COMMENT_RATE_PER_IP",
    "MASTHEAD_REPORT_RATE_PER_READER",
    "MASTHEAD_LIKE_RATE_PER_READER",
    "MASTHEAD_LOGIN_RATE_PER_ACCOUNT",
    "MASTHEAD_LOGIN_RATE_PER_IP",
    "MASTHEAD_PASSWORD_RESET_RATE_PER_EMAIL",
    "MASTHEAD_ACCOUNT_RATE_PER_IP",
    "MASTHEAD_MODERATION_ACTION_RATE",
]
RATE_RULE = "must be COUNT/SECONDS, two whole numbers from 1 up (seconds at most 10^9), like 5/60"


@pytest.mark.parametrize("name", RATES)
def test_every_rate_that_is_not_count_per_seconds_stops_the_start(tmp_path, name):
    refused(run_masthead(tmp_path, {name: "five"}), f"{name} {RATE_RULE}, not 'five'")


@pytest.mark.parametrize("typed", ["5", "0/60", "5/0", "-1/60", "5/60/1", "5.5/60", "1/1000000001"])
def test_a_rate_without_a_positive_count_and_window_stops_the_start(tmp_path, typed):
    name = "MASTHEAD_COMMENT_RATE_PER_READER"
    refused(run_masthead(tmp_path, {name: typed}), f"{name} {RATE_RULE}, not {typed!r}")


def test_good_rates_are_kept_and_empty_means_the_default():
    env = {"MASTHEAD_COMMENT_RATE_PER_IP": "7/10", "MASTHEAD_MODERATION_ACTION_RATE": ""}
    assert settings_value("s.MASTHEAD['COMMENT_RATE_PER_IP']", env) == "'7/10'"
    assert settings_value("s.MASTHEAD['MODERATION_ACTION_RATE']", env) == "'120/60'"


ARTICLE_ROOM = (
    "from 465536 up (room for an article of MASTHEAD_ARTICLE_BODY_MAX_LENGTH=100000 characters)"
)


@pytest.mark.parametrize("name", ["MASTHEAD_MAX_BODY_BYTES", "MASTHEAD_MAX_UPLOAD_BYTES"])
@pytest.mark.parametrize("typed", ["-1", "0", "465535"])
def test_a_body_limit_too_small_for_the_longest_article_stops_the_start(tmp_path, name, typed):
    # -1 or 0 answered 413 to every request. The admin's article form is multipart: at most 4
    # bytes a character of the longest article (100,000 by default), and 65,536 for the rest.
    refused(
        run_masthead(tmp_path, {name: typed}),
        f"{name} must be a whole number {ARTICLE_ROOM}, not {typed}",
    )


def test_the_body_limit_also_has_room_for_the_longest_comment(tmp_path):
    # url-encoded: at most 12 bytes a character (%XX four times), and 4096 for the other fields
    env = {
        "MASTHEAD_ARTICLE_BODY_MAX_LENGTH": "1000",
        "MASTHEAD_COMMENT_MAX_LENGTH": "20000",
        "MASTHEAD_MAX_BODY_BYTES": "244095",
    }
    refused(
        run_masthead(tmp_path, env),
        "MASTHEAD_MAX_BODY_BYTES must be a whole number from 244096 up (room for a comment of "
        "MASTHEAD_COMMENT_MAX_LENGTH=20000 characters), not 244095",
    )
    kept = {**env, "MASTHEAD_MAX_BODY_BYTES": "244096"}
    assert settings_value("s.DATA_UPLOAD_MAX_MEMORY_SIZE", kept) == "244096"
    assert (
        settings_value("s.DATA_UPLOAD_MAX_MEMORY_SIZE", {"MASTHEAD_MAX_BODY_BYTES": ""})
        == "2621440"
    )
    assert settings_value(
        "s.MASTHEAD['MAX_UPLOAD_BYTES']", {"MASTHEAD_MAX_UPLOAD_BYTES": "465536"}
    ) == ("465536")


def test_a_log_level_python_does_not_know_is_one_line_naming_the_levels(tmp_path):
    refused(
        run_masthead(tmp_path, {"MASTHEAD_LOG_LEVEL": "LOUD"}),
        "MASTHEAD_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'LOUD'",
    )


def test_a_log_level_is_read_in_any_case_and_empty_means_info():
    assert (
        settings_value("s.LOGGING['root']['level']", {"MASTHEAD_LOG_LEVEL": "warning"})
        == "'WARNING'"
    )
    assert settings_value("s.LOGGING['root']['level']", {"MASTHEAD_LOG_LEVEL": ""}) == "'INFO'"


@pytest.mark.parametrize("typed", ["Mars/Olympus", "../etc/passwd", "utc"])
def test_a_time_zone_that_does_not_exist_is_one_line(tmp_path, typed):
    refused(
        run_masthead(tmp_path, {"MASTHEAD_TIME_ZONE": typed}),
        f"MASTHEAD_TIME_ZONE must be a time zone name such as UTC or Europe/London, not {typed!r}",
    )


def test_a_real_time_zone_is_kept_and_empty_means_utc(tmp_path):
    assert (
        settings_value("s.TIME_ZONE", {"MASTHEAD_TIME_ZONE": "Europe/Berlin"}) == "'Europe/Berlin'"
    )
    assert settings_value("s.TIME_ZONE", {"MASTHEAD_TIME_ZONE": ""}) == "'UTC'"
    assert run_masthead(tmp_path, {"MASTHEAD_TIME_ZONE": "Europe/Berlin"}).returncode == 0


@pytest.mark.parametrize(
    ("name", "typed", "rule"),
    [
        ("MASTHEAD_PORT", "eighty", "a whole number from 1 to 65535, not 'eighty'"),
        ("MASTHEAD_PORT", "70000", "a whole number from 1 to 65535, not 70000"),
        ("MASTHEAD_WEB_WORKERS", "two", "a whole number from 1 up, not 'two'"),
        ("MASTHEAD_WEB_WORKERS", "0", "a whole number from 1 up, not 0"),
        ("MASTHEAD_WEB_THREADS", "many", "a whole number from 1 up, not 'many'"),
    ],
)
def test_serve_refuses_a_bad_port_or_process_count_in_one_line_even_for_help(
    tmp_path, name, typed, rule
):
    for args in (("serve", "--help"), ("serve",), ("check",)):
        refused(run_masthead(tmp_path, {name: typed}, *args), f"{name} must be {rule}")


def test_serve_takes_its_defaults_from_the_environment(tmp_path):
    env = {"MASTHEAD_PORT": "8123", "MASTHEAD_WEB_WORKERS": "3", "MASTHEAD_WEB_THREADS": ""}
    assert settings_value("(s.SERVE_PORT, s.SERVE_WORKERS, s.SERVE_THREADS)", env) == "(8123, 3, 8)"
    assert settings_value("s.SITE_URL", {**env, "MASTHEAD_SITE_URL": "", "MASTHEAD_HOST": ""}) == (
        "'http://127.0.0.1:8123'"
    )
    result = run_masthead(tmp_path, env, "serve", "--help")
    assert result.returncode == 0, result.stderr
