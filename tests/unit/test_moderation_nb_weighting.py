"""The abuse model's NB feature weighting (`train.py --nb-weighting`; shipped since 2026-11-30,
binary ratios, beta 0.25): the log-count ratios follow Wang & Manning (2012), and a model fitted on r-scaled
features folds into plain weights, so the run time's dot product and file shape stay as they are
(training code; no model is trained here)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix, diags

from training.moderation.train import main, nb_effective, nb_ratios


def test_ratios_are_the_papers_smoothed_log_count_ratios():
    # features: 0 only in abusive texts, 1 only in civil ones, 2 in both, 3 in none
    x = csr_matrix(np.array([[2.0, 0, 1, 0], [1.0, 0, 0, 0], [0, 3.0, 1, 0]]))
    y = np.array([1, 1, 0])
    r = nb_ratios(x, y, np.ones(3), "binary")
    p = 1 + np.array([2.0, 0, 1, 0])  # presence counts among abusive texts, alpha = 1
    q = 1 + np.array([0.0, 1, 1, 0])
    assert np.allclose(r, np.log(p / p.sum()) - np.log(q / q.sum()))
    assert r[0] > 0 > r[1]


def test_tfidf_ratios_sum_the_values_and_count_the_training_weights():
    x = csr_matrix(np.array([[0.5, 0.0], [0.0, 0.25]]))
    r = nb_ratios(x, np.array([1, 0]), np.array([2.0, 1.0]), "tfidf")
    p, q = 1 + np.array([1.0, 0.0]), 1 + np.array([0.0, 0.25])
    assert np.allclose(r, np.log(p / p.sum()) - np.log(q / q.sum()))


def test_weights_fitted_on_scaled_features_fold_into_weights_of_the_unscaled_ones():
    rng = np.random.default_rng(0)
    x = csr_matrix(rng.random((20, 50)) * (rng.random((20, 50)) < 0.2))
    r, w = rng.normal(size=50), rng.normal(size=50)
    folded = nb_effective(w, r, 1.0)
    assert folded.shape == w.shape
    assert np.allclose((x @ diags(r)) @ w, x @ folded)


def test_interpolation_mixes_the_weights_with_their_mean_magnitude():
    r, w = np.array([1.0, -2.0]), np.array([0.5, -1.5])
    assert np.allclose(nb_effective(w, r, 0.0), r * 1.0)
    assert np.allclose(nb_effective(w, r, 0.5), r * (0.5 * 1.0 + 0.5 * w))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--nb-weighting", "binary", "--nb-beta", "2"], "from 0 to 1"),
        (["--nb-weighting", "binary", "--nb-beta", "nan"], "from 0 to 1"),
        (["--nb-weighting", "none", "--nb-beta", "0.5"], "needs --nb-weighting"),
    ],
)
def test_a_bad_interpolation_is_a_usage_error_before_any_training(argv, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_the_shipped_abuse_model_is_the_default_recipe():
    """`make models` trains what is committed: NB weighting (binary ratios, beta 0.25) and the
    written batches of ABUSE_WRITTEN, as abuse.json records."""
    import json

    from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR
    from training.moderation.datasets import ABUSE_WRITTEN
    from training.moderation.train import ABUSE_NB, ABUSE_NB_BETA

    meta = json.loads((WEIGHTS_DIR / "abuse.json").read_text())
    assert meta["nb_weighting"] == {"ratios": ABUSE_NB, "alpha": 1.0, "beta": ABUSE_NB_BETA}
    assert meta["written_batches"] == sorted(ABUSE_WRITTEN)
