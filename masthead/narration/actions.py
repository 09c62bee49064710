"""Every state change of a narration, one function each, in a transaction.

Synthesis itself (seconds to minutes of CPU) runs outside any transaction, in
`masthead.narration.tasks`; these functions record where it stands.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from masthead.articles.models import Article
from masthead.narration.models import (
    MAX_LOST_RUNS,
    Narration,
    NarrationPart,
    PronunciationEntry,
)
from masthead.narration.readalong import audio_is_current
from masthead.narration.script import Script, build_script, reads_word

if TYPE_CHECKING:
    from masthead.narration.pipeline import PartReady

logger = logging.getLogger(__name__)


def _enqueue(article_id: int, force: bool) -> None:
    from masthead.narration.tasks import narrate_article

    try:
        narrate_article.enqueue(article_id, force)
    except Exception as exc:  # a queue that is down must not break the editor's save
        logger.exception("could not queue narration of article %s", article_id)
        note_enqueue_failed(article_id, exc)


ENQUEUE_FAILED_NOTE = (
    "The task queue could not be reached ({error}); task recovery will queue this narration "
    "again once it can (within minutes)."
)


@transaction.atomic
def note_enqueue_failed(article_id: int, error: Exception) -> None:
    """A narration whose task could not be queued stays queued, with a note for its editors:
    task recovery finds a queued narration with no task after its grace period and queues it
    again (narration.recovery). Failing it instead would leave the audio stale until an editor
    noticed and pressed Regenerate. A narration requested or started again since is left as
    it is."""
    narration = (
        Narration.objects.select_for_update()
        .filter(article_id=article_id, status=Narration.Status.QUEUED)
        .first()
    )
    if narration is None:
        return  # deleted, or started or failed meanwhile: nothing to note
    narration.reason = ENQUEUE_FAILED_NOTE.format(error=str(error)[:300])
    narration.save(update_fields=["reason"])


@transaction.atomic
def request_narration(article: Article, force: bool = False) -> Narration:
    """Queue (re-)narration of an article; the task runs after this transaction commits.

    `force` (Regenerate) is kept on the row (`force_pending`) until a run takes it on
    (`start_narration`): whichever run starts next, its own task's or a plain one's, makes the
    audio again, once, and task recovery queues a lost task of it forced. A plain request
    leaves a waiting Regenerate as it is."""
    narration, _ = Narration.objects.select_for_update().get_or_create(article=article)
    narration.force_pending = force or narration.force_pending
    narration.status = Narration.Status.QUEUED
    narration.reason = ""
    narration.progress = 0
    narration.lost_runs = 0  # a new request: earlier lost runs no longer count against it
    narration.requested_at = timezone.now()
    narration.save(
        update_fields=["status", "reason", "progress", "lost_runs", "force_pending", "requested_at"]
    )
    article_id = article.pk
    transaction.on_commit(lambda: _enqueue(article_id, force))
    return narration


def regenerate(article: Article) -> Narration:
    """The editors' "regenerate" button: narrate again even if the audio looks current."""
    return request_narration(article, force=True)


@transaction.atomic
def start_narration(article_id: int) -> Narration:
    """Start a run. Raises Article.DoesNotExist for an article deleted meanwhile (a narration
    row for it would break its foreign key at commit).

    A narration still "generating" when a run starts lost its last run: its worker was killed
    or crashed (task recovery queued the task again), or hung past the recovery's limit. After
    MAX_LOST_RUNS such runs in a row it is failed with that reason instead of started again
    (returned with status "failed"; the caller stops there), so a narration that kills its
    worker each time does not loop. A run given back on a graceful stop (`interrupt_narration`)
    left it "queued" and is not counted.

    A Regenerate waiting (`force_pending`) is taken on by this run, whichever task started it:
    `forced_run` names the run, which makes the audio again even if it looks current
    (`tasks.run_narration`), and a later run does not. A run that had taken one on and never
    ended (lost, even after a request made it "queued") leaves it pending again, for this run
    to take."""
    if not Article.objects.select_for_update().filter(pk=article_id).exists():
        raise Article.DoesNotExist(f"article {article_id} was deleted")
    narration, _ = Narration.objects.select_for_update().get_or_create(article_id=article_id)
    narration.force_pending = narration.force_pending or narration.took_regenerate
    if narration.status == Narration.Status.GENERATING:
        narration.lost_runs += 1
        if narration.lost_runs >= MAX_LOST_RUNS:
            logger.error(
                "narration of article %s failed: its runs were lost %s times in a row",
                article_id,
                narration.lost_runs,
            )
            narration.force_pending = False  # given up: Regenerate starts it again
            _save_failed(
                narration,
                f"interrupted {narration.lost_runs} times in a row: the worker stopped each time "
                "before finishing (killed, or out of memory?); regenerate to try again",
            )
            return narration
    narration.status = Narration.Status.GENERATING
    narration.reason = ""
    narration.progress = 0
    narration.partial = {}
    narration.parts_planned = 0
    narration.attempts += 1  # the run's number: parts and polls are told apart by it
    narration.forced_run = narration.attempts if narration.force_pending else 0
    narration.force_pending = False
    narration.started_at = timezone.now()
    narration.finished_at = None
    narration.save(
        update_fields=[
            "status",
            "reason",
            "progress",
            "partial",
            "parts_planned",
            "attempts",
            "lost_runs",
            "force_pending",
            "forced_run",
            "started_at",
            "finished_at",
        ]
    )
    NarrationPart.objects.filter(narration=narration).delete()  # the last run's
    return narration


