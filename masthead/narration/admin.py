from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from masthead.articles.models import Article
from masthead.narration import actions
from masthead.narration.models import Narration, PronunciationEntry
from masthead.narration.presenters import clock


@admin.register(Narration)
class NarrationAdmin(admin.ModelAdmin[Narration]):
    list_display = [
        "article",
        "status_badge",
        "reason_short",
        "length",
        "size_kb",
        "segments",
        "engine",
        "requested_at",
        "finished_at",
    ]
    list_filter = ["status", "engine"]
    search_fields = ["article__headline", "article__slug", "reason"]
    actions = ["regenerate_selected"]
    readonly_fields = [
        f.name for f in Narration._meta.get_fields() if getattr(f, "concrete", False)
    ]
    list_select_related = ["article"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj: Narration) -> str:
        status = obj.shown_status
        if status == "generating":
            return f"generating ({obj.progress}%)"
        return status

    @admin.display(description="reason")
    def reason_short(self, obj: Narration) -> str:
        reason = obj.shown_reason
        return reason if len(reason) < 120 else reason[:117] + "..."

    @admin.display(description="length", ordering="duration")
    def length(self, obj: Narration) -> str:
        return clock(obj.duration) if obj.audio else "-"

    @admin.display(description="KB", ordering="size")
    def size_kb(self, obj: Narration) -> str:
        return f"{obj.size / 1024:.0f}" if obj.size else "-"

    @admin.display(description="parts synthesised / total")
    def segments(self, obj: Narration) -> str:
        return format_html("{} / {}", obj.segments_synthesised, obj.segments_total)

    @admin.action(description="Regenerate narration", permissions=["change"])
    def regenerate_selected(self, request: HttpRequest, queryset: QuerySet[Narration]) -> None:
        count = 0
        for narration in queryset.select_related("article"):
            actions.regenerate(narration.article)
            count += 1
        self.message_user(request, f"{count} narration(s) queued.", messages.SUCCESS)


@admin.register(PronunciationEntry)
class PronunciationEntryAdmin(admin.ModelAdmin[PronunciationEntry]):
    """Every save and delete goes through `actions`, which re-narrates the articles that read
    the word (old and new)."""

    list_display = ["word", "say_as", "note", "updated_at"]
    search_fields = ["word", "say_as", "note"]

    def save_model(
        self, request: HttpRequest, obj: PronunciationEntry, form: Any, change: bool
    ) -> None:
        self._queued(request, actions.save_pronunciation(obj))

    def delete_model(self, request: HttpRequest, obj: PronunciationEntry) -> None:
        self._queued(request, actions.delete_pronunciation(obj))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[PronunciationEntry]) -> None:
        self._queued(request, actions.delete_pronunciations(queryset))

    def _queued(self, request: HttpRequest, articles: list[Article]) -> None:
        if articles:
            self.message_user(
                request,
                f"Narration queued again for {len(articles)} article(s) that read the word; "
                "their current audio plays until the new one is ready.",
                messages.INFO,
            )
