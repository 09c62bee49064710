"""The calibration measure `make eval` reports: reliability bins and expected calibration error."""

from __future__ import annotations

import numpy as np
import pytest

from training.moderation.evaluate import reliability


def test_a_predictor_that_says_the_observed_rate_has_no_calibration_error():
    p = np.array([0.25] * 4 + [0.75] * 4)
    y = np.array([1, 0, 0, 0, 1, 1, 1, 0], dtype=float)
    rows, ece = reliability(p, y, np.ones(8))
    assert ece == pytest.approx(0.0)
    assert np.allclose([(lo, hi) for lo, hi, _, _ in rows], [(0.2, 0.3), (0.7, 0.8)])


def test_an_overconfident_predictor_shows_its_gap_weighted_by_the_row_weights():
    p = np.array([0.9, 0.9, 0.1, 0.1])
    y = np.array([1, 0, 0, 0], dtype=float)
    # bin 0.9: predicted 0.9, observed 0.5 (gap 0.4); bin 0.1: predicted 0.1, observed 0 (gap 0.1)
    _, ece = reliability(p, y, np.ones(4))
    assert ece == pytest.approx((2 * 0.4 + 2 * 0.1) / 4)
    # weighting the second bin three times as heavily moves the error towards its gap
    _, weighted = reliability(p, y, np.array([1.0, 1.0, 3.0, 3.0]))
    assert weighted == pytest.approx((2 * 0.4 + 6 * 0.1) / 8)


def test_a_probability_of_exactly_one_falls_in_the_top_bin():
    rows, _ = reliability(np.array([1.0, 0.0]), np.array([1.0, 0.0]), np.ones(2))
    assert np.allclose([(lo, hi) for lo, hi, _, _ in rows], [(0.0, 0.1), (0.9, 1.0)])