def runs_forced(narration: Narration) -> bool:
    """The run `start_narration` just started makes the audio again even if it looks current."""
    return narration.status == Narration.Status.GENERATING and narration.took_regenerate


# What editors read while a narration its worker gave back waits for the next one.
INTERRUPTED_NOTE = (
    "The worker stopped while this narration was being made; it carries on when a worker runs."
)


@transaction.atomic
def interrupt_narration(article_id: int, run: int) -> Narration | None:
    """A run given back because its worker is stopping (`core.taskstop`): the narration is
    "queued" again (its task goes back to the queue), not failed; the parts made so far wait in
    the parts cache for the next run. Only for the narration's current run, while it is
    generating; not a lost run (`start_narration`). A Regenerate it had taken on is pending
    again. Returns None for an article deleted meanwhile."""
    narration = Narration.objects.select_for_update().filter(article_id=article_id).first()
    if narration is None or narration.attempts != run:
        return narration
    if narration.took_regenerate:  # even if a request made since left it "queued"
        narration.force_pending = True
        narration.forced_run = 0
        narration.save(update_fields=["force_pending", "forced_run"])
    if narration.status != Narration.Status.GENERATING:
        return narration
    narration.status = Narration.Status.QUEUED
    narration.reason = INTERRUPTED_NOTE
    narration.progress = 0
    narration.partial = {}
    narration.parts_planned = 0
    narration.save(update_fields=["status", "reason", "progress", "partial", "parts_planned"])
    NarrationPart.objects.filter(narration=narration).delete()
    return narration


@transaction.atomic
def record_progress(
    article_id: int,
    done: int,
    total: int,
    part: PartReady | None = None,
    run: int | None = None,
) -> None:
    """Percent done, and the part just made (`pipeline.PartReady`) as a `NarrationPart` row;
    the script's sentences are written once, with the first part. Parts come in reading
    order, one call each: a part that does not follow the last one recorded is not written.
    Only for the narration's current run (`run`: its `attempts` when it started): a run that
    was started again, or that ended, is not written to. An update, not a save: the cached
    article page stays valid. Raises Article.DoesNotExist for an article deleted meanwhile,
    so that its run stops at this part instead of making the rest for nobody."""
    narration = (
        Narration.objects.select_for_update()
        .filter(article_id=article_id, status=Narration.Status.GENERATING)
        .only("pk", "attempts")
        .first()
    )
    if narration is None and not Article.objects.filter(pk=article_id).exists():
        raise Article.DoesNotExist(f"article {article_id} was deleted")
    if narration is None or (run is not None and narration.attempts != run):
        return
    fields: dict[str, Any] = {"progress": min(100, round(100 * done / max(total, 1)))}
    if part is not None:
        # the parts recorded so far: the last one's place, read from the (narration, index)
        # index, not a count of the rows (parts are recorded 0, 1, 2, ... in order)
        last = (
            NarrationPart.objects.filter(narration=narration)
            .order_by("-index")
            .values_list("index", flat=True)
            .first()
        )
        recorded = 0 if last is None else last + 1
        if part.index != recorded:
            logger.warning(
                "part %s of article %s's narration came after %s parts; not recorded",
                part.index,
                article_id,
                recorded,
            )
        else:
            if part.index == 0:
                fields["partial"] = {"sentences": part.script or []}  # the count: parts_planned
                fields["parts_planned"] = total
            NarrationPart.objects.create(
                narration=narration,
                index=part.index,
                key=part.key,
                start=part.start,
                duration=part.duration,
                first_sentence=part.first_sentence,
                end_sentence=part.end_sentence,
                sentences=part.sentences,
            )
    Narration.objects.filter(pk=narration.pk).update(**fields)


