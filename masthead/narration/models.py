from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from masthead.articles.models import Article
from masthead.narration.readalong import audio_is_current

# A narration still "generating" after this long lost its worker (killed, crashed, restarted).
STALE_AFTER = timedelta(minutes=20)
# Runs in a row whose worker was lost (killed, out of memory) before a narration is failed
# instead of started again: one that kills its worker each time must not loop for ever.
MAX_LOST_RUNS = 3


class Narration(models.Model):
    """The audio of one article. The audio fields always describe the last good render; readers
    are served it only while it is current (made from the article's text as it is now): after
    an edit it is withdrawn until the newer version is ready, even if that one fails."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        GENERATING = "generating", "Generating"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="narration")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    reason = models.TextField(
        blank=True, help_text="Why the last attempt failed (or a note on a good one)."
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent of parts done.")
    partial = models.JSONField(
        default=dict,
        blank=True,
        help_text="While generating: every sentence of the script (written once per run); the "
        "parts ready so far are NarrationPart rows.",
    )
    parts_planned = models.PositiveIntegerField(
        default=0, help_text="While generating: how many parts this run makes in all."
    )
    attempts = models.PositiveIntegerField(default=0)
    lost_runs = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,  # rows the previous release inserts during a rolling upgrade
        help_text="Runs in a row whose worker was lost before they ended (killed, crashed); "
        "at MAX_LOST_RUNS the narration fails. A run its worker gave back on a graceful stop "
        "is not lost.",
    )
    force_pending = models.BooleanField(
        default=False,
        db_default=False,  # rows the previous release inserts during a rolling upgrade
        help_text="An editor's Regenerate waits that no run has taken on yet (make the audio "
        "again even if it looks current): the next run to start takes it, and task recovery "
        "queues a lost task with it.",
    )
    forced_run = models.PositiveIntegerField(
        default=0,
        db_default=0,  # rows the previous release inserts during a rolling upgrade
        help_text="The run (its number, `attempts`) that took on a Regenerate, until it ends; "
        "0 for none. A run given back or lost leaves the Regenerate pending again.",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Task recovery found the article, as saved at this time (its updated_at), "
        "with the text this narration was made from: a save that changed nothing heard (tags, "
        "byline) is examined once, not on every pass.",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The last good render
    audio = models.CharField(max_length=300, blank=True, help_text="Path under MEDIA_ROOT.")
    audio_hash = models.CharField(max_length=64, blank=True)
    duration = models.FloatField(default=0.0, help_text="Seconds.")
    size = models.PositiveIntegerField(default=0, help_text="Bytes.")
    timings = models.JSONField(default=dict, blank=True)
    script_hash = models.CharField(max_length=64, blank=True)
    source_hash = models.CharField(
        max_length=64, blank=True, help_text="The article's content hash the audio was made from."
    )
    read_along_key = models.CharField(
        max_length=64,
        blank=True,
        default="",
        db_default="",  # rows the previous release inserts during a rolling upgrade
        help_text="The sentences the audio times, as the page showed them when it was made "
        "(target, printed text, offsets): the audio is served while the article, parsed now, "
        "gives the same.",
    )
    engine = models.CharField(max_length=20, blank=True)
    engine_version = models.CharField(max_length=200, blank=True)
    voice = models.CharField(max_length=100, blank=True)
    segments_total = models.PositiveIntegerField(
        default=0, help_text="Parts (a few sentences each) in the last render."
    )
    segments_synthesised = models.PositiveIntegerField(
        default=0, help_text="Parts synthesised in the last render (the rest were cached)."
    )
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Narration of {self.article}"

    @property
    def has_audio(self) -> bool:
        return bool(self.audio)

    @property
    def took_regenerate(self) -> bool:
        """The last run took on a Regenerate and has not ended (a run that ends, made, kept or
        failed, clears `forced_run`; one given back or lost leaves the Regenerate pending)."""
        return self.forced_run != 0 and self.forced_run == self.attempts

    @property
    def is_stale(self) -> bool:
        return (
            self.status == self.Status.GENERATING
            and self.started_at is not None
            and timezone.now() - self.started_at > STALE_AFTER
        )

    @property
    def shown_status(self) -> str:
        """What editors see: a lost worker reads as a failure they can retry."""
        return "failed" if self.is_stale else self.status

    @property
    def shown_reason(self) -> str:
        if self.is_stale:
            return "interrupted: the worker stopped before finishing (regenerate to retry)"
        return self.reason

    @property
    def is_current(self) -> bool:
        """The audio times the sentences the article's page shows now (its text as parsed now;
        an edit, or a change of the body parser, can make it stale)."""
        return audio_is_current(self, self.article)

    @property
    def audio_path(self) -> Path | None:
        return Path(settings.MEDIA_ROOT) / self.audio if self.audio else None


class NarrationPart(models.Model):
    """One part of a narration being generated, recorded when it is ready (in reading order), so
    that a player's poll reads only the parts it has not got, not the whole script again. The
    rows belong to the narration's current run (`Narration.attempts`): a new run, the finished
    file or a failure removes them."""

    narration = models.ForeignKey(Narration, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveIntegerField(help_text="Place in reading order, from 0.")
    key = models.CharField(max_length=64, help_text="Cache key of the encoded part (its URL).")
    start = models.FloatField(help_text="Seconds into the whole narration.")
    duration = models.FloatField(help_text="Seconds.")
    first_sentence = models.PositiveIntegerField()
    end_sentence = models.PositiveIntegerField(
        help_text="The part times the script's sentences first_sentence:end_sentence."
    )
    sentences = models.JSONField(
        default=list, blank=True, help_text="Those sentences, with their times and word marks."
    )

    class Meta:
        ordering = ["narration", "index"]
        constraints = [
            models.UniqueConstraint(fields=["narration", "index"], name="narration_part_order")
        ]

    def __str__(self) -> str:
        return f"Part {self.index + 1} of {self.narration}"


class PronunciationEntry(models.Model):
    """How the voice should say a word: "Peskov" -> "Peskoff". Whole words, case-sensitive."""

    word = models.CharField(max_length=100, unique=True, help_text="As printed, e.g. Darchiyev.")
    say_as = models.CharField(
        max_length=200,
        help_text="Spelled the way it sounds, in plain letters, e.g. Darcheeyev or Peskoff; "
        "a hyphen or space between syllables gives each its own stress.",
    )
    note = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["word"]
        verbose_name_plural = "pronunciation entries"

    def __str__(self) -> str:
        return f"{self.word} → {self.say_as}"
