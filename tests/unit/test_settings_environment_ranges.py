"""Moderation settings read from the environment fail closed: a threshold outside 0..1, NaN or
infinity (which would switch its check off and publish every comment unchecked), a time budget
that is not a finite number over 0, or a negative link limit stops `masthead` at start with one
line naming the variable and what it allows, exit 1, no traceback (found by a QA review)."""

from __future__ import annotations

import pytest

from tests.support.environment import run_masthead, settings_value

THRESHOLDS = [
    "MASTHEAD_MODERATION_ABUSE_THRESHOLD",
    "MASTHEAD_MODERATION_OFF_TOPIC_THRESHOLD",
    "MASTHEAD_MODERATION_SPAM_THRESHOLD",
    "MASTHEAD_MODERATION_THREAT_THRESHOLD",
    "MASTHEAD_AUDIT_SAMPLE_RATE",
]


@pytest.mark.parametrize("name", THRESHOLDS)
@pytest.mark.parametrize("typed", ["5", "nan", "inf", "-0.1"])
def test_a_threshold_outside_0_to_1_stops_the_start_in_one_line(tmp_path, name, typed):
    result = run_masthead(tmp_path, {name: typed})
    assert result.returncode == 1
    assert result.stderr == f"masthead: error: {name} must be a number from 0 to 1, not {typed!r}\n"
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("typed", ["0", "-1", "nan", "inf"])
def test_a_moderation_time_budget_that_is_not_a_finite_number_over_0_stops_the_start(
    tmp_path, typed
):
    result = run_masthead(tmp_path, {"MASTHEAD_MODERATION_TIMEOUT_SECONDS": typed})
    assert result.returncode == 1
    assert result.stderr == (
        "masthead: error: MASTHEAD_MODERATION_TIMEOUT_SECONDS must be a number over 0, "
        f"not {typed!r}\n"
    )


def test_a_negative_link_limit_stops_the_start(tmp_path):
    result = run_masthead(tmp_path, {"MASTHEAD_COMMENT_MAX_LINKS": "-1"})
    assert result.returncode == 1
    assert result.stderr == (
        "masthead: error: MASTHEAD_COMMENT_MAX_LINKS must be a whole number from 0 up, not -1\n"
    )


def test_a_value_that_is_not_a_number_at_all_is_also_one_line(tmp_path):
    result = run_masthead(tmp_path, {"MASTHEAD_MODERATION_SPAM_THRESHOLD": "high"})
    assert result.returncode == 1
    assert result.stderr == (
        "masthead: error: MASTHEAD_MODERATION_SPAM_THRESHOLD must be a number, not 'high'\n"
    )


def test_thresholds_from_0_to_1_are_kept_and_empty_means_the_shipped_default():
    assert settings_value(
        "s.MASTHEAD['MODERATION_THREAT_THRESHOLD']", {"MASTHEAD_MODERATION_THREAT_THRESHOLD": "0"}
    ) == ("0.0")
    assert settings_value(
        "s.MASTHEAD['MODERATION_ABUSE_THRESHOLD']", {"MASTHEAD_MODERATION_ABUSE_THRESHOLD": "1"}
    ) == ("1.0")
    assert settings_value(
        "s.MASTHEAD['MODERATION_SPAM_THRESHOLD']", {"MASTHEAD_MODERATION_SPAM_THRESHOLD": "-0"}
    ) == ("0.0")
    assert settings_value(
        "s.MASTHEAD['MODERATION_SPAM_THRESHOLD']", {"MASTHEAD_MODERATION_SPAM_THRESHOLD": ""}
    ) == ("None")
    assert (
        settings_value("s.MASTHEAD['AUDIT_SAMPLE_RATE']", {"MASTHEAD_AUDIT_SAMPLE_RATE": ""})
        == "0.05"
    )
    assert (
        settings_value("s.MASTHEAD['COMMENT_MAX_LINKS']", {"MASTHEAD_COMMENT_MAX_LINKS": "0"})
        == "0"
    )
    assert settings_value(
        "s.MASTHEAD['MODERATION_TIMEOUT_SECONDS']", {"MASTHEAD_MODERATION_TIMEOUT_SECONDS": "0.5"}
    ) == ("0.5")


def test_a_good_environment_passes_the_check(tmp_path):
    result = run_masthead(
        tmp_path,
        {"MASTHEAD_MODERATION_THREAT_THRESHOLD": "0.5", "MASTHEAD_COMMENT_MAX_LINKS": "0"},
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("typed", ["0", "-5", "20001", "1000000"])
def test_a_comment_length_limit_moderation_cannot_read_whole_stops_the_start(tmp_path, typed):
    # over 20,000 characters moderation holds a comment as too_long: the form must not let one in
    result = run_masthead(tmp_path, {"MASTHEAD_COMMENT_MAX_LENGTH": typed})
    assert result.returncode == 1
    assert result.stderr == (
        "masthead: error: MASTHEAD_COMMENT_MAX_LENGTH must be a whole number from 1 to 20000, "
        f"not {typed}\n"
    )


def test_a_comment_length_limit_up_to_what_moderation_reads_whole_is_kept():
    assert (
        settings_value("s.MASTHEAD['COMMENT_MAX_LENGTH']", {"MASTHEAD_COMMENT_MAX_LENGTH": "20000"})
        == "20000"
    )
    assert (
        settings_value("s.MASTHEAD['COMMENT_MAX_LENGTH']", {"MASTHEAD_COMMENT_MAX_LENGTH": ""})
        == "3000"
    )