@transaction.atomic
def complete_narration(
    article_id: int, audio: dict[str, Any], note: str = "", run: int | None = None
) -> Narration:
    """Switch the article to its new audio; the previous file is removed once committed.

    `note` tells editors something about a good result (e.g. the fallback voice read it). With
    `run` (the narration's `attempts` when this run started), a run that was started again since
    records nothing: the newer run carries on, and this run's file is removed unless it is the
    audio in use or the newer run, still going, may write the same file (names are the audio's
    hash)."""
    narration = (
        Narration.objects.select_for_update().select_related("article").get(article_id=article_id)
    )
    previous = narration.audio
    if run is not None and narration.attempts != run:
        logger.info("narration run %s of article %s was superseded; not recorded", run, article_id)
        if audio["audio"] != previous and narration.status != Narration.Status.GENERATING:
            superseded = Path(settings.MEDIA_ROOT) / audio["audio"]
            transaction.on_commit(lambda: superseded.unlink(missing_ok=True))
        return narration
    current = narration.article.content_hash
    if audio["source_hash"] != current and narration.source_hash == current and previous:
        # Two workers raced and a render of the newer text already landed: keep it.
        stale = Path(settings.MEDIA_ROOT) / audio["audio"]
        if audio["audio"] != previous:
            transaction.on_commit(lambda: stale.unlink(missing_ok=True))
        return narration
    for field, value in audio.items():
        setattr(narration, field, value)
    narration.status = Narration.Status.READY
    narration.reason = note
    narration.lost_runs = 0
    narration.forced_run = 0  # this run ended: a Regenerate it took on is done
    narration.progress = 100
    narration.partial = {}
    narration.parts_planned = 0
    NarrationPart.objects.filter(narration=narration).delete()
    narration.finished_at = narration.rendered_at = timezone.now()
    if narration.source_hash != narration.article.content_hash or narration.force_pending:
        # Edited again, or Regenerate pressed, while we worked: that request queued its own
        # task; say so honestly (and task recovery finds it if that task is lost).
        narration.status = Narration.Status.QUEUED
    narration.save()
    if previous and previous != narration.audio:
        old = Path(settings.MEDIA_ROOT) / previous
        transaction.on_commit(lambda: old.unlink(missing_ok=True))
    return narration


@transaction.atomic
def fail_narration(article_id: int, reason: str, run: int | None = None) -> Narration:
    """Record a failure; with `run`, only if the narration has not been started again since
    that run began (a worker that was given up on must not fail the run that replaced it).
    Raises Article.DoesNotExist for an article deleted meanwhile."""
    if not Article.objects.select_for_update().filter(pk=article_id).exists():
        raise Article.DoesNotExist(f"article {article_id} was deleted")
    narration, _ = Narration.objects.select_for_update().get_or_create(article_id=article_id)
    if run is not None and narration.attempts != run:
        return narration
    narration.lost_runs = 0
    _save_failed(narration, reason)
    return narration


def _save_failed(narration: Narration, reason: str) -> None:
    """Store the narration as failed with `reason` (its lost-run count and pending Regenerate
    as they stand: a Regenerate pressed during the failed run waits for its own): its parts
    are dropped."""
    narration.status = Narration.Status.FAILED
    narration.reason = reason[:2000]
    narration.partial = {}
    narration.parts_planned = 0
    narration.forced_run = 0  # the run ended: a Regenerate it took on failed, as shown
    narration.finished_at = timezone.now()
    narration.save(
        update_fields=[
            "status",
            "reason",
            "partial",
            "parts_planned",
            "lost_runs",
            "force_pending",
            "forced_run",
            "finished_at",
        ]
    )
    NarrationPart.objects.filter(narration=narration).delete()


