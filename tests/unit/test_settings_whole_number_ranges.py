"""Whole-number settings that were read with no range stop the start on nonsense, in one line
naming the variable and its range, exit 1, no traceback (found by a docs review).

Before: a negative edit window or page-cache time, a depth of 0 or 1000, a body limit of 0
(every article refused) or an e-mail port of 70000 all passed `masthead check`.
"""

from __future__ import annotations

import pytest

from tests.support.environment import refused, run_masthead, settings_value

RANGES = [
    ("MASTHEAD_COMMENT_EDIT_WINDOW_MINUTES", 0, 1440),
    ("MASTHEAD_COMMENT_MAX_DEPTH", 1, 10),
    ("MASTHEAD_PAGE_CACHE_SECONDS", 0, 86400),
    ("MASTHEAD_ARTICLE_BODY_MAX_LENGTH", 1, 500_000),
    ("MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS", 0, 3650),
    ("MASTHEAD_COMMENT_PAGE_SIZE", 1, 100),
    ("MASTHEAD_EMAIL_PORT", 1, 65535),
]


@pytest.mark.parametrize(("name", "low", "high"), RANGES)
def test_a_whole_number_setting_outside_its_range_stops_the_start_in_one_line(
    tmp_path, name, low, high
):
    for typed in (low - 1, high + 1):
        refused(
            run_masthead(tmp_path, {name: str(typed)}),
            f"{name} must be a whole number from {low} to {high}, not {typed}",
        )


def test_a_range_setting_that_is_not_a_number_names_its_range(tmp_path):
    refused(
        run_masthead(tmp_path, {"MASTHEAD_COMMENT_MAX_DEPTH": "deep"}),
        "MASTHEAD_COMMENT_MAX_DEPTH must be a whole number from 1 to 10, not 'deep'",
    )


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("MASTHEAD_DB_CONN_MAX_AGE", "a whole number from 0 up"),
        ("MASTHEAD_NARRATION_THREADS", "a whole number from 1 up"),
    ],
)
def test_a_negative_connection_age_or_thread_count_stops_the_start(tmp_path, name, rule):
    refused(run_masthead(tmp_path, {name: "-1"}), f"{name} must be {rule}, not -1")


def test_values_at_the_ends_of_each_range_are_kept_and_empty_means_the_default():
    lows = {name: str(low) for name, low, _ in RANGES}
    highs = {name: str(high) for name, _, high in RANGES}
    keys = (
        "COMMENT_EDIT_WINDOW_MINUTES",
        "COMMENT_MAX_DEPTH",
        "PAGE_CACHE_SECONDS",
        "ARTICLE_BODY_MAX_LENGTH",
        "COMMENTS_CLOSE_AFTER_DAYS",
        "PAGE_SIZE",
    )
    expression = f"[s.MASTHEAD[k] for k in {keys!r}] + [s.EMAIL_PORT]"
    assert settings_value(expression, lows) == "[0, 1, 0, 1, 0, 1, 1]"
    assert settings_value(expression, highs) == "[1440, 10, 86400, 500000, 3650, 100, 65535]"
    empty = {name: "" for name, _, _ in RANGES}
    assert settings_value(expression, empty) == "[15, 3, 300, 100000, 0, 20, 25]"


def test_the_longest_article_allowed_fits_the_default_body_limits(tmp_path):
    result = run_masthead(tmp_path, {"MASTHEAD_ARTICLE_BODY_MAX_LENGTH": "500000"})
    assert result.returncode == 0, result.stderr
