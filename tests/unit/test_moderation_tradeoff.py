"""The trade-off table of `make eval`: the operating point at other abuse thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from training.moderation.evaluate import tradeoff, tradeoff_lines


def test_civil_comment_published_only_under_the_threshold_and_when_nothing_else_holds_it():
    civil = [(0.1, False), (0.3, False), (0.1, True), (0.6, False)]
    abusive = [(0.05, False), (0.4, False), (0.9, False), (0.95, False)]
    curve = tradeoff(civil, abusive, (0.2, 0.5, 1.0))
    assert curve == [(0.2, 0.25, 0.25), (0.5, 0.5, 0.5), (1.0, 0.75, 1.0)]


def test_a_probability_equal_to_the_threshold_is_held_as_the_abuse_phase_does():
    assert tradeoff([(0.3, False)], [(0.3, False)], (0.3,)) == [(0.3, 0.0, 0.0)]


def test_an_abusive_comment_the_threat_model_holds_is_never_published_whatever_the_threshold():
    curve = tradeoff([(0.1, False)], [(0.05, True), (0.05, False)], (0.2, 1.0))
    assert [leaked for _, _, leaked in curve] == [0.5, 0.5]


def test_raising_the_threshold_never_publishes_fewer_comments_of_either_kind():
    civil = [(i / 50, i % 7 == 0) for i in range(50)]
    abusive = [(((i * 37) % 100) / 100, i % 11 == 0) for i in range(100)]
    curve = tradeoff(civil, abusive, tuple(t / 20 for t in range(21)))
    for (_, pub_a, leak_a), (_, pub_b, leak_b) in zip(curve, curve[1:], strict=False):
        assert pub_b >= pub_a and leak_b >= leak_a


def test_an_empty_side_is_refused_rather_than_divided_by_zero():
    with pytest.raises(ValueError, match="both"):
        tradeoff([], [(0.5, False)], (0.5,))
    with pytest.raises(ValueError, match="both"):
        tradeoff([(0.5, False)], [], (0.5,))


def test_the_table_marks_the_shipped_threshold():
    lines = tradeoff_lines([(0.2, 0.5, 0.02), (0.22, 0.6, 0.03)], current=0.22)
    assert "| 0.22 (shipped) | 60.0% | 3.0% |" in lines
    assert "| 0.20 | 50.0% | 2.0% |" in lines


def test_the_per_set_published_shares_count_each_label_on_its_own():
    from training.moderation.evaluate import published_cell

    y = np.array([0, 0, 0, 0, 1, 1])
    held = np.array([True, False, False, False, True, False])
    assert published_cell(y, held) == "75.0% / 50.0%"
    assert published_cell(np.array([0]), np.array([False])) == "100.0% / 0.0%"


def test_a_shipped_threshold_off_the_grid_is_shown_in_full_not_as_a_second_grid_row():
    lines = tradeoff_lines([(0.22, 0.6, 0.03), (0.2216, 0.61, 0.03)], current=0.2216)
    assert "| 0.2216 (shipped) | 61.0% | 3.0% |" in lines
    assert "| 0.22 | 60.0% | 3.0% |" in lines
