"""The "Thresholds: what if" figures from the database: labelled comments of the last days,
weighted by what happened to them first (the arithmetic is in `whatif.py`).

The automatic verdicts' ids and actions (the first per comment gives its stratum), the
moderators' standing decisions on held comments, the reviewed audit sample, and then the stored
verdicts (scores, reasons) of the labelled comments only, by id: on a big site most comments
are unlabelled, and reading and parsing every verdict of the window was most of the time. A
comment is in the window by the day it was posted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from masthead.comments.models import Comment, ReaderProfile
from masthead.dashboard import whatif
from masthead.dashboard.models import AuditEntry, AuditSample
from masthead.dashboard.receivers import PREMODERATION_REASONS
from masthead.dashboard.stats import APPROVALS, AUTOMATIC, HUMAN_DECISIONS, Action, window
from masthead.moderation.core.types import Thresholds
from masthead.moderation.policy import current_policy

# Rows per fetch, and ids per `IN (...)`: under SQLite's default cap on a statement's
# parameters (32,766 since 3.32) and PostgreSQL's (65,535).
CHUNK = 10_000
STRATUM_NAMES = {
    Action.AUTO_PUBLISH: "published automatically (labelled: reviewed audit sample)",
    Action.AUTO_HOLD: "held, pre-moderation included (labelled: decided by a moderator)",
    Action.AUTO_REJECT: "rejected automatically",
}


@dataclass(frozen=True)
class Labelled:
    observations: list[whatif.Observation]
    strata: list[whatif.Stratum]
    start: dt.date
    end: dt.date


def _floats(scores: Any) -> dict[str, float]:
    out: dict[str, float] = {}
    if isinstance(scores, dict):
        for name in whatif.SCORES:
            try:
                out[name] = float(scores[name])
            except (KeyError, TypeError, ValueError):
                continue
    return out


def labelled_comments(days: int = 30, today: dt.date | None = None) -> Labelled:
    w = window(days, today)
    in_window, entry_in_window = w.comments, w.entries

    automatic = AuditEntry.objects.filter(
        entry_in_window, actor__isnull=True, actor_name="", action__in=AUTOMATIC
    )

    # The first automatic verdict of each comment gives its stratum (an edit is checked again,
    # but the comment counts once, as it first was). Ids and actions only: the stored verdicts
    # are read below for the labelled comments alone.
    first: dict[int, tuple[int, str]] = {}
    for entry_id, comment_id, action in (
        automatic.order_by("created_at", "id")
        .values_list("id", "comment_id", "action")
        .iterator(chunk_size=CHUNK)
    ):
        first.setdefault(comment_id, (entry_id, action))

    # Labels. Held comments: the moderator's first standing decision while it was held. The
    # author of each labelled comment comes along (these queries join the comment already, for
    # the window), so the verdicts below are read by id alone.
    labels: dict[int, bool] = {}
    authors: dict[int, int | None] = {}
    for comment_id, action, author_id in (
        AuditEntry.objects.filter(
            entry_in_window, action__in=HUMAN_DECISIONS, undone_at__isnull=True
        )
        .filter(before__status=Comment.Status.HELD)
        .order_by("created_at", "id")
        .values_list("comment_id", "action", "comment__author_id")
    ):
        if comment_id in first and first[comment_id][1] == Action.AUTO_HOLD:
            labels.setdefault(comment_id, action in APPROVALS)
            authors[comment_id] = author_id
    # Published ones: the audit sample's reviews only (a random draw; a comment taken down
    # after readers reported it is not, so it would bias the estimate).
    for comment_id, outcome, author_id in (
        AuditSample.objects.filter(in_window)
        .exclude(outcome=AuditSample.Outcome.PENDING)
        .values_list("comment_id", "outcome", "comment__author_id")
    ):
        if comment_id in first and first[comment_id][1] == Action.AUTO_PUBLISH:
            labels[comment_id] = outcome == AuditSample.Outcome.CONFIRMED
            authors[comment_id] = author_id

    tally = Counter(action for _, action in first.values())
    counts = {action: tally[action] for action in AUTOMATIC}
    decided = {action: 0 for action in AUTOMATIC}
    for comment_id in labels:
        decided[first[comment_id][1]] += 1

    # The labelled comments' first verdicts: stored scores and reasons (parsed once each). By
    # id alone, in chunks (a database caps the parameters), unordered: joining each chunk to
    # the comments for the author made PostgreSQL scan the whole comments table per chunk
    # (docs/benchmarks.md). Trusted authors are few: one small query.
    wanted = [first[comment_id][0] for comment_id in labels]
    verdicts: dict[int, tuple[dict[str, float], list[str]]] = {}
    for i in range(0, len(wanted), CHUNK):
        for entry_id, after in (
            AuditEntry.objects.filter(id__in=wanted[i : i + CHUNK])
            .order_by()
            .values_list("id", "after")
        ):
            after = after if isinstance(after, dict) else {}
            reasons = [str(r) for r in after.get("reasons") or []]
            verdicts[entry_id] = (_floats(after.get("scores")), reasons)
    trusted_authors = set(
        ReaderProfile.objects.filter(trusted=True).values_list("user_id", flat=True)
    )
    weights = {
        action: whatif.stratum_weight(counts[action], decided[action]) for action in AUTOMATIC
    }
    observations = []
    for comment_id, acceptable in labels.items():
        entry_id, action = first[comment_id]
        scores, reasons = verdicts[entry_id]
        weight = weights[action]
        if weight is None:
            continue
        observations.append(
            whatif.Observation(
                scores=scores,
                acceptable=acceptable,
                weight=weight,
                rule_hold=whatif.rule_hold(reasons, PREMODERATION_REASONS),
                trusted=authors[comment_id] in trusted_authors,
            )
        )
    strata = [
        whatif.Stratum(
            STRATUM_NAMES[action],
            counts[action],
            decided[action],
            used=action != Action.AUTO_REJECT,
        )
        for action in AUTOMATIC
    ]
    return Labelled(observations, strata, w.start, w.end)


@dataclass(frozen=True)
class WhatIf:
    report: whatif.Report
    start: dt.date
    end: dt.date


def what_if(
    days: int = 30,
    target: float = whatif.DEFAULT_TARGET,
    today: dt.date | None = None,
    thresholds: Thresholds | None = None,
) -> WhatIf:
    """The what-if report over the last `days` days, against the site's effective thresholds."""
    labelled = labelled_comments(days, today)
    report = whatif.what_if(
        labelled.observations,
        thresholds or current_policy().thresholds,
        target=target,
        strata=labelled.strata,
    )
    return WhatIf(report, labelled.start, labelled.end)
