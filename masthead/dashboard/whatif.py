"""Thresholds, what if: what the automatic checks would do on a site's own comments at other
thresholds, estimated from its moderators' decisions (pure arithmetic, no Django).

Definitions (also in docs/moderators.md, "Thresholds: what if"):

- An *observation* is a comment a person labelled: *acceptable* (a moderator approved it,
  edited and approved it, or kept it in the audit sample) or *rejected* (a moderator rejected
  it). It carries the scores its first automatic verdict stored, whether a rule that no
  threshold controls also held it (a suspect word, too many links, a spam pattern's
  repetition, `classifier_unavailable`...), and whether its author is a trusted reader.
- Weights make the labelled comments stand for all comments (Horvitz-Thompson): the comments of
  the window fall in strata by what happened to them first. Automatically published ones are
  labelled only when the audit sample drew them and a moderator reviewed them: each stands for
  published / reviewed comments. Held ones (pre-moderation included) are labelled when a
  moderator decided them: each stands for held / decided. Comments rejected automatically have
  no human label and are left out (they stay rejected at any threshold).
- At a threshold *t* of one score (the other scores at the site's current thresholds), the
  checks would publish a comment when no rule held it and every score is under its threshold.
  Trusted readers keep their own abuse threshold whatever *t* is for abuse. Pre-moderation is
  the site's own rule, not a check: it is ignored here.
- Estimated share of acceptable comments published = weighted acceptable published / weighted
  acceptable; the same for rejected comments. The 95% interval is Wilson's on an effective
  sample size: share x (1 - share) / the share's variance (linearised, sum w^2 (y - share)^2 /
  (sum w)^2), at most the labelled count; Kish's (sum w)^2 / sum w^2 when the share is 0 or 1.
- Suggestion: the threshold that publishes the most acceptable comments while the estimated
  share of rejected comments published stays at or under the target (on a tie, the current
  threshold, else the lowest); none when either class has fewer than `min_labelled` labelled
  comments, or no threshold meets the target.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from masthead.moderation.core.types import SCORE_REASONS, Thresholds

Score = Literal["abuse", "off_topic", "spam"]
SCORES: tuple[Score, ...] = ("abuse", "off_topic", "spam")
SCORE_LABELS: dict[str, str] = {
    "abuse": "Abusive language",
    "off_topic": "Off-topic",
    "spam": "Spam",
}
# Reason codes that the three scores' thresholds produce: any other code on a held comment is a
# rule that holds it whatever the thresholds (pre-moderation codes aside, see PREMODERATION).
THRESHOLD_REASONS = frozenset().union(*SCORE_REASONS.values())
DEFAULT_GRID: tuple[float, ...] = tuple(round(0.05 * i, 2) for i in range(1, 20))
DEFAULT_TARGET = 0.03
MIN_LABELLED = 30
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Observation:
    """One labelled comment. A score missing from `scores` counts as 0 (its check had nothing
    to say, as for the demo's pre-moderated comments)."""

    scores: Mapping[str, float]
    acceptable: bool
    weight: float = 1.0
    rule_hold: bool = False
    trusted: bool = False


def rule_hold(reasons: Iterable[str], premoderation: Iterable[str] = ()) -> bool:
    """Whether the stored reason codes include a rule no threshold controls (pre-moderation
    codes, the site's own choice, do not count)."""
    ignored = THRESHOLD_REASONS | set(premoderation)
    return any(code and code not in ignored for code in reasons)


def stratum_weight(comments: int, labelled: int) -> float | None:
    """How many comments of its stratum one labelled comment stands for."""
    return comments / labelled if labelled > 0 and comments > 0 else None


def _score(observation: Observation, name: str) -> float:
    try:
        return float(observation.scores.get(name, 0.0))
    except (TypeError, ValueError):
        return 0.0


def _threshold(thresholds: Thresholds, score: str, trusted: bool) -> float:
    if score == "abuse":
        return thresholds.abuse_trusted if trusted else thresholds.abuse
    return float(getattr(thresholds, score))


def held_by_checks(observation: Observation, thresholds: Thresholds) -> bool:
    """Whether the checks (not pre-moderation) would hold the comment at these thresholds."""
    if observation.rule_hold:
        return True
    abuse = thresholds.abuse_trusted if observation.trusted else thresholds.abuse
    return (
        _score(observation, "abuse") >= abuse
        or _score(observation, "off_topic") >= thresholds.off_topic
        or _score(observation, "spam") >= thresholds.spam
        or _score(observation, "threat_of_violence") >= thresholds.threat
    )


def wilson(share: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a share observed on (an effective) n comments."""
    if n <= 0:
        return (0.0, 1.0)
    z2 = z * z
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(max(0.0, share * (1 - share) / n + z2 / (4 * n * n))) / (1 + z2 / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def kish(weights: Sequence[float]) -> float:
    """Kish's effective sample size: (sum w)^2 / sum w^2."""
    squares = sum(w * w for w in weights)
    return sum(weights) ** 2 / squares if squares > 0 else 0.0


def effective_n(share: float, pairs: Sequence[tuple[bool, float]]) -> float:
    """The sample size that would give a plain share this estimate's variance.

    Variance of the weighted share by linearisation: sum w^2 (y - share)^2 / (sum w)^2. It
    sees what Kish's formula cannot: a share carried by a few heavy comments (the audit
    sample's) is as uncertain as those few. Kish's size when the share is 0 or 1 (no
    variance to read)."""
    total = sum(w for _, w in pairs)
    variance = sum(w * w * (float(y) - share) ** 2 for y, w in pairs) / (total * total)
    if variance <= 0 or share <= 0 or share >= 1:
        return kish([w for _, w in pairs])
    return min(float(len(pairs)), share * (1 - share) / variance)


@dataclass(frozen=True)
class Share:
    """The estimated share of one class of comments that the checks would publish."""

    estimate: float | None
    low: float | None
    high: float | None
    published: int  # labelled comments of the class published at this threshold
    labelled: int  # labelled comments of the class
    effective_n: float

    @property
    def percent(self) -> str:
        return "–" if self.estimate is None else _percent(self.estimate)

    @property
    def interval(self) -> str:
        if self.low is None or self.high is None:
            return "–"
        return f"{_percent(self.low)}–{_percent(self.high)}"


def estimate_share(published: Sequence[bool], weights: Sequence[float]) -> Share:
    pairs = [(p, w) for p, w in zip(published, weights, strict=True) if w > 0]
    labelled = len(pairs)
    if not labelled:
        return Share(None, None, None, 0, 0, 0.0)
    total = sum(w for _, w in pairs)
    share = sum(w for p, w in pairs if p) / total
    n_eff = effective_n(share, pairs)
    low, high = wilson(share, n_eff)
    return Share(share, low, high, sum(1 for p, _ in pairs if p), labelled, n_eff)


@dataclass(frozen=True)
class Row:
    threshold: float
    acceptable: Share  # estimated share of acceptable comments published automatically
    rejected: Share  # estimated share of rejected comments published automatically
    current: bool = False

    @property
    def label(self) -> str:
        return f"{self.threshold:g}"


@dataclass(frozen=True)
class Suggestion:
    threshold: float | None
    reason: str
    row: Row | None = None


@dataclass(frozen=True)
class ScoreTable:
    score: str
    label: str
    current: float
    rows: tuple[Row, ...]
    suggestion: Suggestion


@dataclass(frozen=True)
class Stratum:
    """What happened to comments first, how many, and how many a person labelled."""

    name: str
    comments: int
    labelled: int
    used: bool = True  # False: left out (no human label; see the module docstring)

    @property
    def weight(self) -> float | None:
        return stratum_weight(self.comments, self.labelled) if self.used else None

    @property
    def weight_text(self) -> str:
        return "–" if self.weight is None else f"{self.weight:.2f}"


@dataclass(frozen=True)
class Report:
    thresholds: Thresholds
    target: float
    min_labelled: int
    labelled_acceptable: int
    labelled_rejected: int
    tables: tuple[ScoreTable, ...]
    strata: tuple[Stratum, ...] = field(default_factory=tuple)

    @property
    def target_percent(self) -> str:
        return f"{self.target * 100:g}%"


def _at(thresholds: Thresholds, score: str, value: float) -> Thresholds:
    return replace(thresholds, **{score: value})


def grid_for(current: float, grid: Sequence[float] = DEFAULT_GRID) -> tuple[float, ...]:
    return tuple(sorted({round(float(t), 4) for t in grid} | {round(float(current), 4)}))


def _percent(value: float) -> str:
    """One decimal; more where one would read 0.0% or 100.0% for a share that is neither none
    nor all (0.04% of rejected comments published is not none)."""
    for decimals in (1, 2, 3):
        text = f"{value * 100:.{decimals}f}"
        if not 0 < value < 1 or 0 < float(text) < 100:
            return f"{text}%"
    return "under 0.001%" if value < 0.5 else "over 99.999%"


def suggest(
    rows: Sequence[Row], target: float, labelled: tuple[int, int], minimum: int
) -> Suggestion:
    acceptable, rejected = labelled
    if rejected < minimum and acceptable < minimum:
        return Suggestion(
            None,
            f"too few decisions: {rejected} rejected and {acceptable} acceptable comments "
            f"labelled, {minimum} of each needed",
        )
    if rejected < minimum or acceptable < minimum:
        n, name = (rejected, "rejected") if rejected < minimum else (acceptable, "acceptable")
        return Suggestion(
            None, f"too few decisions: {n} {name} comments labelled, {minimum} needed"
        )
    feasible = [
        row
        for row in rows
        if row.rejected.estimate is not None
        and row.acceptable.estimate is not None
        and row.rejected.estimate <= target + 1e-12
    ]
    if not feasible:
        lowest = min(rows, key=lambda r: r.threshold) if rows else None
        at_lowest = (
            f": at {lowest.threshold:g}, {_percent(lowest.rejected.estimate)}"
            if lowest is not None and lowest.rejected.estimate is not None
            else ""
        )
        return Suggestion(
            None,
            "no threshold keeps the estimated share of rejected comments published at or under "
            f"{_percent(target)}{at_lowest}",
        )
    best = max(
        feasible,
        key=lambda r: (
            r.acceptable.estimate or 0.0,
            -(r.rejected.estimate or 0.0),
            r.current,  # on a tie, no change is needed
            -r.threshold,
        ),
    )
    assert best.acceptable.estimate is not None and best.rejected.estimate is not None
    return Suggestion(
        best.threshold,
        f"publishes an estimated {_percent(best.acceptable.estimate)} of acceptable comments "
        f"automatically, with {_percent(best.rejected.estimate)} of rejected comments published "
        f"(95% interval {_percent(best.rejected.low or 0.0)} to "
        f"{_percent(best.rejected.high or 0.0)})",
        best,
    )


def _row_shares(
    observations: Sequence[Observation], current: Thresholds, score: str, grid: Sequence[float]
) -> list[Share]:
    """The class's share published at each threshold of `grid` (ascending), in one pass.

    The same figures as `estimate_share([not held_by_checks(o, at t) ...])` per threshold (the
    reference, kept for clarity and the tests), without re-deciding every comment at every
    threshold: with the other scores fixed, a comment is published at t when nothing else
    holds it and its varying score is under t, so the published comments at t are a prefix of
    the free ones sorted by that score. Running sums of w and w^2 over the prefix give the
    share and its variance, sum w^2 (y - share)^2 = (1 - share)^2 S2_pub + share^2 S2_held."""
    pairs = [o for o in observations if o.weight > 0]
    n = len(pairs)
    if not n:
        return [Share(None, None, None, 0, 0, 0.0) for _ in grid]
    others = [name for name in SCORES if name != score]
    free: list[tuple[float, float]] = []  # (varying score, weight) of comments nothing else holds
    fixed_w = fixed_w2 = 0.0
    for o in pairs:
        # Held whatever the threshold: a rule, another score, or (varying abuse) a trusted
        # author's own abuse threshold, which does not vary.
        trusted_abuse = o.trusted and score == "abuse"
        value = _score(o, score)
        if (
            o.rule_hold
            or any(_score(o, name) >= _threshold(current, name, o.trusted) for name in others)
            or (trusted_abuse and value >= current.abuse_trusted)
        ):
            fixed_w += o.weight
            fixed_w2 += o.weight * o.weight
        else:
            # A NaN score never reaches a threshold (NaN >= t is false): always published.
            free.append((-math.inf if trusted_abuse or math.isnan(value) else value, o.weight))
    free.sort(key=lambda pair: pair[0])
    cum_w = [0.0]
    cum_w2 = [0.0]
    for _, w in free:
        cum_w.append(cum_w[-1] + w)
        cum_w2.append(cum_w2[-1] + w * w)
    total = cum_w[-1] + fixed_w
    squares = cum_w2[-1] + fixed_w2
    scores = [v for v, _ in free]
    out = []
    for threshold in grid:
        k = bisect.bisect_left(scores, threshold)  # published: varying score < threshold
        share = cum_w[k] / total
        variance = ((1 - share) ** 2 * cum_w2[k] + share**2 * (squares - cum_w2[k])) / (
            total * total
        )
        if variance <= 0 or share <= 0 or share >= 1:
            n_eff = total * total / squares if squares > 0 else 0.0
        else:
            n_eff = min(float(n), share * (1 - share) / variance)
        low, high = wilson(share, n_eff)
        out.append(Share(share, low, high, k, n, n_eff))
    return out


def score_table(
    observations: Sequence[Observation],
    current: Thresholds,
    score: Score,
    *,
    target: float = DEFAULT_TARGET,
    grid: Sequence[float] = DEFAULT_GRID,
    min_labelled: int = MIN_LABELLED,
) -> ScoreTable:
    now = float(getattr(current, score))
    good = [o for o in observations if o.acceptable and o.weight > 0]
    bad = [o for o in observations if not o.acceptable and o.weight > 0]
    thresholds = grid_for(now, grid)
    rows = [
        Row(
            threshold,
            acceptable,
            rejected,
            current=math.isclose(threshold, now, abs_tol=5e-5),
        )
        for threshold, acceptable, rejected in zip(
            thresholds,
            _row_shares(good, current, score, thresholds),
            _row_shares(bad, current, score, thresholds),
            strict=True,
        )
    ]
    suggestion = suggest(rows, target, (len(good), len(bad)), min_labelled)
    return ScoreTable(score, SCORE_LABELS[score], now, tuple(rows), suggestion)


def what_if(
    observations: Sequence[Observation],
    current: Thresholds,
    *,
    target: float = DEFAULT_TARGET,
    grid: Sequence[float] = DEFAULT_GRID,
    min_labelled: int = MIN_LABELLED,
    strata: Sequence[Stratum] = (),
) -> Report:
    """The what-if tables for each of the three scores, and a suggestion for each."""
    if not 0.0 <= target <= 1.0:
        raise ValueError(f"target must be a share between 0 and 1, not {target}")
    tables = tuple(
        score_table(
            observations, current, score, target=target, grid=grid, min_labelled=min_labelled
        )
        for score in SCORES
    )
    return Report(
        thresholds=current,
        target=target,
        min_labelled=min_labelled,
        labelled_acceptable=sum(1 for o in observations if o.acceptable and o.weight > 0),
        labelled_rejected=sum(1 for o in observations if not o.acceptable and o.weight > 0),
        tables=tables,
        strata=tuple(strata),
    )


# --- output shared by the CLI (the page renders the same Report) --------------------------------


def share_text(share: Share) -> str:
    return "–" if share.estimate is None else f"{share.percent} ({share.interval})"


def as_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready values (shares as fractions, not percent)."""

    def share(s: Share) -> dict[str, Any]:
        return {
            "estimate": s.estimate,
            "low": s.low,
            "high": s.high,
            "published": s.published,
            "labelled": s.labelled,
            "effective_n": round(s.effective_n, 2),
        }

    return {
        "thresholds": {
            "abuse": report.thresholds.abuse,
            "abuse_trusted": report.thresholds.abuse_trusted,
            "off_topic": report.thresholds.off_topic,
            "spam": report.thresholds.spam,
            "threat": report.thresholds.threat,
        },
        "target": report.target,
        "min_labelled": report.min_labelled,
        "labelled": {
            "acceptable": report.labelled_acceptable,
            "rejected": report.labelled_rejected,
        },
        "strata": [
            {
                "name": s.name,
                "comments": s.comments,
                "labelled": s.labelled,
                "used": s.used,
                "weight": s.weight,
            }
            for s in report.strata
        ],
        "scores": [
            {
                "score": t.score,
                "current": t.current,
                "rows": [
                    {
                        "threshold": r.threshold,
                        "current": r.current,
                        "acceptable_published": share(r.acceptable),
                        "rejected_published": share(r.rejected),
                    }
                    for r in t.rows
                ],
                "suggestion": {
                    "threshold": t.suggestion.threshold,
                    "reason": t.suggestion.reason,
                },
            }
            for t in report.tables
        ],
    }


def as_text(report: Report) -> str:
    """Plain-text tables, one per score, and the suggestions."""
    lines = [
        f"Labelled comments: {report.labelled_acceptable} acceptable, "
        f"{report.labelled_rejected} rejected. Target: at most {report.target_percent} of "
        "rejected comments published.",
    ]
    for s in report.strata:
        if s.used:
            weight = f"weight {s.weight_text}" if s.weight is not None else "no labels"
            lines.append(f"  {s.name}: {s.comments} comments, {s.labelled} labelled ({weight})")
        else:
            lines.append(f"  {s.name}: {s.comments} comments, left out (no human label)")
    header = (
        f"{'threshold':>10}  {'acceptable published (95%)':<28} {'labelled':>9}  "
        f"{'rejected published (95%)':<28} {'labelled':>9}"
    )
    for table in report.tables:
        lines += ["", f"{table.label} (score '{table.score}', now {table.current:g})", header]
        for row in table.rows:
            mark = " *" if row.current else "  "
            lines.append(
                f"{row.label:>8}{mark}  {share_text(row.acceptable):<28} "
                f"{row.acceptable.published:>4}/{row.acceptable.labelled:<4}  "
                f"{share_text(row.rejected):<28} "
                f"{row.rejected.published:>4}/{row.rejected.labelled:<4}"
            )
        suggestion = table.suggestion
        if suggestion.threshold is None:
            lines.append(f"Suggestion: none ({suggestion.reason}).")
        else:
            lines.append(f"Suggestion: {suggestion.threshold:g}: {suggestion.reason}.")
    lines += ["", "* the current threshold. Published counts are labelled comments, unweighted."]
    return "\n".join(lines)
