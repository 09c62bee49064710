"""Comments, their edit history, reports and likes; readers' profiles; the site's comment policy.

State changes live in `actions.py`; nothing here saves on its own behalf.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone

from masthead.articles.models import Article
from masthead.comments import names
from masthead.core.models import SingletonModel


def new_token() -> str:
    return secrets.token_urlsafe(32)


# Room for every model's version in a verdict (it was 100 until 2026-11-30: the topic and
# spam models' versions were cut off).
MODEL_VERSION_LENGTH = 400


class ReaderProfile(models.Model):
    """What the site knows about a reader beyond Django's user: the public name and standing."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader"
    )
    display_name = models.CharField(max_length=40)
    # `names.name_key(display_name)`, kept by save(): names a reader would take for this one
    # (`AIice` for `Alice`) are refused by it (`actions.check_display_name`). Not unique: names
    # stored before 2026-11-30 may share one.
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    trusted = models.BooleanField(
        default=False, help_text="Trusted readers' history counts in their favour in moderation."
    )
    suspended_until = models.DateTimeField(null=True, blank=True)
    banned = models.BooleanField(default=False)
    # This reader's ban chose to block every address at their own domain as well
    # (`actions.ban_reader(block_domain=True)`); cleared when the ban is lifted. Only a ban that
    # chose the domain may remove its block, and `block_banned_addresses` writes it again.
    domain_blocked = models.BooleanField(default=False, editable=False)
    # The blocks this reader's ban keeps for addresses the account had before: an administrator
    # changed its e-mail while it was banned (`actions.follow_address_change`). One
    # [block hash, holder hash] pair per entry the ban has on a block (`BlockedAddress.held_by`),
    # hashes only, never an address. Lifting the ban takes them off with the current address's
    # and empties the list; deleting the account leaves the blocks, as for any banned account.
    earlier_blocks = models.JSONField(
        default=list,
        editable=False,
        db_default=Value([], output_field=models.JSONField()),  # rows older code inserts
    )
    notify_replies = models.BooleanField(
        default=True, help_text="E-mail me when someone replies to my comment."
    )
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="reader_display_name_ci_unique")
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = names.name_key(self.display_name)[:200]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "display_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def may_comment(self) -> bool:
        return not self.banned and not self.is_suspended


class BlockedAddress(models.Model):
    """An e-mail address a moderator banned, as a keyed hash (`blocklist.address_digest`):
    signing up with it and guest comments from it are refused or held (docs/comments.md, "Ban
    evasion"). Written by `actions.ban_reader`, removed when the ban is lifted, and kept when
    the account is deleted: nothing ties it to an account, and it cannot be read back into an
    address."""

    # A ban whose account was deleted before migration 0015 recorded who holds a block: nothing
    # can name it, so only `masthead blocked_addresses lift` takes it away.
    UNKNOWN_HOLDER = ""

    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The bans that keep this block, one entry each: the hash of the banned account's address
    # (`blocklist.address_digest`); for an address's block that is its own hash, for a domain's
    # the hash of each address whose ban chose to block the domain. Here and not on the profile,
    # so deleting a banned account leaves its ban's part: a lift takes one entry away and
    # removes the block only when none is left (`actions.ban_reader`). Never an address.
    held_by = models.JSONField(
        default=list,
        editable=False,
        db_default=Value([], output_field=models.JSONField()),  # rows older code inserts
    )

    class Meta:
        verbose_name = "blocked e-mail address"

    def __str__(self) -> str:
        return f"Blocked address {self.digest[:12]}…"