@transaction.atomic
def skip_narration(
    article_id: int,
    run: int | None = None,
    source_hash: str | None = None,
    read_along_key: str | None = None,
) -> Narration:
    """The audio already matches the script: nothing to synthesise. With `run`, only if the
    narration has not been started again since that run began: a newer run, still going (it
    may have been started for newer text), is not marked ready by a run that found nothing to
    do. `source_hash`: the article's content hash the script was built from; the audio is
    recorded as made from it. `read_along_key`: the page's sentences as the script has them
    (`readalong`), which the audio's timings were found to time. A Regenerate pressed during
    the run leaves it "queued", for its own task."""
    narration = Narration.objects.select_for_update().get(article_id=article_id)
    if run is not None and narration.attempts != run:
        logger.info("narration run %s of article %s was superseded; not skipped", run, article_id)
        return narration
    waiting = narration.force_pending
    narration.status = Narration.Status.QUEUED if waiting else Narration.Status.READY
    narration.reason = ""
    narration.progress = 100
    narration.partial = {}
    narration.parts_planned = 0
    narration.lost_runs = 0
    narration.forced_run = 0  # this run ended
    narration.finished_at = timezone.now()
    fields = [
        "status",
        "reason",
        "progress",
        "partial",
        "parts_planned",
        "lost_runs",
        "forced_run",
        "finished_at",
    ]
    if source_hash is not None:
        narration.source_hash = source_hash
        fields.append("source_hash")
    if read_along_key is not None:
        narration.read_along_key = read_along_key
        fields.append("read_along_key")
    narration.save(update_fields=fields)
    NarrationPart.objects.filter(narration=narration).delete()
    return narration


def remove_audio_file(instance: Narration, **_: object) -> None:
    """Receiver of post_delete: an article's deletion takes its audio file with it."""
    path = instance.audio_path
    if path is not None:
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


def _scheduled(article: Article) -> bool:
    return (
        article.status in {Article.Status.SCHEDULED, Article.Status.PUBLISHED}
        and article.published_at is not None
    )


def article_changed(article_id: int, became_live: bool, **_: object) -> None:
    """Receiver of `masthead.articles.signals.article_changed` (sent on commit). A live article
    is narrated, and so is one scheduled to go live (a publication time in the future): nothing
    announces the moment it goes live, so it is narrated while it waits and has its audio
    when readers arrive (served to its editors only until then)."""
    from masthead.narration.config import narration_settings

    if not narration_settings().on_publish:
        return
    article = Article.objects.filter(pk=article_id).first()
    if article is None or not (article.is_live or _scheduled(article)):
        return
    narration = Narration.objects.filter(article=article).defer("timings", "partial").first()
    if (
        narration is not None
        and not became_live
        and narration.source_hash == article.content_hash
        and (
            narration.status == Narration.Status.QUEUED
            or (narration.status == Narration.Status.READY and audio_is_current(narration, article))
        )
    ):
        return  # e.g. a correction or a tag changed: nothing a listener hears
    request_narration(article)


def _stale(narration: Narration) -> bool:
    """Ready audio that no longer times the page's sentences, with no narration on its way: the
    text is as it was, but the body parser reads it differently now (an edit queues its own)."""
    article = narration.article
    return (
        narration.status == Narration.Status.READY
        and bool(narration.audio)
        and (article.is_live or _scheduled(article))
        and not audio_is_current(narration, article)
    )


def refresh_narrations(dry_run: bool = False) -> list[Article]:
    """Queue narration of every live or scheduled article whose ready audio is stale
    (`readalong`): after an upgrade that changed how bodies are parsed or read, exactly the
    articles that now read differently are narrated again, by the usual task (parts whose
    speech did not change come from the cache). Run after each `migrate` (`apps.py`) and by
    `masthead narration-refresh`. Each request is a transaction of its own; returns the
    articles queued (with `dry_run`, those that would be)."""
    narrations = (
        Narration.objects.filter(status=Narration.Status.READY)
        .exclude(audio="")
        .select_related("article")
        .defer("timings", "partial")
        .order_by("pk")
    )
    stale = [
        narration.article for narration in narrations.iterator(chunk_size=200) if _stale(narration)
    ]
    if not dry_run:
        for article in stale:
            request_narration(article)
    return stale


def _tables_current(apps: Any) -> bool:
    """Whether the migrated state (`apps`, post_migrate's) has every column the running code
    reads from the narrations and their articles. Not when the plan stopped before them (a
    partial `masthead migrate sessions` on a fresh database: no tables yet) or migrated back to
    before a column existed (the running code cannot read those rows)."""
    for real in (Narration, Article):
        try:
            state = apps.get_model(real._meta.app_label, real._meta.model_name)
        except LookupError:
            return False
        have = {f.column for f in state._meta.concrete_fields}
        if any(f.column not in have for f in real._meta.concrete_fields):
            return False
    return True


