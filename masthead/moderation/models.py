"""The site's moderation policy, stored so moderators can change it without a deploy (one row).

Empty thresholds mean "the default": settings.MASTHEAD (MASTHEAD_MODERATION_* variables), else
the thresholds the shipped models were tuned for (weights/thresholds.json).
"""

from __future__ import annotations

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
        ]

    def __str__(self) -> str:
        return "Moderation policy"
