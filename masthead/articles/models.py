from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from masthead.articles.body import Block, clean_source, parse_body
from masthead.articles.importers.base import clean_text

# A publication time must be one every time zone can show (UTC-12 to UTC+14): Python's dates
# end at the years 1 and 9999, and a time within a day of either end overflowed when it was
# stored or shown ("0001-01-01T00:00:00+14:00" in a file stopped `masthead import` with an
# OverflowError traceback).
EARLIEST_PUBLISHED_AT = datetime(1, 1, 2, tzinfo=UTC)
LATEST_PUBLISHED_AT = datetime(9999, 12, 30, 23, 59, 59, tzinfo=UTC)
# Fields of one line of text: control characters become spaces or go (see clean_text).
ONE_LINE_FIELDS = ("headline", "standfirst", "byline", "source")
ONE_LINE_PHOTO_FIELDS = ("photo_caption", "photo_credit", "photo_alt")


def photo_file_name(instance: Any, filename: str) -> str:
    """Where an uploaded photo is stored: photos/YYYY/MM/ and 32 random hex characters, keeping
    only the (already checked) extension. The name the editor's file had ("mayor-resigns.jpg")
    would let anyone guess the photo of a draft or embargoed story under /media/photos/.
    Photos stored before keep their names."""
    suffix = PurePosixPath(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
        suffix = ""
    return timezone.localtime().strftime("photos/%Y/%m/") + secrets.token_hex(16) + suffix


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the front page.")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", args=[self.slug])


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet["Article"]):
    def live(self) -> ArticleQuerySet:
        """Published, or scheduled with a publication time that has passed."""
        now = timezone.now()
        return self.filter(
            models.Q(status=Article.Status.PUBLISHED)
            | models.Q(status=Article.Status.SCHEDULED, published_at__lte=now),
            published_at__lte=now,
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    class CommentsMode(models.TextChoices):
        OPEN = "open", "Open"
        PREMODERATED = "premoderated", "Pre-moderated (every comment waits for a moderator)"
        CLOSED = "closed", "Closed"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(blank=True, help_text="The summary under the headline.")
    byline = models.CharField(max_length=200, blank=True, help_text="Author name(s).")
    source = models.CharField(max_length=100, blank=True, help_text='Wire source, e.g. "Reuters".')
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The size is stored with the photo so pages need not open the file to write width/height.
    photo = models.ImageField(
        upload_to=photo_file_name,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_caption = models.CharField(max_length=500, blank=True)
    photo_credit = models.CharField(max_length=200, blank=True)
    photo_alt = models.CharField(
        max_length=300, blank=True, help_text="Describes the photo for screen readers."
    )
    body = models.TextField(
        help_text="Paragraphs separated by a blank line. '## ' starts a sub-heading, '> ' a quote."
    )
    comments_mode = models.CharField(
        max_length=14, choices=CommentsMode.choices, default=CommentsMode.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where an imported article came from ("ninjs:urn:...", "file:ferry-strike.txt"): importing
    # the same story again updates this article instead of adding a copy.
    import_key = models.CharField(max_length=300, blank=True, default="", editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["section", "-published_at"]),
        ]
        permissions = [("publish_article", "Can publish articles")]
        constraints = [
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~models.Q(import_key=""),
                name="article_import_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.slug])

    def clean(self) -> None:
        # Every way in (the admin form, `masthead import`, actions.save_article) runs this.
        # Text is cleaned here, once: a vertical tab (Word's soft line break), a form feed or
        # a NUL pasted into the admin was stored as is, and feeds, sitemaps and JSON-LD had
        # to cope with it.
        for name in (*ONE_LINE_FIELDS, *ONE_LINE_PHOTO_FIELDS):
            setattr(self, name, clean_text(getattr(self, name)))
        self.body = clean_source(self.body)
        self._check_published_at()
        if self.status == self.Status.SCHEDULED and self.published_at is None:
            # It was saved, and then never appeared: nothing says when "scheduled" is for.
            raise ValidationError(
                {
                    "published_at": "A scheduled article needs the time it goes live: set "
                    "Published at (or choose Published to publish it now)."
                }
            )
        limit = int(settings.MASTHEAD["ARTICLE_BODY_MAX_LENGTH"])
        if len(self.body) > limit:
            raise ValidationError(
                {
                    "body": f"The body is {len(self.body):,} characters long; an article may "
                    f"have at most {limit:,}. Split it into parts."
                }
            )

    def _check_published_at(self) -> None:
        if self.published_at is None:
            return
        try:
            in_utc = self.published_at.astimezone(UTC)
        except (OverflowError, ValueError):
            in_utc = None
        if in_utc is None or not EARLIEST_PUBLISHED_AT <= in_utc <= LATEST_PUBLISHED_AT:
            raise ValidationError(
                {
                    "published_at": f"{self.published_at.isoformat()} cannot be a publication "
                    "time: it must fall between 2 January 0001 and 30 December 9999 (UTC)."
                }
            )

    @property
    def blocks(self) -> tuple[Block, ...]:
        return parse_body(self.body)

    @property
    def is_live(self) -> bool:
        return (
            self.status in {self.Status.PUBLISHED, self.Status.SCHEDULED}
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def content_hash(self) -> str:
        """Changes whenever anything a reader reads or hears changes."""
        digest = hashlib.sha256()
        for part in (self.headline, self.standfirst, self.body):
            digest.update(part.encode())
            digest.update(b"\x00")
        return digest.hexdigest()


class OldSlug(models.Model):
    """An address a live article had before its slug was changed: /news/<slug>/ sends readers
    (and search engines) on to the article's address now (articles.views.article_page)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.slug


class Correction(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]
