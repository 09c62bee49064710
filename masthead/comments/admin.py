"""Newsroom admin for comments beside the moderators' workspace (`/moderation/`).

Bulk actions go through `actions.py`, so approving here notifies a parent's author exactly as
the workspace would, and the audit log records it (`comment_decided`). Only decisions the audit
log hears of are offered: editors' picks, trusting, suspending and banning readers are done in
the workspace, which records them. Nothing is deleted here: a raw delete took a comment's
replies with it (the foreign keys cascade) and left no audit entry; readers delete their own
comments, and moderators reject.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from masthead.comments import actions
from masthead.comments.errors import CommentError
from masthead.comments.models import Comment, CommentReport, CommentsSettings, ReaderProfile


def _each(request: HttpRequest, queryset: QuerySet[Comment], do, done: str) -> None:  # type: ignore[no-untyped-def]
    count = 0
    for comment in queryset:
        try:
            do(comment)
            count += 1
        except CommentError as error:
            messages.warning(request, f"Comment {comment.pk}: {error.message}")
    messages.info(request, f"{count} comments {done}.")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through admin actions (which call actions.py), never a raw form save or
    delete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "article",
        "author_name",
        "status",
        "decision",
        "created_at",
        "report_count",
    )
    list_filter = ("status", "decision", "is_editors_pick")
    search_fields = ("text", "guest_name", "author__username", "author__reader__display_name")
    raw_id_fields = ("article", "author", "parent", "display_parent", "root", "moderated_by")
    readonly_fields = (
        "html",
        "decision",
        "reasons",
        "scores",
        "model_version",
        "shadow_decision",
        "explanation",
        "spans",
        "moderated_at",
        "reply_count",
        "like_count",
        "report_count",
        "reply_notified_at",
    )
    actions = ["approve", "reject_off_topic"]

    @admin.action(description="Approve (publish) selected comments")
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        _each(request, queryset, lambda c: actions.approve_comment(c, request.user), "approved")

    @admin.action(description="Reject selected comments as off-topic")
    def reject_off_topic(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        _each(
            request,
            queryset,
            lambda c: actions.reject_comment(c, request.user, "It is off-topic."),
            "rejected",
        )


@admin.register(CommentReport)
class CommentReportAdmin(ReadOnlyAdmin):
    """Read-only: a report added or deleted here would not move the comment's report count;
    moderators resolve reports in the workspace."""

    list_display = ("comment", "reporter", "reason", "created_at", "resolved_at")
    list_filter = ("reason", "resolved_at")
    raw_id_fields = ("comment", "reporter", "resolved_by")


@admin.register(ReaderProfile)
class ReaderProfileAdmin(ReadOnlyAdmin):
    list_display = ("display_name", "user", "trusted", "suspended_until", "banned")
    list_filter = ("trusted", "banned")
    search_fields = ("display_name", "user__email")
    # Trusting, suspending and banning are done in the workspace, which audits them.
    actions = None


@admin.register(CommentsSettings)
class CommentsSettingsAdmin(ReadOnlyAdmin):
    """Read-only here: the FAQ and the closing schedule are edited in the moderators'
    workspace; the site-wide pre-moderation modes are part of the moderation policy."""

    list_display = ("__str__", "close_after_days", "updated_at", "updated_by")

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):  # type: ignore[no-untyped-def,override]
        policy = CommentsSettings.load()
        if policy._state.adding:  # the one row exists before anyone looks for it in the admin
            policy.save()
        return super().changelist_view(request, extra_context)
