"""The audit log, the audit sample, the triage index and the workspace's own settings.

State changes live in `actions.py` (and `receivers.py` for automatic verdicts).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from masthead.articles.models import Article
from masthead.comments.models import Comment
from masthead.core import times
from masthead.core.models import SingletonModel


class AuditEntry(models.Model):
    """One decision, automatic (actor is None) or by a person: who, when, what, why, before
    and after."""

    class Action(models.TextChoices):
        AUTO_PUBLISH = "auto_publish", "Published automatically"
        AUTO_HOLD = "auto_hold", "Held automatically"
        AUTO_REJECT = "auto_reject", "Rejected automatically"
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        HOLD = "hold", "Held by a moderator"
        EDIT_APPROVE = "edit_approve", "Edited and approved"
        FEATURE = "feature", "Made an editor's pick"
        UNFEATURE = "unfeature", "Removed from editor's picks"
        CONFIRM_SAMPLE = "confirm_sample", "Confirmed in the audit sample"
        SUSPEND = "suspend", "Suspended the author"
        LIFT_SUSPENSION = "lift_suspension", "Lifted the author's suspension"
        BAN = "ban", "Banned the author"
        LIFT_BAN = "lift_ban", "Lifted the author's ban"
        TRUST = "trust", "Marked the author trusted"
        UNTRUST = "untrust", "Removed the author's trust"
        SETTINGS = "settings", "Changed the settings"
        UNDO = "undo", "Undid an action"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for an automatic decision.",
    )
    actor_name = models.CharField(max_length=150, blank=True, help_text="Kept if the user goes.")
    action = models.CharField(max_length=20, choices=Action.choices)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The reader an action on an account applies to.",
    )
    reason = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    # One bulk action shares a batch, so undo reverses all of it.
    batch = models.UUIDField(default=uuid.uuid4, editable=False)
    undone_at = models.DateTimeField(null=True, blank=True)
    undoes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="audit_time"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_time"),
            models.Index(fields=["comment", "-created_at"], name="audit_comment_time"),
            models.Index(fields=["action", "-created_at"], name="audit_action_time"),
            models.Index(fields=["batch"], name="audit_batch"),
        ]
        permissions = [
            ("moderate", "Can use the moderation workspace"),
            ("view_stats", "Can see moderation statistics"),
            ("change_settings", "Can change moderation settings"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        who = self.actor_name or "automatic"
        return f"{times.label(self.created_at)} {who}: {self.action}"

    @property
    def is_automatic(self) -> bool:
        return self.actor_id is None and not self.actor_name

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(field, before, after) in short words for each value that changed, for the log's
        page (settings, reader actions); the full values are in the CSV export."""
        before, after = self.before or {}, self.after or {}
        return [
            (key, _shown(before.get(key)), _shown(after.get(key)))
            for key in sorted(set(before) | set(after))
            if key != "status" and before.get(key) != after.get(key)
        ]


def _shown(value: object, limit: int = 80) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, dict):
        text = ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    elif isinstance(value, list | tuple):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AuditSample(models.Model):
    """An automatically published comment picked for a moderator's spot-check."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        CONFIRMED = "confirmed", "Rightly published"
        REJECTED = "rejected", "Wrongly published"

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="audit_sample")
    selected_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    # For a rejection: the reason code the automatic checks missed (insult, spam, ...).
    missed_reason = models.CharField(max_length=40, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["selected_at", "id"]
        indexes = [models.Index(fields=["outcome", "selected_at", "id"], name="sample_queue")]

    def __str__(self) -> str:
        return f"Audit sample of comment {self.comment_id}: {self.outcome}"


class Triage(models.Model):
    """What the queues sort and filter on, copied from a comment's verdict when it is stored
    (JSON fields cannot be indexed or searched the same way on SQLite and PostgreSQL)."""

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, primary_key=True, related_name="triage"
    )
    risk = models.FloatField(default=0.0, help_text="The highest score of the verdict (0-1).")
    # " insult spam " (space-delimited) so a reason filter is one indexed-free LIKE on a
    # small table.
    reason_codes = models.CharField(max_length=300, blank=True)
    premoderated = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["-risk"], name="triage_risk"),
            models.Index(fields=["premoderated"], name="triage_premoderated"),
        ]

    def __str__(self) -> str:
        return f"Triage of comment {self.comment_id}: risk {self.risk:.2f}"


class WorkspaceSettings(SingletonModel):
    """The workspace's own settings (one row)."""

    audit_sample_rate = models.FloatField(
        null=True,
        blank=True,
        help_text="Share of automatically published comments to spot-check (0-1). "
        "Empty: the site default (MASTHEAD_AUDIT_SAMPLE_RATE).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "workspace settings"
        verbose_name_plural = "workspace settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audit_sample_rate__isnull=True)
                | models.Q(audit_sample_rate__gte=0, audit_sample_rate__lte=1),
                name="dashboard_sample_rate_0_1",
            )
        ]

    def __str__(self) -> str:
        return "Workspace settings"

    def sample_rate(self) -> float:
        if self.audit_sample_rate is not None:
            return float(self.audit_sample_rate)
        return float(settings.MASTHEAD.get("AUDIT_SAMPLE_RATE", 0.05))