class CommentQuerySet(models.QuerySet["Comment"]):
    def published(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PUBLISHED)

    def public(self) -> CommentQuerySet:
        """What any reader may see: published comments, and deleted ones as placeholders."""
        return self.filter(status__in=[Comment.Status.PUBLISHED, Comment.Status.DELETED])


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending (being checked)"
        PUBLISHED = "published", "Published"
        HELD = "held", "Held for review"
        REJECTED = "rejected", "Rejected"
        DELETED = "deleted", "Deleted"

    class Decision(models.TextChoices):
        PUBLISH = "publish", "Publish"
        HOLD = "hold", "Hold"
        REJECT = "reject", "Reject"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    # Guests (when the site allows them) leave a name and an address instead of an account.
    guest_name = models.CharField(max_length=40, blank=True)
    guest_email = models.EmailField(blank=True)
    # `parent` is the comment this one answers ("Replying to X"); `display_parent` is where it
    # hangs in the thread. They differ once the depth cap flattens a conversation.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_replies"
    )
    display_parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(help_text="What the author typed (a small Markdown subset).")
    html = models.TextField(blank=True, help_text="The sanitised rendering of `text`.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    is_editors_pick = models.BooleanField(default=False)
    reply_count = models.PositiveIntegerField(default=0, help_text="Published replies, all depths.")
    like_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)

    # The moderation verdict, stored with the comment so moderators see why.
    decision = models.CharField(max_length=8, choices=Decision.choices, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    # "abuse=...;spam=...;topic=..." (the gateway joins the models' versions): about 200
    # characters with the shipped models, whose abuse version alone is over 90.
    model_version = models.CharField(max_length=MODEL_VERSION_LENGTH, blank=True)
    shadow_decision = models.CharField(max_length=8, choices=Decision.choices, blank=True)
    # The reasons behind `decision`, the enforced one (in shadow mode only the hard rules'; the
    # others in `reasons` were recorded, not applied). Null on verdicts stored before it was
    # recorded: read `enforced_reason_codes()`.
    enforced_reasons = models.JSONField(null=True, blank=True)
    explanation = models.TextField(blank=True, help_text="Plain words shown to the author.")
    spans = models.JSONField(default=list, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Set when a moderator decides by hand.
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.CharField(max_length=200, blank=True)
    reply_notified_at = models.DateTimeField(null=True, blank=True)
    # A retried POST (a double click, a timeout, a crash before the answer) carries the same
    # client key: it finds this comment instead of making a second one. Stored as a digest of
    # the author's identity and the key, so one reader's key never finds another's comment.
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # Keyset pagination of an article's first-level comments in each sort order. Status
            # is filtered while walking the index in order, so the walk stops after one page.
            models.Index(
                fields=["article", "depth", "created_at", "id"], name="comment_thread_time"
            ),
            models.Index(
                fields=["article", "depth", "reply_count", "created_at", "id"],
                name="comment_thread_replies",
            ),
            models.Index(fields=["root", "created_at", "id"], name="comment_root_time"),
            models.Index(fields=["article", "status"], name="comment_article_status"),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
            models.Index(fields=["author", "created_at"], name="comment_author_time"),
            # Comments posted in a time window (the moderation stats and "Thresholds: what if"
            # pages): read by index, and with the id in it, often from the index alone.
            models.Index(fields=["created_at", "id"], name="comment_time"),
            # Partial: picks are a handful among thousands, and a plain (article, pick) index
            # looks unselective to the planner, which then scans every published comment.
            models.Index(
                fields=["article", "-published_at"],
                condition=models.Q(is_editors_pick=True),
                name="comment_article_picks_only",
            ),
        ]
        permissions = [("moderate_comment", "Can moderate comments")]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:50]}"

    @property
    def author_name(self) -> str:
        if self.author_id is not None:
            profile = getattr(self.author, "reader", None)
            return profile.display_name if profile else self.author.get_username()
        if self.guest_name:
            return self.guest_name
        return "Former reader"

    @property
    def reason_words(self) -> str:
        """Why the comment waits or was not published, in plain words for its author: a
        moderator's reason, else the checks' explanation. Both are the reasons only; the page
        ("Held for review." / "Not published.") and the post's answer say the outcome."""
        if self.rejection_reason:
            return self.rejection_reason
        return self.explanation.strip()

    @property
    def is_guest(self) -> bool:
        return self.author_id is None and bool(self.guest_name)

    def enforced_reason_codes(self) -> list[str]:
        """The reasons behind the stored verdict's decision (none when it published). A verdict
        stored before they were recorded (null) read its `reasons`: only shadow-mode verdicts
        enforced fewer, and migration 0007 filled those in."""
        if self.decision == self.Decision.PUBLISH:
            return []
        if self.enforced_reasons is not None:
            return [str(r) for r in self.enforced_reasons]
        return [str(r) for r in self.reasons or []]


class CommentRevision(models.Model):
    """The text a comment had before each edit, by its author or a moderator."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Revision of comment {self.comment_id} at {self.created_at:%Y-%m-%d %H:%M}"


class CommentReport(models.Model):
    class Reason(models.TextChoices):
        ABUSE = "abuse", "Abusive or insulting"
        HATE = "hate", "Hateful towards a group"
        SPAM = "spam", "Spam or advertising"
        OFF_TOPIC = "off_topic", "Off-topic"
        PERSONAL_INFO = "personal_info", "Shares someone's personal information"
        MISINFORMATION = "misinformation", "Misleading or false"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="report_queue")]

    def __str__(self) -> str:
        return f"Report of comment {self.comment_id}: {self.reason}"


class CommentLike(models.Model):
    """A reader's "recommend"; one per reader per comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_like_per_reader")
        ]

    def __str__(self) -> str:
        return f"Like of comment {self.comment_id}"


class CommentsSettings(SingletonModel):
    """The site-wide comment policy moderators can change without a deploy (one row)."""

    faq = models.TextField(blank=True, help_text="The Comments FAQ (the small Markdown subset).")
    close_after_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Close comments this many days after publication (0 = never; empty = the "
        "MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS setting).",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "comments settings"
        verbose_name_plural = "comments settings"

    def __str__(self) -> str:
        return "Comments settings"

    @property
    def effective_close_after_days(self) -> int:
        if self.close_after_days is not None:
            return self.close_after_days
        return int(settings.MASTHEAD["COMMENTS_CLOSE_AFTER_DAYS"])

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        from masthead.comments.faq import DEFAULT_FAQ

        return {"faq": DEFAULT_FAQ}
