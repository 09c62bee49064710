"""The figures on the stats page, computed from the audit log, the audit sample and comments.

Every figure is bucketed by the day a comment was posted (in the site's time zone), over the
last `days` days. The measures are defined in `measures.py` and docs/moderators.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from masthead.comments.models import Comment
from masthead.dashboard import measures
from masthead.dashboard.models import AuditEntry, AuditSample
from masthead.dashboard.queries import plain_reason
from masthead.dashboard.receivers import PREMODERATION_REASONS

Action = AuditEntry.Action
HUMAN_DECISIONS = (Action.APPROVE, Action.EDIT_APPROVE, Action.REJECT)
APPROVALS = (Action.APPROVE, Action.EDIT_APPROVE)


@dataclass
class DayFigures:
    day: dt.date
    comments: int = 0
    auto_published: int = 0
    auto_held: int = 0
    auto_rejected: int = 0
    queue_minutes: list[float] = field(default_factory=list)
    counts: measures.PublishingCounts = field(default_factory=measures.PublishingCounts)

    @property
    def auto_decided(self) -> int:
        return self.auto_published + self.auto_held + self.auto_rejected

    @property
    def auto_share(self) -> float | None:
        return measures.ratio(self.auto_published, self.auto_decided)

    @property
    def queue_median(self) -> float | None:
        return measures.percentile(self.queue_minutes, 0.5)

    @property
    def queue_p90(self) -> float | None:
        return measures.percentile(self.queue_minutes, 0.9)

    @property
    def quality(self) -> measures.PublishingQuality:
        return measures.publishing_quality(self.counts)


@dataclass
class ReasonRow:
    code: str
    label: str
    held: int
    counts: measures.ReasonCounts
    quality: measures.ReasonQuality


@dataclass
class Stats:
    start: dt.date
    end: dt.date
    days: list[DayFigures]
    total: DayFigures
    held_reasons: list[tuple[str, str, int]]
    reasons: list[ReasonRow]

    @property
    def quality(self) -> measures.PublishingQuality:
        return self.total.quality

    def rolling_quality(self, window: int = 7) -> list[measures.PublishingQuality]:
        """Per day, the quality over that day and the `window - 1` before it: a day's own
        sample is a handful of comments, too few to read alone."""
        out = []
        for i in range(len(self.days)):
            counts = measures.PublishingCounts()
            for day in self.days[max(0, i - window + 1) : i + 1]:
                counts = _add(counts, **day.counts.__dict__)
            out.append(measures.publishing_quality(counts))
        return out

    @property
    def sample_share(self) -> float | None:
        c = self.total.counts
        return measures.ratio(c.sample_reviewed, c.auto_published)


def _add(counts: measures.PublishingCounts, **more: int) -> measures.PublishingCounts:
    values = {k: getattr(counts, k) + more.get(k, 0) for k in counts.__dataclass_fields__}
    return measures.PublishingCounts(**values)


def compute(days: int = 14, today: dt.date | None = None) -> Stats:
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=days - 1)
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    by_day = {
        start + dt.timedelta(days=i): DayFigures(start + dt.timedelta(days=i)) for i in range(days)
    }
    in_window = Q(comment__created_at__gte=since, comment__created_at__lt=until)

    # Comments posted per day.
    for row in (
        Comment.objects.filter(created_at__gte=since, created_at__lt=until)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("id"))
    ):
        if row["day"] in by_day:
            by_day[row["day"]].comments = row["n"]

    # Automatic decisions: the first verdict of each comment (edits are checked again, but a
    # comment counts once).
    first_auto: dict[int, tuple[str, str, dt.date]] = {}
    for comment_id, action, reason, created in (
        AuditEntry.objects.filter(in_window, actor__isnull=True, actor_name="")
        .filter(action__in=[Action.AUTO_PUBLISH, Action.AUTO_HOLD, Action.AUTO_REJECT])
        .order_by("created_at", "id")
        .values_list("comment_id", "action", "reason", "comment__created_at")
    ):
        if comment_id not in first_auto:
            first_auto[comment_id] = (action, reason, timezone.localtime(created, tz).date())
    held_reasons: Counter[str] = Counter()
    reason_counts: dict[str, Counter[str]] = defaultdict(Counter)
    held_reason_of: dict[int, list[str]] = {}
    for comment_id, (action, reason, day) in first_auto.items():
        figures = by_day.get(day)
        if figures is None:
            continue
        if action == Action.AUTO_PUBLISH:
            figures.auto_published += 1
            figures.counts = _add(figures.counts, auto_published=1)
        elif action == Action.AUTO_HOLD:
            figures.auto_held += 1
            codes = [c.strip() for c in reason.split(",") if c.strip() and c.strip() != "hold"]
            held_reason_of[comment_id] = codes
            held_reasons.update(codes)
        else:
            figures.auto_rejected += 1
            for code in {c.strip() for c in reason.split(",") if c.strip()}:
                reason_counts[code]["auto_rejected"] += 1

    # Moderators' decisions on held comments: the last one that stands per comment.
    human: dict[int, tuple[str, dt.datetime, dt.datetime]] = {}
    for comment_id, action, decided, posted in (
        AuditEntry.objects.filter(in_window, action__in=HUMAN_DECISIONS, undone_at__isnull=True)
        .filter(before__status=Comment.Status.HELD)
        .order_by("created_at", "id")
        .values_list("comment_id", "action", "created_at", "comment__created_at")
    ):
        if comment_id in first_auto and first_auto[comment_id][0] == Action.AUTO_HOLD:
            human.setdefault(comment_id, (action, decided, posted))
    # A hold the site's pre-moderation rules asked for is no judgement of the checks: it counts
    # for time in queue, not for the quality of automatic publishing.
    policy_holds = {
        comment_id
        for comment_id, codes in held_reason_of.items()
        if PREMODERATION_REASONS & set(codes)
    }
    for comment_id, (action, decided, posted) in human.items():
        day = timezone.localtime(posted, tz).date()
        figures = by_day.get(day)
        if figures is None:
            continue
        approved = action in APPROVALS
        figures.queue_minutes.append(max(0.0, (decided - posted).total_seconds() / 60))
        if comment_id in policy_holds:
            continue
        figures.counts = _add(figures.counts, held_decided=1, held_approved=int(approved))
        for code in held_reason_of.get(comment_id, []):
            reason_counts[code]["decided"] += 1
            reason_counts[code]["rejected"] += int(not approved)

    # The audit sample: reviewed spot-checks of automatically published comments.
    for outcome, missed, posted in (
        AuditSample.objects.filter(in_window)
        .exclude(outcome=AuditSample.Outcome.PENDING)
        .values_list("outcome", "missed_reason", "comment__created_at")
    ):
        figures = by_day.get(timezone.localtime(posted, tz).date())
        if figures is None:
            continue
        rejected = outcome == AuditSample.Outcome.REJECTED
        figures.counts = _add(figures.counts, sample_reviewed=1, sample_rejected=int(rejected))
        if rejected:
            reason_counts[missed or "other"]["missed"] += 1

    total = DayFigures(today)
    for figures in by_day.values():
        total.comments += figures.comments
        total.auto_published += figures.auto_published
        total.auto_held += figures.auto_held
        total.auto_rejected += figures.auto_rejected
        total.queue_minutes += figures.queue_minutes
        total.counts = _add(total.counts, **figures.counts.__dict__)
    share = measures.ratio(total.counts.sample_reviewed, total.counts.auto_published)
    reasons = []
    for code in sorted(set(reason_counts) | set(held_reasons)):
        c = reason_counts.get(code, Counter())
        rc = measures.ReasonCounts(c["decided"], c["rejected"], c["missed"], c["auto_rejected"])
        reasons.append(
            ReasonRow(
                code,
                plain_reason(code),
                held_reasons.get(code, 0),
                rc,
                measures.reason_quality(rc, share),
            )
        )
    reasons.sort(key=lambda r: (-r.held, r.code))
    return Stats(
        start=start,
        end=today,
        days=list(by_day.values()),
        total=total,
        held_reasons=[(code, plain_reason(code), n) for code, n in held_reasons.most_common()],
        reasons=reasons,
    )
