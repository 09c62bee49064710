"""The narration task: small, idempotent, takes an article id.

Steps: build the script from the article and the lexicon, synthesise the parts not in the cache
(NARRATION_PARALLEL at once, by default on up to two cores), join and encode, write the file under MEDIA_ROOT/narration/, record it. Any failure
(engine missing, a crash mid-way, a full disk) leaves status "failed" with the reason, and
"regenerate" retries; audio of text the article no longer has stays withdrawn from readers. Work already done survives in the part
cache, so a retry only synthesises what is missing.

A worker that is stopping (`core.taskstop`) ends the run after the part being made: the
narration goes back to "queued" and the task to its queue, and the next run takes the parts
made so far from the cache. A run whose worker was killed is started again by task recovery;
after MAX_LOST_RUNS of those in a row the narration fails (`actions.start_narration`).
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django_tasks import task

from masthead.articles.models import Article
from masthead.core.taskstop import TaskInterrupted, check_stop
from masthead.narration import actions
from masthead.narration.config import IdleMeter, narration_settings, ready_engine, segment_cache
from masthead.narration.engines import EngineError
from masthead.narration.lexicon import current_lexicon
from masthead.narration.models import Narration
from masthead.narration.pipeline import (
    PartReady,
    mp3_duration,
    read_along,
    read_along_key,
    render,
    script_key,
)
from masthead.narration.readalong import article_read_along_key
from masthead.narration.script import Script, build_script

logger = logging.getLogger(__name__)


def article_script(article: Article) -> Script:
    return build_script(article.headline, article.standfirst, article.blocks, current_lexicon())


def run_narration(article_id: int, force: bool = False) -> Narration:
    """Narrate one article now, in this process; returns the narration as it ends up.

    The audio is made again even if it looks current when `force` is given (`masthead
    narrate`) or when this run took on an editor's Regenerate (`actions.start_narration`)."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        raise Article.DoesNotExist(f"no article with id {article_id}")
    narration = actions.start_narration(article_id)
    if narration.status == Narration.Status.FAILED:  # too many lost runs: given up
        return narration
    force = force or actions.runs_forced(narration)
    run = narration.attempts
    written: Path | None = None
    try:
        engine, note = ready_engine()
        script = article_script(article)
        key = script_key(script, engine.version)
        # the page's sentences now, as the audio is to time them (`readalong`)
        page_key = article_read_along_key(article)
        path = narration.audio_path
        if (
            not force
            and narration.script_hash == key
            and path is not None
            and path.exists()
            # the stored timings time the sentences of this script (the script key leaves out
            # printed text that is read the same, such as a changed quotation mark)
            and _timings_key(narration.timings) == read_along_key(read_along(script))
        ):
            return actions.skip_narration(
                article_id, run=run, source_hash=article.content_hash, read_along_key=page_key
            )
        rendered = render(
            script,
            engine,
            segment_cache(),
            progress=lambda done, total, part: _progress(article_id, done, total, part, run),
            parallel=narration_settings().parallel or IdleMeter(),  # 0: auto
        )
        data = rendered.mp3
        audio_hash = hashlib.sha256(data).hexdigest()
        relative = f"narration/{article.pk}-{audio_hash[:16]}.mp3"
        written = Path(settings.MEDIA_ROOT) / relative
        _write(written, data)
        return actions.complete_narration(
            article_id,
            {
                "audio": relative,
                "audio_hash": audio_hash,
                "duration": round(mp3_duration(data), 3),
                "size": len(data),
                "timings": rendered.timings,
                "script_hash": key,
                "source_hash": article.content_hash,
                "read_along_key": page_key,
                "engine": engine.name,
                "engine_version": engine.version,
                "voice": engine.voice,
                "segments_total": rendered.segments_total,
                "segments_synthesised": rendered.segments_synthesised,
            },
            note=note,
            run=run,
        )
    except TaskInterrupted:
        # The worker is stopping: back to "queued"; its worker puts the task back in the queue.
        logger.warning("narration of article %s interrupted: the worker is stopping", article_id)
        actions.interrupt_narration(article_id, run)
        raise
    except Exception as exc:
        if not Article.objects.filter(pk=article_id).exists():
            # Deleted while it was narrated: its narration row went with it, so nothing records
            # (or would ever remove) the file this run wrote, and there is no failure to record.
            logger.info("article %s was deleted while it was narrated", article_id)
            if written is not None:
                written.unlink(missing_ok=True)
            raise Article.DoesNotExist(f"article {article_id} was deleted") from None
        if isinstance(exc, EngineError):
            logger.warning("narration of article %s failed: %s", article_id, exc)
            return actions.fail_narration(article_id, f"speech engine: {exc}", run=run)
        storage = _storage_failure(exc)
        if storage is not None:
            logger.warning("narration of article %s failed: %s", article_id, storage)
            return actions.fail_narration(article_id, storage, run=run)
        logger.exception("narration of article %s crashed", article_id)
        return actions.fail_narration(article_id, f"{type(exc).__name__}: {exc}", run=run)


def _progress(article_id: int, done: int, total: int, part: PartReady | None, run: int) -> None:
    """Record a part, then stop here if the worker is stopping (between two parts is the safe
    place: what was made is in the cache)."""
    actions.record_progress(article_id, done, total, part, run=run)
    if done < total:
        check_stop()


def _timings_key(timings: object) -> str:
    sentences = timings.get("sentences") if isinstance(timings, dict) else None
    try:
        return read_along_key(sentences) if isinstance(sentences, list) and sentences else ""
    except (KeyError, TypeError):
        return ""


class AudioWriteError(Exception):
    """The audio file could not be written (a full disk, a quota, a read-only or unwritable
    folder): the site's storage, not a fault in the code, so it is told in one line."""


def _write(path: Path, data: bytes) -> None:
    """Write the audio through a temporary file in the same folder, so that readers never get
    half a file; on failure the temporary file is removed and AudioWriteError says why."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".mp3")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise AudioWriteError(f"could not write the audio files: {exc.strerror or exc}") from None


# The storage is full or closed to writes: told in one line wherever the run met it (the part
# cache under var/ is written before the article's file under MEDIA_ROOT).
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


def _storage_failure(exc: Exception) -> str | None:
    """The one-line reason when `exc` is the storage refusing a write, else None."""
    if isinstance(exc, AudioWriteError):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno in _STORAGE_ERRNOS:
        return f"could not write the audio files: {exc.strerror or exc}"
    return None


@task()
def narrate_article(article_id: int, force: bool = False) -> str:
    """Background entry point (django-tasks): safe to run twice, returns the final status.

    `force` is ignored (since 4a57a58): the task runs the same with or without it. It stays
    so that tasks queued with it still run and queue listings show which ones a Regenerate
    queued. What decides is the narration's row (`force_pending`): the run that starts first
    after a Regenerate makes the audio again, whichever task it is, and the Regenerate's own
    task, if it comes later, finds that done (`actions.start_narration`). So a Regenerate beside
    a plain request is made once, and not lost when the plain task runs first."""
    if not Article.objects.filter(pk=article_id).exists():
        logger.info("article %s was deleted before its narration ran", article_id)
        return "gone"
    try:
        return run_narration(article_id).status
    except Article.DoesNotExist:  # deleted while it ran
        return "gone"
