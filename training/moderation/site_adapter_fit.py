"""Fitting a site adapter (site_adapter.py) on moderators' decisions, and checking it first.

The decisions are split by article (a quarter of the articles, chosen by a hash of their id, are
kept aside): the adapter is fitted on the rest and compared with the shipped model on the kept
articles, whose comments it never saw. It is offered only when it ranks those comments better
than the shipped model by at least MIN_GAIN of ROC-AUC, and what is offered is exactly what was
checked (it is not fitted again on the kept-aside articles). Each decision counts with its
weight: a reviewed comment of the audit sample stands for the many published comments nobody
reviewed (the weights of the "Thresholds: what if" page).

Its scores are put on the shipped model's scale at the site's abuse threshold: on the
kept-aside articles, the adapter lets through the same (weighted) share of the comments
moderators rejected as the shipped model does at that threshold, so switching it on keeps the
abuse that gets through where it was and publishes more of what moderators approve, as far as
it ranks them better. The threshold keeps its meaning; the score is no longer a probability.

Part of the site-adapter EXPERIMENT (site_adapter.py); no Django, no I/O; uses scikit-learn.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from training.moderation.site_adapter import EMBEDDING_SIZE, SiteAdapter, logit

# Decisions the adapter needs before it is fitted at all, and of each kind (rejected, approved)
# in all and among the kept-aside articles.
MIN_DECISIONS = 200
MIN_EACH = 20
MIN_EACH_CHECKED = 8
# The share of articles kept aside to check the adapter.
CHECK_SHARE = 0.25
# How much better than the shipped model (ROC-AUC on the kept-aside articles) it must rank.
MIN_GAIN = 0.01
# Inverse regularisation strengths tried (the one that ranks the kept-aside comments best wins).
STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0)


@dataclass(frozen=True)
class Decision:
    """One comment a moderator decided: what the models made of it, and the decision."""

    base_probability: float  # the shipped abuse model's probability
    embedding: Any  # the comment's sentence embedding (EMBEDDING_SIZE values)
    rejected: bool
    article: str  # decisions are split by article
    weight: float = 1.0


@dataclass(frozen=True)
class AtThreshold:
    """Weighted shares at the site's abuse threshold, on the kept-aside articles."""

    approved_published: float
    rejected_published: float


@dataclass(frozen=True)
class FitReport:
    decisions: int
    rejected: int
    articles: int
    checked: int  # decisions on the kept-aside articles
    checked_rejected: int
    threshold: float
    shipped_auc: float | None = None
    adapted_auc: float | None = None
    shipped_at_threshold: AtThreshold | None = None
    adapted_at_threshold: AtThreshold | None = None
    strength: float | None = None
    adapter: SiteAdapter | None = None
    # Why no adapter is offered (None when one is).
    refused: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        def share(at: AtThreshold | None) -> dict[str, float] | None:
            if at is None:
                return None
            return {
                "approved_published": round(at.approved_published, 4),
                "rejected_published": round(at.rejected_published, 4),
            }

        return {
            "decisions": self.decisions,
            "rejected": self.rejected,
            "articles": self.articles,
            "checked": self.checked,
            "checked_rejected": self.checked_rejected,
            "threshold": self.threshold,
            "shipped_auc": None if self.shipped_auc is None else round(self.shipped_auc, 4),
            "adapted_auc": None if self.adapted_auc is None else round(self.adapted_auc, 4),
            "shipped_at_threshold": share(self.shipped_at_threshold),
            "adapted_at_threshold": share(self.adapted_at_threshold),
            "strength": self.strength,
            "version": self.adapter.version if self.adapter else None,
            "refused": self.refused,
        }


def kept_aside(article: str) -> bool:
    digest = hashlib.sha1(f"adapter:{article}".encode(), usedforsecurity=False).hexdigest()
    return int(digest[:8], 16) % 10_000 < CHECK_SHARE * 10_000


def design(decisions: Sequence[Decision]) -> np.ndarray[Any, Any]:
    rows = np.empty((len(decisions), 1 + EMBEDDING_SIZE), dtype=np.float64)
    for i, d in enumerate(decisions):
        vector = np.asarray(d.embedding, dtype=np.float64).ravel()
        if vector.size != EMBEDDING_SIZE:
            raise ValueError(f"an embedding has {vector.size} values, not {EMBEDDING_SIZE}")
        rows[i, 0] = logit(d.base_probability)
        rows[i, 1:] = vector
    return rows


def _at(
    scores: np.ndarray[Any, Any], y: np.ndarray[Any, Any], w: np.ndarray[Any, Any], t: float
) -> AtThreshold:
    published = scores < t
    approved, rejected = y == 0, y == 1
    return AtThreshold(
        approved_published=float(w[approved & published].sum() / w[approved].sum()),
        rejected_published=float(w[rejected & published].sum() / w[rejected].sum()),
    )


def _version(weights: Sequence[float], intercept: float, today: dt.date) -> str:
    digest = hashlib.sha256(json.dumps([list(weights), intercept]).encode()).hexdigest()[:8]
    return f"site-adapter-{today:%Y%m%d}-{digest}"


