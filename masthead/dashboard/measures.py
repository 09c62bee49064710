"""Pure arithmetic behind the workspace's numbers (no Django): the audit-sample draw, queue
time percentiles, and the precision and recall of automatic publishing.

Definitions (also in docs/moderators.md). "Acceptable" means a moderator would publish it.
Automatic publishing is a prediction "acceptable"; it is measured two ways:

- From the audit sample: of the auto-published comments a moderator reviewed, the share they
  kept is the *precision* of automatic publishing.
- From the held queue: a comment the checks held that a moderator approved was acceptable but
  not auto-published (a *missed publish*). Recall = estimated acceptable auto-published /
  (that + missed publishes), where the first is auto-published x precision.

Per reason code R, the checks act as a detector of R:
- hold precision(R) = held-for-R comments moderators rejected / held-for-R comments decided;
- recall(R) = caught(R) / (caught(R) + missed(R)), where caught(R) is held-for-R comments
  moderators rejected plus comments rejected automatically for R, and missed(R) the audit-sample rejections a moderator tagged R, scaled
  from the sample to all auto-published comments (divided by the sample's share).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

SAMPLE_SALT = "masthead-audit-sample-v1"


def sample_point(comment_id: int) -> float:
    """A stable number in [0, 1) for a comment: the same id always draws the same number."""
    digest = hashlib.sha256(f"{SAMPLE_SALT}:{comment_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def in_sample(comment_id: int, rate: float) -> bool:
    """Whether an automatically published comment belongs to the audit sample at `rate`."""
    if rate <= 0:
        return False
    if rate >= 1:
        return True
    return sample_point(comment_id) < rate


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The `fraction` percentile by linear interpolation (0.5: the median); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    weight = position - low
    return float(ordered[low] * (1 - weight) + ordered[high] * weight)


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class PublishingCounts:
    """What one period (or all time) contributes to the measures."""

    auto_published: int = 0  # comments the checks published
    sample_reviewed: int = 0  # of those, audit-sample comments a moderator reviewed
    sample_rejected: int = 0  # ... and rejected (wrongly published)
    held_decided: int = 0  # comments the checks held that a moderator then decided
    held_approved: int = 0  # ... and approved (missed publishes)


@dataclass(frozen=True)
class PublishingQuality:
    precision: float | None
    recall: float | None
    estimated_good_published: float | None
    missed_publishes: int


def publishing_quality(c: PublishingCounts) -> PublishingQuality:
    precision = ratio(c.sample_reviewed - c.sample_rejected, c.sample_reviewed)
    good = c.auto_published * precision if precision is not None else None
    recall = ratio(good, good + c.held_approved) if good is not None else None
    return PublishingQuality(precision, recall, good, c.held_approved)


@dataclass(frozen=True)
class ReasonCounts:
    held_decided: int = 0  # held for this reason, then decided by a moderator
    held_rejected: int = 0  # ... rejected (the hold was right)
    sample_missed: int = 0  # audit-sample rejections a moderator tagged with this reason
    auto_rejected: int = 0  # rejected automatically for this reason (taken as caught)


@dataclass(frozen=True)
class ReasonQuality:
    precision: float | None
    recall: float | None
    estimated_missed: float | None


def reason_quality(c: ReasonCounts, sample_share: float | None) -> ReasonQuality:
    """`sample_share`: reviewed sample comments / auto-published comments in the period."""
    precision = ratio(c.held_rejected, c.held_decided)
    if not sample_share:
        return ReasonQuality(precision, None, None)
    missed = c.sample_missed / sample_share
    caught = c.held_rejected + c.auto_rejected
    recall = ratio(caught, caught + missed)
    return ReasonQuality(precision, recall, missed)
