"""The site's moderation policy, stored so moderators can change it without a deploy (one row),
and each article's passage vectors for the on-topic model (made once, read by every process).

Empty thresholds mean "the default": settings.MASTHEAD (MASTHEAD_MODERATION_* variables), else
the thresholds the shipped models were tuned for (weights/thresholds.json).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.conf import settings
from django.db import models

from masthead.core.models import SingletonModel


class ModerationPolicy(SingletonModel):
    abuse_threshold = models.FloatField(
        null=True, blank=True, help_text="Hold when the abuse score is at least this (0-1)."
    )
    abuse_threshold_trusted = models.FloatField(
        null=True, blank=True, help_text="The same for trusted readers (usually higher)."
    )
    off_topic_threshold = models.FloatField(
        null=True, blank=True, help_text="Hold when the off-topic score is at least this (0-1)."
    )
    spam_threshold = models.FloatField(
        null=True, blank=True, help_text="Hold when the spam score is at least this (0-1)."
    )
    threat_threshold = models.FloatField(
        null=True,
        blank=True,
        help_text="Hold when the threat-of-violence score is at least this (0-1); the same for "
        "trusted readers.",
    )
    max_links = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="More links than this hold a comment."
    )
    banned_words_reject = models.TextField(
        blank=True, help_text="One word or phrase a line: comments containing them are rejected."
    )
    banned_words_hold = models.TextField(
        blank=True, help_text="One a line: comments containing them wait for a moderator."
    )
    suspect_words = models.TextField(
        blank=True, help_text="One a line: comments containing them wait for a moderator's look."
    )
    premoderate_everything = models.BooleanField(default=False)
    premoderate_new_readers = models.BooleanField(
        default=False, help_text="Hold the first comment of a reader with none published yet."
    )
    premoderate_links = models.BooleanField(default=False, help_text="Hold comments with links.")
    shadow_mode = models.BooleanField(
        null=True,
        blank=True,
        help_text="Score and record verdicts without enforcing them (empty: the site default).",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "moderation policy"
        verbose_name_plural = "moderation policy"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(abuse_threshold__isnull=True)
                | models.Q(abuse_threshold__gte=0, abuse_threshold__lte=1),
                name="moderation_abuse_threshold_0_1",
            ),
            models.CheckConstraint(
                condition=models.Q(off_topic_threshold__isnull=True)
                | models.Q(off_topic_threshold__gte=0, off_topic_threshold__lte=1),
                name="moderation_off_topic_threshold_0_1",
            ),
            models.CheckConstraint(
                condition=models.Q(threat_threshold__isnull=True)
                | models.Q(threat_threshold__gte=0, threat_threshold__lte=1),
                name="moderation_threat_threshold_0_1",
            ),
        ]

    def __str__(self) -> str:
        return "Moderation policy"


class ArticleVectors(models.Model):
    """An article's passage embeddings for the on-topic model, made once in the background and
    read by every process at its first comment on the article (instead of embedding it there).

    Current only while `text_hash` is the hash of the article's passages now and `embedder` is
    the loaded model's `vectors_version`; otherwise ignored and made again. `vectors` holds
    `count` rows of `dims` little-endian float32 numbers.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    embedder = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=64)
    count = models.PositiveSmallIntegerField()
    dims = models.PositiveSmallIntegerField()
    vectors = models.BinaryField()
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "article vectors"
        verbose_name_plural = "article vectors"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "embedder"], name="moderation_article_vectors_unique"
            )
        ]

    def __str__(self) -> str:
        return f"vectors of article {self.article_id} ({self.embedder})"

    def matrix(self) -> np.ndarray[Any, Any]:
        """The stored vectors; ValueError when the bytes do not fit `count` x `dims`."""
        data = bytes(self.vectors)
        if self.count * self.dims * 4 != len(data) or not self.count or not self.dims:
            raise ValueError(
                f"{len(data)} bytes stored for {self.count} x {self.dims} float32 vectors"
            )
        return np.frombuffer(data, dtype="<f4").reshape(self.count, self.dims).astype(np.float32)
