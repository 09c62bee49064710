"""Narrations whose task was lost: queued again by task recovery.

A narration reads "queued" or "generating" while its task waits or runs. If the task itself is
gone (a Redis without persistence restarted, an enqueue that failed outright, a task row
deleted), nothing would ever run it: the page said the audio was being updated for ever, and
neither task recovery (which repairs tasks it can see) nor `narration-refresh` found it.

Task recovery (`core.taskrecovery`, run by every worker and by `masthead recover_tasks`) now
calls `recover_lost_narrations` after putting back the tasks of dead workers. A narration is
lost when no task for its article waits or runs anywhere (database queue: a READY or RUNNING
row, or one a stopping worker set aside; RQ: the queue, the started, scheduled and deferred
registries and the jobs a worker has taken but not yet started) and it has been

- queued for more than `GRACE` (a narration just requested is not queued twice), or
- generating since more than `models.STALE_AFTER` ago (a run goes on while its worker lives,
  even if the queue forgot it; task recovery gives up on a run long before that).

Each is queued again in a transaction of its own, claimed first by a conditional update on
the state it was found in: of two recoveries at once, only one queues it, and a narration
requested, started or recovered meanwhile is left alone. A lost task counts as a lost run
(`Narration.lost_runs`): the third in a row fails the narration with the reason instead, as
`actions.start_narration` does, so one that keeps being lost does not loop.

A lost Regenerate is queued again as a Regenerate (`force=True`): the request is remembered
on the row (`Narration.force_pending`, set by `actions.request_narration(force=True)` until a
run takes it on, and set again when the run that took it on, `forced_run`, is lost), so the
next run makes its audio again even if it looks current.

Narrations never requested (since 2026-11-30): an article saved while its narration could not
be requested (a listener of `article_changed` that failed after the save, which stands: the
database busy, say) was left with no narration, or with audio of its older text, and nothing
asked again; importing the same file again found nothing to do. After the lost ones,
`request_unrequested_narrations` requests narration of live articles, and of articles
scheduled to go live later (status Scheduled, or Published with a future time; since
2026-11-30, so that their audio is ready when they go live, as a save's own request makes it;
never drafts), that have none, or whose narration is *ready* or *failed* for
other text (`source_hash`) and was last requested before the article's last save
(`requested_at < updated_at`: a narration that failed for the text as it is now is not asked
again and again), with no narration task waiting for it. An article found with the text its
narration was made from (a save that changed only its tags, say) is recorded as checked at
that version (`checked_at`, its `updated_at` as read) and selected again only after a later
save, so its text is read once per save, not on every pass. Only where articles are narrated
by themselves (`MASTHEAD_NARRATION_ON_PUBLISH`). At most `UNREQUESTED_PER_PASS` are in
flight at once (queued or generating narrations count), newest edit first, so an archive never
narrated does not bury the newsroom's next article behind it. Each request is claimed as the
lost ones are: by inserting the narration row (the article has one at most) or by a
conditional update on the state it was found in, so two recoveries at once ask once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from masthead.articles.models import Article
from masthead.narration.models import MAX_LOST_RUNS, STALE_AFTER, Narration, NarrationPart

logger = logging.getLogger(__name__)

# A queued narration with no task for this long lost it (its request queues it at commit).
GRACE = timedelta(minutes=2)
TASK_PATH = "masthead.narration.tasks.narrate_article"
# What editors read while a narration whose task was lost waits for its new one.
LOST_NOTE = (
    "The task for this narration was lost (the task queue restarted empty?); it was queued again."
)
# How many narrations may be queued or generating before recovery requests no more of the
# ones never requested (an archive from before narration was on is narrated a few at a time).
UNREQUESTED_PER_PASS = 10
# What editors read while a narration recovery requested waits for its task.
UNREQUESTED_NOTE = (
    "Narration was not requested when this article was last saved (an error at the time); "
    "task recovery requested it."
)


@dataclass(frozen=True)
class Lost:
    """A narration as it was found: queued again only if it is still so."""

    narration_id: int
    article_id: int
    status: str
    requested_at: datetime
    attempts: int


def recover_lost_narrations() -> list[str]:
    """Queue again every lost narration, then request the narrations never requested
    (`request_unrequested_narrations`); returns the ids of the tasks queued."""
    queued = _queue_each(find_lost_narrations(), requeue_lost_narration, "queue again")
    return queued + request_unrequested_narrations()


def _queue_each(
    found: Sequence[Lost] | Sequence[Unrequested],
    queue: Callable[[Any], str | None],
    doing: str,
) -> list[str]:
    """`queue` each narration found, each on its own; returns the ids of the tasks queued."""
    queued = []
    for one in found:
        try:
            task_id = queue(one)
        except Exception:  # the queue refused it: left as it was, for the next recovery
            logger.exception("could not %s the narration of article %s", doing, one.article_id)
            continue
        if task_id is not None:
            queued.append(task_id)
    return queued


def find_lost_narrations(now: datetime | None = None) -> list[Lost]:
    now = now or timezone.now()
    # read before the queues: a narration requested after this changes its requested_at
    candidates = [
        Lost(*row)
        for row in Narration.objects.filter(
            Q(status=Narration.Status.QUEUED, requested_at__lt=now - GRACE)
            | Q(status=Narration.Status.GENERATING, started_at__lt=now - STALE_AFTER)
        )
        .order_by("pk")
        .values_list("pk", "article_id", "status", "requested_at", "attempts")
    ]
    if not candidates:
        return []  # the usual case: the queues are not read at all
    pending = pending_articles()
    if pending is None:
        return []
    return [lost for lost in candidates if lost.article_id not in pending]


def pending_articles() -> set[int] | None:
    """The articles a narration task waits or runs for; None for a backend with no queue to
    look at (the immediate backend runs tasks as they are queued)."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db"):
        return _database_pending()
    if backend.startswith("django_tasks_rq"):
        return _rq_pending()
    return None


