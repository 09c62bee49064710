"""Fitting a site adapter (training/moderation/site_adapter_fit.py, an experiment) on synthetic
moderators' decisions.

The decisions are drawn with numpy: the shipped model's logit, and a hidden trait of each
comment that this site's moderators reject for and the shipped model does not see. The trait
is written into one direction of a 384-value embedding (unit length, like MiniLM's), so an
adapter can learn it; with `signal=False` the decisions depend on the shipped logit alone."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import numpy as np
import pytest

from training.moderation.site_adapter import EMBEDDING_SIZE
from training.moderation.site_adapter_fit import (
    MIN_DECISIONS,
    MIN_EACH,
    MIN_EACH_CHECKED,
    MIN_GAIN,
    Decision,
    FitReport,
    design,
    fit_adapter,
    kept_aside,
    weighted_quantile,
)

THRESHOLD = 0.3
TODAY = dt.date(2026, 11, 30)


def decisions(n: int = 600, *, seed: int = 7, signal: bool = True, articles: int = 60) -> list:
    rng = np.random.default_rng(seed)
    direction = rng.normal(size=EMBEDDING_SIZE)
    direction /= np.linalg.norm(direction)
    base_logit = rng.normal(-1.5, 1.5, n)
    hidden = rng.normal(size=n)
    truth = base_logit + (2.5 * hidden if signal else 0.0) + 0.5
    rejected = rng.random(n) < 1.0 / (1.0 + np.exp(-truth))
    embeddings = rng.normal(0.0, 0.05, (n, EMBEDDING_SIZE)) + 0.2 * np.outer(hidden, direction)
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    return [
        Decision(
            base_probability=float(1.0 / (1.0 + np.exp(-b))),
            embedding=e,
            rejected=bool(r),
            article=f"article-{i % articles}",
        )
        for i, (b, e, r) in enumerate(zip(base_logit, embeddings, rejected, strict=True))
    ]


def fit(items: list, threshold: float = THRESHOLD, today: dt.date = TODAY) -> FitReport:
    return fit_adapter(
        items, abuse_model="abuse-1", topic_model="topic-1", threshold=threshold, today=today
    )


@pytest.fixture(scope="module")
def signal() -> list:
    return decisions()


@pytest.fixture(scope="module")
def report(signal) -> FitReport:
    return fit(signal)


def at_threshold(items: list, score, threshold: float = THRESHOLD) -> tuple[float, float]:
    """(approved published, rejected published), weighted, on the kept-aside articles."""
    aside = [d for d in items if kept_aside(d.article)]
    published = {id(d): score(d) < threshold for d in aside}

    def share(rejected: bool) -> float:
        group = [d for d in aside if d.rejected == rejected]
        return sum(d.weight for d in group if published[id(d)]) / sum(d.weight for d in group)

    return share(False), share(True)


# --- an adapter is offered when the embedding carries what the shipped model misses -----------


def test_an_adapter_is_offered_when_the_embedding_carries_signal(report):
    assert report.refused is None
    assert report.adapter is not None
    assert report.adapter.abuse_model == "abuse-1" and report.adapter.topic_model == "topic-1"
    assert report.decisions == 600 and report.articles == 60


def test_the_adapter_ranks_the_kept_aside_comments_better_than_the_shipped_model(report):
    assert report.shipped_auc is not None and report.adapted_auc is not None
    assert report.adapted_auc >= report.shipped_auc + MIN_GAIN
    assert report.adapted_auc > report.shipped_auc + 0.1  # the trait is strong here


def test_a_quarter_of_the_articles_are_kept_aside_to_check_it(signal, report):
    aside = [d for d in signal if kept_aside(d.article)]
    assert report.checked == len(aside) and 0 < report.checked < report.decisions
    assert report.checked_rejected == sum(d.rejected for d in aside)


def test_at_the_threshold_it_lets_through_the_shipped_share_of_rejected_comments(signal, report):
    shipped, adapted = report.shipped_at_threshold, report.adapted_at_threshold
    assert shipped is not None and adapted is not None
    one_decision = 1 / report.checked_rejected  # every weight is 1 here
    assert abs(adapted.rejected_published - shipped.rejected_published) <= one_decision + 1e-12
    assert adapted.approved_published > shipped.approved_published


def test_the_shipped_shares_at_the_threshold_are_those_of_its_probability(signal, report):
    approved, rejected = at_threshold(signal, lambda d: d.base_probability)
    assert report.shipped_at_threshold is not None
    assert report.shipped_at_threshold.approved_published == pytest.approx(approved)
    assert report.shipped_at_threshold.rejected_published == pytest.approx(rejected)


def test_the_kept_adapter_gives_the_checked_shares_at_the_threshold(signal, report):
    # What is kept (weights and shifted intercept) is what was checked: scoring the kept-aside
    # comments with SiteAdapter.probability gives the report's figures.
    adapter = report.adapter
    assert adapter is not None and report.adapted_at_threshold is not None
    approved, rejected = at_threshold(
        signal, lambda d: adapter.probability(d.base_probability, d.embedding)
    )
    assert approved == pytest.approx(report.adapted_at_threshold.approved_published)
    assert rejected == pytest.approx(report.adapted_at_threshold.rejected_published)


def test_the_shift_holds_at_another_threshold(signal):
    other = fit(signal, threshold=0.6)
    assert other.adapter is not None
    shipped, adapted = other.shipped_at_threshold, other.adapted_at_threshold
    assert shipped is not None and adapted is not None
    assert abs(adapted.rejected_published - shipped.rejected_published) <= (
        1 / other.checked_rejected + 1e-12
    )
    assert adapted.approved_published > shipped.approved_published


def test_the_report_as_a_dict_names_the_version_and_rounds_the_figures(report):
    data = report.as_dict()
    assert data["version"] == report.adapter.version and data["refused"] is None
    assert data["adapted_auc"] == round(report.adapted_auc, 4)
    assert set(data["adapted_at_threshold"]) == {"approved_published", "rejected_published"}
    assert data["threshold"] == THRESHOLD and data["strength"] == report.strength


# --- refusals ----------------------------------------------------------------------------------


def test_fewer_than_200_decisions_are_refused_as_too_few(signal):
    assert MIN_DECISIONS == 200
    result = fit(signal[:199])
    assert result.adapter is None
    assert result.refused is not None
    assert result.refused.startswith("too few decisions: 199 (")
    assert "an adapter needs 200" in result.refused
    assert result.shipped_auc is None and result.adapted_at_threshold is None


def test_200_decisions_are_not_refused_as_too_few(signal):
    result = fit(signal[:200])
    assert result.refused is None or not result.refused.startswith("too few decisions:")


def test_too_few_rejected_decisions_are_refused_however_many_there_are(signal):
    rejected = [d for d in signal if d.rejected][: MIN_EACH - 1]
    few = [d for d in signal if not d.rejected] + rejected
    assert len(few) >= MIN_DECISIONS
    result = fit(few)
    assert result.adapter is None
    assert result.refused is not None
    assert result.refused.startswith(f"too few decisions: {len(few)} ({MIN_EACH - 1} rejected")
    assert f"at least {MIN_EACH} of each" in result.refused


def test_too_few_approved_decisions_are_refused(signal):
    few = [d for d in signal if d.rejected] + [d for d in signal if not d.rejected][:5]
    few += [replace(d, rejected=True) for d in signal[:200]]  # enough decisions in all
    result = fit(few)
    assert result.refused is not None and result.refused.startswith("too few decisions:")
    assert "5 approved" in result.refused


def test_too_few_rejected_on_the_kept_aside_articles_is_refused(signal):
    aside_rejected = [d for d in signal if kept_aside(d.article) and d.rejected]
    keep = {id(d) for d in aside_rejected[: MIN_EACH_CHECKED - 1]}
    items = [d for d in signal if not (kept_aside(d.article) and d.rejected) or id(d) in keep]
    result = fit(items)
    assert result.adapter is None
    assert result.refused is not None
    assert result.refused.startswith("too few decisions on the articles kept aside to check it")
    assert f"({MIN_EACH_CHECKED - 1} rejected)" in result.refused


def test_decisions_all_on_kept_aside_articles_are_refused(signal):
    article = next(f"article-{i}" for i in range(1000) if kept_aside(f"article-{i}"))
    result = fit([replace(d, article=article) for d in signal])
    assert result.adapter is None and result.checked == len(signal)
    assert result.refused is not None and "kept aside" in result.refused


def test_every_rejected_decision_on_kept_aside_articles_is_refused_not_raised(signal):
    # The regression would have only approved comments to learn from (scikit-learn raises).
    aside = [f"article-{i}" for i in range(60) if kept_aside(f"article-{i}")]
    items = [
        replace(d, article=aside[i % len(aside)]) if d.rejected else d for i, d in enumerate(signal)
    ]
    result = fit(items)
    assert result.adapter is None
    assert result.refused is not None
    assert result.refused.startswith("too few decisions on the articles it would learn from")
    assert f"(0 rejected); it needs {MIN_EACH_CHECKED} of each" in result.refused


def test_an_embedding_without_signal_is_refused_as_not_better_by_min_gain():
    result = fit(decisions(seed=2, signal=False))
    assert result.adapter is None
    assert result.shipped_auc is not None and result.adapted_auc is not None
    assert result.adapted_auc < result.shipped_auc + MIN_GAIN
    assert result.refused is not None
    assert result.refused.startswith("it would not rank this site's comments better")
    assert f"ROC-AUC {result.adapted_auc:.3f}" in result.refused
    assert f"the shipped model's {result.shipped_auc:.3f}" in result.refused
    assert f"at least {MIN_GAIN}" in result.refused
    # The check is still reported, for the command to print.
    assert result.adapted_at_threshold is not None


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_a_weight_that_is_not_a_positive_number_raises(signal, bad):
    items = list(signal)
    items[3] = replace(items[3], weight=bad)
    with pytest.raises(ValueError, match="weight is not a positive number"):
        fit(items)


def test_an_embedding_of_the_wrong_size_raises(signal):
    with pytest.raises(ValueError, match="has 100 values, not 384"):
        design([replace(signal[0], embedding=np.zeros(100))])


# --- weights ---------------------------------------------------------------------------------


def audit_weighted(items: list) -> list:
    """Audit-sample style: a comment the shipped model would publish and a moderator reviewed
    stands for 5 published comments; a held one for itself."""
    return [replace(d, weight=5.0 if d.base_probability < THRESHOLD else 1.0) for d in items]


def test_weights_change_the_fit(signal, report):
    weighted = fit(audit_weighted(signal))
    assert weighted.adapter is not None and report.adapter is not None
    assert weighted.adapter.version != report.adapter.version
    assert weighted.adapter.weights != report.adapter.weights
    assert weighted.shipped_auc != report.shipped_auc  # the check is weighted too


def test_the_shares_at_the_threshold_are_weighted(signal):
    items = audit_weighted(signal)
    weighted = fit(items)
    approved, rejected = at_threshold(items, lambda d: d.base_probability)
    shipped = weighted.shipped_at_threshold
    assert shipped is not None
    assert (shipped.approved_published, shipped.rejected_published) == pytest.approx(
        (approved, rejected)
    )
    aside_rejected = [d.weight for d in items if kept_aside(d.article) and d.rejected]
    one_decision = max(aside_rejected) / sum(aside_rejected)
    adapted = weighted.adapted_at_threshold
    assert adapted is not None
    assert abs(adapted.rejected_published - shipped.rejected_published) <= one_decision + 1e-12


def test_doubling_every_weight_leaves_the_check_of_the_shipped_model_unchanged(signal, report):
    doubled = fit([replace(d, weight=2.0) for d in signal])
    assert doubled.shipped_auc == pytest.approx(report.shipped_auc)
    assert doubled.shipped_at_threshold == report.shipped_at_threshold


# --- deterministic -------------------------------------------------------------------------


def test_the_same_decisions_give_the_same_adapter_and_version(signal, report):
    again = fit(decisions())
    assert again.adapter == report.adapter
    assert again.as_dict() == report.as_dict()


def test_the_version_names_the_day_and_a_digest_of_the_numbers(signal, report):
    assert report.adapter is not None
    assert re.fullmatch(r"site-adapter-20261130-[0-9a-f]{8}", report.adapter.version)
    later = fit(signal, today=dt.date(2027, 1, 2))
    assert later.adapter is not None
    assert later.adapter.version == report.adapter.version.replace("20261130", "20270102")


def test_kept_aside_is_a_stable_quarter_of_the_articles():
    names = [f"article-{i}" for i in range(4000)]
    share = sum(map(kept_aside, names)) / len(names)
    assert 0.22 < share < 0.28
    assert [kept_aside(n) for n in names[:50]] == [kept_aside(n) for n in names[:50]]


# --- weighted_quantile -----------------------------------------------------------------------


def below(values, weights, cut: float) -> float:
    values, weights = np.asarray(values, float), np.asarray(weights, float)
    return float(weights[values < cut].sum() / weights.sum())


def test_weighted_quantile_of_share_zero_keeps_nothing_below():
    values, weights = np.array([3.0, 1.0, 2.0]), np.ones(3)
    cut = weighted_quantile(values, weights, 0.0)
    assert cut == 1.0 and below(values, weights, cut) == 0.0


def test_weighted_quantile_of_share_one_keeps_everything_below():
    values, weights = np.array([3.0, 1.0, 2.0]), np.ones(3)
    cut = weighted_quantile(values, weights, 1.0)
    assert cut > 3.0 and below(values, weights, cut) == 1.0


def test_weighted_quantile_cuts_halfway_between_values():
    values, weights = np.array([4.0, 2.0, 1.0, 3.0]), np.ones(4)
    assert weighted_quantile(values, weights, 0.5) == 2.5
    assert weighted_quantile(values, weights, 0.25) == 1.5


def test_weighted_quantile_counts_the_weights():
    values, weights = np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 2.0])
    cut = weighted_quantile(values, weights, 0.5)
    assert cut == 2.5 and below(values, weights, cut) == 0.5
    heavy_first = np.array([2.0, 1.0, 1.0])
    assert weighted_quantile(values, heavy_first, 0.5) == 1.5


def test_weighted_quantile_between_two_shares_keeps_the_next_one_below():
    # 0.3 lies between 0.25 and 0.5: the cut keeps 0.5 below, over by less than one value.
    values, weights = np.array([1.0, 2.0, 3.0, 4.0]), np.ones(4)
    cut = weighted_quantile(values, weights, 0.3)
    assert cut == 2.5 and 0.3 <= below(values, weights, cut) < 0.3 + 0.25


def test_weighted_quantile_tolerates_sums_that_float_rounding_puts_just_under():
    values, weights = np.arange(10.0), np.full(10, 0.1)
    assert weighted_quantile(values, weights, 0.3) == 2.5
    assert weighted_quantile(values, weights, 0.7) == 6.5


def test_weighted_quantile_of_one_value():
    assert weighted_quantile(np.array([5.0]), np.array([2.0]), 0.0) == 5.0
    assert weighted_quantile(np.array([5.0]), np.array([2.0]), 0.5) > 5.0


def test_weighted_quantile_of_tied_values_cannot_split_them():
    values, weights = np.full(4, 1.0), np.ones(4)
    cut = weighted_quantile(values, weights, 0.5)
    assert cut == 1.0 and below(values, weights, cut) == 0.0  # values equal to it are not below
