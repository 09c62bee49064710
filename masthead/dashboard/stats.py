"""The figures on the stats page, computed from the audit log, the audit sample and comments.

Every figure is bucketed by the day a comment was posted (in the site's time zone), over the
last `days` days. The measures are defined in `measures.py` and docs/moderators.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from masthead.comments.models import Comment, CommentRevision
from masthead.dashboard import measures
from masthead.dashboard.models import AuditEntry, AuditSample
from masthead.dashboard.queries import plain_reason
from masthead.dashboard.receivers import PREMODERATION_REASONS

Action = AuditEntry.Action
HUMAN_DECISIONS = (Action.APPROVE, Action.EDIT_APPROVE, Action.REJECT)
APPROVALS = (Action.APPROVE, Action.EDIT_APPROVE)
AUTOMATIC = (Action.AUTO_PUBLISH, Action.AUTO_HOLD, Action.AUTO_REJECT)
CHUNK = 10_000  # rows per fetch of the moderators' decisions


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

    def rolling_quality(
        self, window: int = 7, earlier: Sequence[DayFigures] = ()
    ) -> list[measures.PublishingQuality]:
        """Per day, the quality over that day and the `window - 1` before it: a day's own
        sample is a handful of comments, too few to read alone. `earlier`: the days just
        before the period, so that its first days are read with theirs too (else the first
        point is one day alone); `rolling_quality(stats)` fetches them."""
        days = [*earlier, *self.days]
        out = []
        for i in range(len(earlier), len(days)):
            counts = measures.PublishingCounts()
            for day in days[max(0, i - window + 1) : i + 1]:
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


def _day_index(field: str, bounds: list[dt.datetime], lo: int = 0, hi: int | None = None) -> Any:
    """The index of the day `field` falls in, as a database expression: bounds[i] <= value <
    bounds[i + 1] gives i. A balanced CASE (a handful of comparisons a row), the same on SQLite
    and PostgreSQL; SQLite's TruncDate calls back into Python for every row."""
    hi = len(bounds) - 1 if hi is None else hi
    if hi - lo == 1:
        return Value(lo, output_field=IntegerField())
    mid = (lo + hi) // 2
    return Case(
        When(Q(**{f"{field}__lt": bounds[mid]}), then=_day_index(field, bounds, lo, mid)),
        default=_day_index(field, bounds, mid, hi),
        output_field=IntegerField(),
    )


def _codes(reason: str) -> list[str]:
    return [c.strip() for c in reason.split(",") if c.strip()]


def _verdict_codes(reason: str, enforced: str | None) -> list[str]:
    """The reasons that held or rejected a comment: its verdict's enforced reasons (in shadow
    mode the models' reasons are recorded in the reason text but held nothing), else the reason
    text (a verdict from before enforced reasons were recorded). `enforced`: the JSON list."""
    codes: Any = None
    if enforced:
        try:
            codes = json.loads(enforced)
        except ValueError:
            codes = None
    if not isinstance(codes, list) or not codes:
        codes = _codes(reason)
    return list(dict.fromkeys(str(c) for c in codes if str(c) != "hold"))


def _enforced() -> Any:
    """The enforced reasons an automatic hold's or rejection's entry stored, as JSON text (None
    if none). Not read for publications (most entries): they hold nothing, and parsing each
    one's JSON cost about a fifth of the stats at 200,000 comments."""
    return Case(
        When(action=Action.AUTO_PUBLISH, then=Value(None, output_field=CharField())),
        default=Cast(KT("after__enforced_reasons"), CharField()),
        output_field=CharField(),
    )


@dataclass
class HeldComments:
    """What the moderators' decisions on held comments contribute to the figures."""

    # (day index, minutes) of each stay in the queue a moderator's decision ended, in the order
    # of those decisions.
    stays: list[tuple[int, float]]
    # comment id -> (action, day index, its first verdict's reasons) of the first decision that
    # stands on a comment whose first verdict held it: the quality of automatic publishing.
    first_decisions: dict[int, tuple[str, int, list[str]]]


