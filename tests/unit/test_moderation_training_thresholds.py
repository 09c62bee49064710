"""Retraining one part of the moderation models keeps the thresholds it was asked to keep
(training code; no model is trained here)."""

from __future__ import annotations

from training.moderation.train import merge_thresholds


def test_kept_thresholds_stay_and_the_others_take_this_runs_values():
    chosen = {"abuse": 0.25, "abuse_trusted": 0.55, "off_topic": 0.8389, "spam": 0.9}
    previous = {"abuse": 0.22, "abuse_trusted": 0.52, "off_topic": 0.8514, "spam": 0.9047}
    assert merge_thresholds(chosen, previous, frozenset({"off_topic"})) == {
        "abuse": 0.25,
        "abuse_trusted": 0.55,
        "off_topic": 0.8514,
        "spam": 0.9,
    }


def test_with_nothing_kept_every_threshold_is_this_runs():
    chosen = {"abuse": 0.25, "abuse_trusted": 0.55, "off_topic": 0.8389, "spam": 0.9}
    assert merge_thresholds(chosen, {"off_topic": 0.8514}, frozenset()) == chosen