def refresh_after_migrate(sender: object, apps: Any = None, **_: object) -> None:
    """Receiver of post_migrate (narration's): queue the narrations an upgrade made stale,
    when articles are narrated by themselves (`MASTHEAD_NARRATION_ON_PUBLISH`). Never fails
    the migration: a narration left stale is still withdrawn from readers, and
    `masthead narration-refresh` queues it."""
    from masthead.narration.config import narration_settings

    if apps is not None and not _tables_current(apps):
        return
    try:
        if not narration_settings().on_publish:
            return
        queued = refresh_narrations()
    except Exception:
        logger.exception("could not queue the narrations made stale by the upgrade")
        return
    if queued:
        logger.info("queued %s narrations whose read-along changed", len(queued))


# --------------------------------------------------------------------------------------------
# Pronunciation entries: a change re-narrates the articles that read the word
# --------------------------------------------------------------------------------------------
@transaction.atomic
def save_pronunciation(entry: PronunciationEntry) -> list[Article]:
    """Create or change a pronunciation entry, and queue narration of the live and scheduled
    articles whose narration reads the word: the new one and, when the word itself changed, the
    old one, which is no longer said that way. A change of the note alone queues nothing.
    Returns the articles queued (`renarrate_reading`)."""
    words = {entry.word}
    if entry.pk is not None:
        before = (
            PronunciationEntry.objects.select_for_update()
            .filter(pk=entry.pk)
            .values_list("word", "say_as")
            .first()
        )
        if before == (entry.word, entry.say_as):
            words = set()
        elif before is not None:
            words.add(before[0])
    entry.save()
    return renarrate_reading(words)


@transaction.atomic
def delete_pronunciations(entries: QuerySet[PronunciationEntry]) -> list[Article]:
    """Delete pronunciation entries (one, or the admin's bulk action) and queue narration of
    the articles that read their words, which the voice now says its own way again."""
    words = set(entries.select_for_update().values_list("word", flat=True))
    entries.delete()
    return renarrate_reading(words)


def delete_pronunciation(entry: PronunciationEntry) -> list[Article]:
    return delete_pronunciations(PronunciationEntry.objects.filter(pk=entry.pk))


@transaction.atomic
def renarrate_reading(
    words: set[str] | frozenset[str], dry_run: bool = False, by_hand: bool = False
) -> list[Article]:
    """Queue narration of every live or scheduled article whose narration reads one of `words`
    as printed (the lexicon's rule: case-sensitive, whole words, possessives; `script.reads_word`),
    where articles are narrated by themselves (`MASTHEAD_NARRATION_ON_PUBLISH`; a site that
    narrates by hand regenerates them itself). Only articles that have a narration: one already
    queued is left alone (its task reads the lexicon when it starts); one generating is queued
    again, since its run read the lexicon before this change. The audio being served stays
    served meanwhile (it times the same sentences: `readalong`), and the new run takes every
    part whose speech did not change from the parts cache (keyed by the spoken text). The tasks
    are queued on commit. Returns the articles queued (with `dry_run`, those that would be).
    `by_hand`: the operator's `masthead narration-refresh --word`, which queues them whatever
    the on-publish setting."""
    from masthead.narration.config import narration_settings

    wanted = {w for w in words if w.strip()}
    if not wanted or not (by_hand or narration_settings().on_publish):
        return []
    # a cheap superset in SQL (every token of a word somewhere in the text; LIKE ignores case
    # on SQLite), then the exact rule on the sentences the narration reads
    mentions = Q()
    for word in wanted:
        every_token = Q()
        for token in word.split():
            every_token &= (
                Q(article__headline__contains=token)
                | Q(article__standfirst__contains=token)
                | Q(article__body__contains=token)
            )
        mentions |= every_token
    narrations = (
        Narration.objects.filter(mentions)
        .exclude(status=Narration.Status.QUEUED)
        .select_related("article")
        .defer("timings", "partial")
        .order_by("pk")
    )
    reading = [
        narration.article
        for narration in narrations.iterator(chunk_size=200)
        if (narration.article.is_live or _scheduled(narration.article))
        and reads_word(_printed_script(narration.article), wanted)
    ]
    if not dry_run:
        for article in reading:
            request_narration(article)
    return reading


def _printed_script(article: Article) -> Script:
    """The article's script without the lexicon: its sentences as printed are what matter."""
    return build_script(article.headline, article.standfirst, article.blocks)