def _held_comments(entry_in_window: Q, posted_day: Any) -> HeldComments:
    """One query: the verdicts, holds and decisions of the comments a moderator decided while
    held (or while still "pending", shown in Held when its check never finished), each
    comment's in the order they were written.

    A stay in the queue begins when the comment enters Held: at posting when its first verdict
    held it, else when a later verdict held it (an edit checked again) or a person put it back
    (`hold`). It ends at the next decision that stands on it while held; an undone decision did
    not end it. A stay the checks ended (an edit checked again and published) or still open is
    not counted. A comment decided while "pending" with nothing written on it before (never
    checked) waited from posting, to that decision or, undone (back into Held), to the next
    decision that stands; one held before and still pending after its author's edit
    waited from that hold; one published before (by the checks or a moderator) and pending
    after its author's edit waited from that edit (the first revision its author wrote after
    it was published: the audit log has no entry for it), to the decision that stands."""
    decided_pending = Q(action__in=HUMAN_DECISIONS, before__status=Comment.Status.PENDING)
    decided_held = Q(
        action__in=HUMAN_DECISIONS,
        undone_at__isnull=True,
        before__status__in=[Comment.Status.HELD, Comment.Status.PENDING],
    )
    # The comments' ids as one subquery (read once), not a correlated EXISTS for every entry.
    decided = AuditEntry.objects.filter(entry_in_window, decided_held).values("comment_id")
    rows = (
        AuditEntry.objects.filter(entry_in_window)
        .filter(
            Q(actor__isnull=True, actor_name="", action__in=AUTOMATIC)
            | Q(action=Action.HOLD, undone_at__isnull=True)
            | decided_held
            # Undone as well: the comment was unchecked from posting (Undo puts it into Held).
            | decided_pending
        )
        .filter(comment_id__in=decided)
        .annotate(
            day=posted_day,
            # The reasons and posting time are only wanted where a verdict held the comment.
            held_for=Case(
                When(
                    action=Action.AUTO_HOLD,
                    then=Cast(KT("after__enforced_reasons"), CharField()),
                )
            ),
            posted=Case(
                When(Q(action=Action.AUTO_HOLD) | decided_pending, then=F("comment__created_at"))
            ),
            # After a publication: when the author's next edit (if any) sent it back to waiting.
            edited=Case(
                When(
                    Q(action=Action.AUTO_PUBLISH) | Q(action__in=APPROVALS),
                    then=Subquery(
                        CommentRevision.objects.filter(
                            comment_id=OuterRef("comment_id"),
                            # The author's, not a moderator's "edit and approve".
                            edited_by_id=OuterRef("comment__author_id"),
                            created_at__gt=OuterRef("created_at"),
                        )
                        .order_by("created_at", "id")
                        .values("created_at")[:1]
                    ),
                )
            ),
            # A decision taken while the comment was still pending (its check never finished).
            unchecked=Case(
                When(decided_pending, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("comment_id", "created_at", "id")
        .values_list("comment_id", "id", "action", "actor_id", "actor_name", "created_at",
                     "posted", "day", "reason", "held_for", "unchecked",
                     "undone_at", "edited")
        .iterator(chunk_size=CHUNK)
    )  # fmt: skip
    stays: list[tuple[dt.datetime, int, int, float]] = []
    firsts: list[tuple[dt.datetime, int, int, tuple[str, int, list[str]]]] = []
    comment: int | None = None
    since: dt.datetime | None = None  # when the open stay began; None: not in the queue
    first_verdict: tuple[str, str, str | None] | None = None  # action, reason, enforced
    first_decision: tuple[dt.datetime, int, str, int] | None = None  # at, id, action, day
    seen = False  # anything written on the comment before this row
    edited_after: dt.datetime | None = None  # the author's first edit after the last row

    def settle() -> None:
        # The first decision counts for the quality of automatic publishing when the
        # comment's first verdict held it (that verdict's reasons come with it).
        if first_decision and first_verdict and first_verdict[0] == Action.AUTO_HOLD:
            at, entry_id, action, index = first_decision
            codes = _verdict_codes(first_verdict[1], first_verdict[2])
            firsts.append((at, entry_id, comment or 0, (action, index, codes)))

    for row in rows:
        (comment_id, entry_id, action, actor_id, actor_name, at, posted, index, reason, held_for,
         unchecked, undone_at, edited) = row  # fmt: skip
        if comment_id != comment:
            settle()
            comment, since, first_verdict, first_decision = comment_id, None, None, None
            seen, edited_after = False, None
        if action in AUTOMATIC and actor_id is None and not actor_name:
            if action != Action.AUTO_HOLD:
                since = None  # the checks published or rejected it: no moderator ended it
            elif since is None:
                since = at if first_verdict else posted
            first_verdict = first_verdict or (action, reason, held_for)
        elif action == Action.HOLD:
            since = since or at
        else:
            if unchecked and not seen:
                # Never checked: shown in Held (after five minutes), waiting since posting.
                since = posted
            elif unchecked and since is None and edited_after is not None and edited_after <= at:
                # Published, then its author's edit was never checked: waiting since the edit.
                since = edited_after
            if undone_at is None:  # an undone decision ended no stay (only these are read)
                if not unchecked:
                    # The quality of automatic publishing reads decisions on held comments.
                    first_decision = first_decision or (at, entry_id, action, index)
                if since is not None:
                    minutes = max(0.0, (at - since).total_seconds() / 60)
                    stays.append((at, entry_id, index, minutes))
                    since = None
        seen = True
        edited_after = edited
    settle()
    # In the order of the decisions, as the figures have always been listed.
    stays.sort(key=lambda stay: stay[:2])
    firsts.sort(key=lambda first: first[:2])
    return HeldComments(
        stays=[(index, minutes) for _, _, index, minutes in stays],
        first_decisions={comment_id: first for _, _, comment_id, first in firsts},
    )


@dataclass(frozen=True)
class Window:
    """The last `days` days up to `end`, in the site's time zone. A comment is in it by the day
    it was posted; so are the audit entries and samples about it."""

    start: dt.date
    end: dt.date
    # Local midnights, one more than the days: a value's day by these bounds is its local date.
    bounds: list[dt.datetime]

    @property
    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(len(self.bounds) - 1)]

    @property
    def comments(self) -> Q:
        """Rows about a comment posted in the window (audit entries, samples)."""
        return Q(comment__created_at__gte=self.bounds[0], comment__created_at__lt=self.bounds[-1])

    @property
    def entries(self) -> Q:
        """Audit entries about a comment posted in the window. Also on the entry's own, indexed
        time, which the comment's implies (an entry about a comment is written when or after
        it is posted): on PostgreSQL a short window's entries are then read by index, not by
        scanning the whole audit log."""
        return self.comments & Q(created_at__gte=self.bounds[0])


def window(days: int, today: dt.date | None = None) -> Window:
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=days - 1)
    tz = timezone.get_current_timezone()
    bounds = [
        dt.datetime.combine(start + dt.timedelta(days=i), dt.time.min, tzinfo=tz)
        for i in range(days + 1)
    ]
    return Window(start, today, bounds)


def compute(days: int = 14, today: dt.date | None = None) -> Stats:
    w = window(days, today)
    start, today, bounds, dates = w.start, w.end, w.bounds, w.dates
    since, until = bounds[0], bounds[-1]
    by_day = [DayFigures(day) for day in dates]
    in_window = w.comments
    entry_in_window = w.entries
    posted_day = _day_index("comment__created_at", bounds)
    # Per day, the plain counts that become each day's PublishingCounts.
    tallies: list[Counter[str]] = [Counter() for _ in dates]

    # Comments posted per day.
    for index, n in (
        Comment.objects.filter(created_at__gte=since, created_at__lt=until)
        .annotate(day=_day_index("created_at", bounds))
        .order_by()  # no model ordering in the GROUP BY (one day: PostgreSQL refused it)
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    ):
        by_day[index].comments = n

    # Automatic decisions: the first verdict of each comment (edits are checked again, but a
    # comment counts once), counted by the database per day and action; their reason texts are
    # counted per distinct text, held and rejected ones only.
    automatic = AuditEntry.objects.filter(actor__isnull=True, actor_name="", action__in=AUTOMATIC)
    earlier = automatic.filter(comment_id=OuterRef("comment_id")).filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
    )
    first_auto = automatic.filter(entry_in_window).filter(~Exists(earlier))
    held_reasons: Counter[str] = Counter()
    reason_counts: dict[str, Counter[str]] = defaultdict(Counter)
    # One pass: per day, action and reason text (a site has few distinct texts a day).
    held_groups: dict[tuple[str, str | None], tuple[dt.datetime, int]] = {}
    for index, action, reason, enforced, n, first_at in (
        first_auto.annotate(day=posted_day, enforced=_enforced())
        .order_by()  # no model ordering in the GROUP BY (one day: PostgreSQL refused it)
        .values("day", "action", "reason", "enforced")
        .annotate(n=Count("id"), first_at=Min("created_at"))
        .values_list("day", "action", "reason", "enforced", "n", "first_at")
    ):
        figures = by_day[index]
        if action == Action.AUTO_PUBLISH:
            figures.auto_published += n
            tallies[index]["auto_published"] += n
        elif action == Action.AUTO_HOLD:
            figures.auto_held += n
            seen, total = held_groups.get((reason, enforced), (first_at, 0))
            held_groups[(reason, enforced)] = (min(seen, first_at), total + n)
        else:
            figures.auto_rejected += n
            for code in _verdict_codes(reason, enforced):
                reason_counts[code]["auto_rejected"] += n
    held_texts = [
        (first_at, reason, enforced, n) for (reason, enforced), (first_at, n) in held_groups.items()
    ]
    # Held reasons are counted in the order their texts first appeared (ties on the chart keep
    # that order): by first time, and on the same first time by the first entry's id.
    tied = {t for t, _, _, _ in held_texts if sum(1 for u, *_ in held_texts if u == t) > 1}
    first_id: dict[tuple[dt.datetime, str], int] = {}
    for when in tied:
        for reason, entry_id in (
            first_auto.filter(action=Action.AUTO_HOLD, created_at=when)
            .values("reason")
            .annotate(first=Min("id"))
            .values_list("reason", "first")
        ):
            first_id[(when, reason)] = entry_id
    held_texts.sort(key=lambda r: (r[0], first_id.get((r[0], r[1]), 0)))
    for _, reason, enforced, n in held_texts:
        for code in _verdict_codes(reason, enforced):
            held_reasons[code] += n

    # Moderators' decisions on held comments: every stay in the queue they ended (time in
    # queue), and the first decision that stands per comment whose first verdict held it.
    held = _held_comments(entry_in_window, posted_day)
    for index, minutes in held.stays:
        by_day[index].queue_minutes.append(minutes)
    human = held.first_decisions
    for action, index, codes in human.values():
        approved = action in APPROVALS
        # A hold the site's pre-moderation rules asked for is no judgement of the checks: it
        # counts for time in queue, not for the quality of automatic publishing, nor in the
        # pre-moderation reasons' rows. Held for an insult as well (a new reader's), it is
        # one for the insult's row: held for it, and decided.
        for code in codes:
            if code not in PREMODERATION_REASONS:
                reason_counts[code]["decided"] += 1
                reason_counts[code]["rejected"] += int(not approved)
        if PREMODERATION_REASONS & set(codes):
            continue
        tallies[index]["held_decided"] += 1
        tallies[index]["held_approved"] += int(approved)

    # The audit sample: reviewed spot-checks of automatically published comments, those the
    # checks published first (the comments counted as published automatically above, as the
    # what-if page counts them): a comment held first and published after its author's edit
    # is drawn too, but is no part of that count, so its review is not either.
    for index, outcome, missed, n in (
        AuditSample.objects.filter(in_window)
        .exclude(outcome=AuditSample.Outcome.PENDING)
        .filter(comment_id__in=first_auto.filter(action=Action.AUTO_PUBLISH).values("comment_id"))
        .annotate(day=posted_day)
        .order_by()  # no model ordering in the GROUP BY (one day: PostgreSQL refused it)
        .values("day", "outcome", "missed_reason")
        .annotate(n=Count("id"))
        .values_list("day", "outcome", "missed_reason", "n")
    ):
        rejected = outcome == AuditSample.Outcome.REJECTED
        tallies[index]["sample_reviewed"] += n
        if rejected:
            tallies[index]["sample_rejected"] += n
            reason_counts[missed or "other"]["missed"] += n

    for figures, tally in zip(by_day, tallies, strict=True):
        figures.counts = measures.PublishingCounts(**tally)

    total = DayFigures(today)
    for figures in by_day:
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
        days=by_day,
        total=total,
        held_reasons=[(code, plain_reason(code), n) for code, n in held_reasons.most_common()],
        reasons=reasons,
    )


def rolling_quality(figures: Stats, window: int = 7) -> list[measures.PublishingQuality]:
    """The period's quality per day, each day with the `window - 1` days before it, those
    before the period included (computed for this: the cost of a `window - 1`-day period)."""
    earlier = compute(window - 1, figures.start - dt.timedelta(days=1)).days if window > 1 else []
    return figures.rolling_quality(window, earlier)