def fit_adapter(
    decisions: Sequence[Decision],
    *,
    abuse_model: str,
    topic_model: str,
    threshold: float,
    today: dt.date,
) -> FitReport:
    """Fit on the articles not kept aside, check on the kept-aside ones, and offer what was
    checked when it ranks them better (it is not fitted again on every decision)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    y = np.array([int(d.rejected) for d in decisions])
    w = np.array([float(d.weight) for d in decisions])
    aside = np.array([kept_aside(d.article) for d in decisions], dtype=bool)
    base = FitReport(
        decisions=len(decisions),
        rejected=int(y.sum()),
        articles=len({d.article for d in decisions}),
        checked=int(aside.sum()),
        checked_rejected=int(y[aside].sum()),
        threshold=threshold,
    )
    approved = len(decisions) - int(y.sum())
    if len(decisions) < MIN_DECISIONS or int(y.sum()) < MIN_EACH or approved < MIN_EACH:
        return replace(
            base,
            refused=(
                f"too few decisions: {len(decisions)} ({int(y.sum())} rejected, {approved} "
                f"approved); an adapter needs {MIN_DECISIONS}, at least {MIN_EACH} of each"
            ),
        )
    checked_approved = int(aside.sum()) - int(y[aside].sum())
    if min(int(y[aside].sum()), checked_approved) < MIN_EACH_CHECKED or aside.all():
        return replace(
            base,
            refused=(
                f"too few decisions on the articles kept aside to check it: {int(aside.sum())} "
                f"({int(y[aside].sum())} rejected); it needs {MIN_EACH_CHECKED} of each"
            ),
        )
    # The articles it learns from need both kinds too (with every rejected comment on the
    # kept-aside articles, the regression would have one class to learn and would raise).
    learnt, learnt_rejected = int((~aside).sum()), int(y[~aside].sum())
    if min(learnt_rejected, learnt - learnt_rejected) < MIN_EACH_CHECKED:
        return replace(
            base,
            refused=(
                f"too few decisions on the articles it would learn from: {learnt} "
                f"({learnt_rejected} rejected); it needs {MIN_EACH_CHECKED} of each"
            ),
        )
    if not (np.isfinite(w).all() and (w > 0).all()):
        raise ValueError("a decision's weight is not a positive number")
    x = design(decisions)
    train, check = ~aside, aside
    base_scores = x[check, 0]
    shipped_auc = float(roc_auc_score(y[check], base_scores, sample_weight=w[check]))
    best: tuple[float, float, Any] | None = None
    for strength in STRENGTHS:
        model = LogisticRegression(C=strength, max_iter=5000)
        model.fit(x[train], y[train], sample_weight=w[train])
        auc = float(
            roc_auc_score(y[check], model.decision_function(x[check]), sample_weight=w[check])
        )
        if best is None or auc > best[0]:
            best = (auc, strength, model)
    assert best is not None
    adapted_auc, strength, model = best
    shipped_probability = 1.0 / (1.0 + np.exp(-base_scores))
    shipped_at = _at(shipped_probability, y[check], w[check], threshold)
    # The shift that puts the adapter on the shipped model's scale at the threshold.
    z = model.decision_function(x[check])
    rejected = y[check] == 1
    cut = weighted_quantile(z[rejected], w[check][rejected], shipped_at.rejected_published)
    shift = logit(threshold) - cut
    weights = tuple(float(v) for v in model.coef_[0])
    intercept = float(model.intercept_[0]) + shift
    adapted_at = _at(1.0 / (1.0 + np.exp(-(z + shift))), y[check], w[check], threshold)
    measured = replace(
        base,
        shipped_auc=shipped_auc,
        adapted_auc=adapted_auc,
        shipped_at_threshold=shipped_at,
        adapted_at_threshold=adapted_at,
        strength=strength,
    )
    if adapted_auc < shipped_auc + MIN_GAIN:
        return replace(
            measured,
            refused=(
                f"it would not rank this site's comments better: ROC-AUC {adapted_auc:.3f} "
                f"against the shipped model's {shipped_auc:.3f} on the articles kept aside "
                f"(it must gain at least {MIN_GAIN})"
            ),
        )
    adapter = SiteAdapter(
        version=_version(weights, intercept, today),
        abuse_model=abuse_model,
        topic_model=topic_model,
        weights=weights,
        intercept=intercept,
    )
    return replace(measured, adapter=adapter)


def weighted_quantile(
    values: np.ndarray[Any, Any], weights: np.ndarray[Any, Any], share: float
) -> float:
    """The value under which `share` of the (weighted) values lie: a cut that keeps exactly that
    share below it (values equal to the cut are not below it)."""
    order = np.argsort(values)
    v, w = values[order], weights[order]
    below = np.concatenate([[0.0], np.cumsum(w)]) / w.sum()
    # The first index whose share below reaches `share`: cut just above the values before it.
    i = int(np.searchsorted(below, share - 1e-12))
    if i <= 0:
        return float(v[0])
    if i >= len(v):
        return float(v[-1]) + 1e-6
    return float((v[i - 1] + v[i]) / 2.0)