def _article_of(args: object) -> int | None:
    if isinstance(args, list | tuple) and args and isinstance(args[0], int):
        return args[0]
    return None


def _database_pending() -> set[int]:
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from masthead.core.taskstop import INTERRUPTED

    waiting = DBTaskResult.objects.filter(task_path=TASK_PATH).filter(
        Q(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
        | Q(status=TaskResultStatus.FAILED, exception_class_path=INTERRUPTED)  # to be put back
    )
    articles = set()
    for args_kwargs in waiting.values_list("args_kwargs", flat=True):
        article = _article_of((args_kwargs or {}).get("args"))
        if article is not None:
            articles.add(article)
    return articles


def _rq_pending() -> set[int]:
    import django_rq
    from rq.job import Job

    from masthead.narration.tasks import narrate_article

    queue = django_rq.get_queue(narrate_article.queue_name)
    job_ids = set(queue.get_job_ids())
    job_ids.update(queue.intermediate_queue.get_job_ids())  # taken by a worker, not yet started
    for registry in (
        queue.started_job_registry,
        queue.scheduled_job_registry,
        queue.deferred_job_registry,
    ):
        job_ids.update(registry.get_job_ids(cleanup=False))
    articles = set()
    for job in Job.fetch_many(sorted(job_ids), connection=queue.connection):
        if job is None:
            continue
        try:
            if job.func_name != TASK_PATH:
                continue
            article = _article_of(job.args)
        except Exception:  # a job its worker could not read either: not a narration's
            logger.warning("job %s in the queue could not be read", job.id)
            continue
        if article is not None:
            articles.add(article)
    return articles


def requeue_lost_narration(lost: Lost) -> str | None:
    """Queue one lost narration again, if it is still as it was found; returns the task's id.

    The claim is the first statement of the transaction, an UPDATE conditional on that state
    (a row lock on PostgreSQL, the write lock on SQLite): a second recovery finds it changed.
    The task is queued inside the transaction: a queue that refuses it undoes the claim, and
    the narration is found again by the next recovery, with no lost run counted."""
    from masthead.narration.tasks import narrate_article

    now = timezone.now()
    with transaction.atomic():
        claimed = Narration.objects.filter(
            pk=lost.narration_id,
            status=lost.status,
            requested_at=lost.requested_at,
            attempts=lost.attempts,
        ).update(requested_at=now)
        if not claimed:
            return None
        narration = Narration.objects.get(pk=lost.narration_id)
        narration.lost_runs += 1
        if narration.took_regenerate:
            narration.force_pending = True  # the lost run had taken on a Regenerate
            narration.forced_run = 0
        NarrationPart.objects.filter(narration=narration).delete()
        narration.partial = {}
        narration.parts_planned = 0
        narration.progress = 0
        fields = [
            "status",
            "reason",
            "lost_runs",
            "partial",
            "parts_planned",
            "progress",
            "force_pending",
            "forced_run",
        ]
        if narration.lost_runs >= MAX_LOST_RUNS:
            logger.error(
                "narration of article %s failed: its task was lost %s times in a row",
                lost.article_id,
                narration.lost_runs,
            )
            narration.status = Narration.Status.FAILED
            narration.reason = (
                f"interrupted {narration.lost_runs} times in a row: its task was lost each "
                "time (the task queue restarted empty, or the worker was killed); regenerate "
                "to try again"
            )
            narration.force_pending = False  # given up: Regenerate starts it again
            narration.finished_at = now
            narration.save(update_fields=[*fields, "finished_at"])
            return None
        narration.status = Narration.Status.QUEUED
        narration.reason = LOST_NOTE
        narration.save(update_fields=fields)
        # a lost Regenerate stays one (the row as claimed: a request since would have changed
        # requested_at, and the claim would have failed)
        result = narrate_article.enqueue(lost.article_id, narration.force_pending)
    logger.warning(
        "narration of article %s queued again (task %s%s): its task was lost",
        lost.article_id,
        result.id,
        ", forced" if narration.force_pending else "",
    )
    return str(result.id)


def narrated_articles() -> QuerySet[Article]:
    """The articles narrated by themselves: live ones, and ones scheduled to go live later
    (status Scheduled, or Published with a future *Published at*: nothing announces the moment
    they go live, so they are narrated while they wait; `actions.article_changed`). Never a
    draft, nor a Published or Scheduled article with no time."""
    return Article.objects.filter(
        status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
        published_at__isnull=False,
    )


@dataclass(frozen=True)
class Unrequested:
    """A live or scheduled article whose narration is missing or for other text, as found."""

    article_id: int
    narration_id: int | None
    status: str | None
    requested_at: datetime | None
    force_pending: bool


def find_unrequested_narrations(limit: int | None = None) -> list[Unrequested]:
    """The live and scheduled articles (`narrated_articles`; newest edit first, at most
    `limit`) whose narration is missing, or ready or failed for other text and not requested
    since the article's last save, with no narration task waiting or running for them."""
    from masthead.narration.config import narration_settings

    if not narration_settings().on_publish:
        return []  # narrated by hand: an article with no narration is meant to have none
    if limit is None:
        in_flight = Narration.objects.filter(
            status__in=[Narration.Status.QUEUED, Narration.Status.GENERATING]
        ).count()
        limit = UNREQUESTED_PER_PASS - in_flight
    if limit <= 0:
        return []
    rows = (
        narrated_articles()
        .filter(
            Q(narration__isnull=True)
            | Q(
                Q(narration__checked_at__isnull=True)
                | Q(narration__checked_at__lt=F("updated_at")),
                narration__status__in=[Narration.Status.READY, Narration.Status.FAILED],
                narration__requested_at__lt=F("updated_at"),
            )
        )
        .order_by("-updated_at", "-pk")
        .values_list(
            "pk",
            "updated_at",
            "headline",
            "standfirst",
            "body",
            "narration__pk",
            "narration__status",
            "narration__requested_at",
            "narration__force_pending",
            "narration__source_hash",
        )
    )
    found: list[Unrequested] = []
    unchanged: list[TextUnchanged] = []
    pending: set[int] | None = None
    for row in rows.iterator(chunk_size=200):
        pk, updated, headline, standfirst, body, n_pk, status, requested, force, source = row
        text = Article(headline=headline, standfirst=standfirst, body=body)
        if n_pk is not None and source == text.content_hash:
            # e.g. its tags changed: nothing a listener hears. Recorded below, so that this
            # save is examined once, not on every pass.
            unchanged.append(TextUnchanged(n_pk, status, requested, source, updated))
            continue
        if pending is None:  # read the queues only when there is something to request
            pending = pending_articles() or set()
        if pk in pending:
            continue  # its task waits (a run that ended early left the status behind)
        found.append(Unrequested(pk, n_pk, status, requested, bool(force)))
        if len(found) >= limit:
            break
    # written after the read (SQLite does not isolate a write from a read in progress on the
    # same connection)
    record_text_unchanged(unchanged)
    return found


@dataclass(frozen=True)
class TextUnchanged:
    """A narration found made from its article's text as saved at `updated_at`."""

    narration_id: int
    status: str
    requested_at: datetime
    source_hash: str
    updated_at: datetime


def record_text_unchanged(checked: Sequence[TextUnchanged], batch: int = 200) -> None:
    """Record on each narration that its article, as saved at `updated_at`, has the text it
    was made from (`Narration.checked_at`), so that recovery selects it again only after a
    later save. Each is an UPDATE conditional on the narration as it was read: one requested,
    started or made again meanwhile is left alone. `checked_at` is the article's version read,
    not the time now: a save after that read is later than it, and so still examined."""
    for start in range(0, len(checked), batch):
        with transaction.atomic():  # one commit per batch (SQLite writes each one to disk)
            for one in checked[start : start + batch]:
                Narration.objects.filter(
                    Q(checked_at__isnull=True) | Q(checked_at__lt=one.updated_at),
                    pk=one.narration_id,
                    status=one.status,
                    requested_at=one.requested_at,
                    source_hash=one.source_hash,
                ).update(checked_at=one.updated_at)


def request_unrequested_narrations() -> list[str]:
    """Request narration of the live and scheduled articles that need it and have none on its way
    (`find_unrequested_narrations`); returns the ids of the tasks queued."""
    return _queue_each(find_unrequested_narrations(), request_unrequested_narration, "request")


def request_unrequested_narration(found: Unrequested) -> str | None:
    """Request one article's narration, if it is still as it was found; returns the task's id.

    The claim is the first statement of the transaction: the narration row inserted (a second
    recovery's insert breaks the one-narration-per-article constraint) or an UPDATE conditional
    on the state found (an editor's save, or another recovery, changed `requested_at`). The
    task is queued inside the transaction: a queue that refuses it undoes the claim."""
    from masthead.narration.tasks import narrate_article

    now = timezone.now()
    with transaction.atomic():
        if found.narration_id is None:
            try:
                with transaction.atomic():
                    Narration.objects.create(
                        article_id=found.article_id,
                        status=Narration.Status.QUEUED,
                        reason=UNREQUESTED_NOTE,
                        requested_at=now,
                    )
            except IntegrityError:  # requested meanwhile (a save, or another recovery)
                return None
        else:
            claimed = Narration.objects.filter(
                pk=found.narration_id, status=found.status, requested_at=found.requested_at
            ).update(
                status=Narration.Status.QUEUED,
                reason=UNREQUESTED_NOTE,
                progress=0,
                lost_runs=0,
                requested_at=now,
            )
            if not claimed:
                return None
        if not narrated_articles().filter(pk=found.article_id).exists():
            transaction.set_rollback(True)  # made a draft or deleted since it was found
            return None
        result = narrate_article.enqueue(found.article_id, found.force_pending)
    logger.warning(
        "narration of article %s requested by task recovery (task %s): %s",
        found.article_id,
        result.id,
        "it had none"
        if found.narration_id is None
        else f"its {found.status} narration was for older text and none was on its way",
    )
    return str(result.id)
