from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from masthead.articles import actions
from masthead.articles.models import Article, Correction, Section, Tag


class CorrectionInline(admin.TabularInline[Correction, Article]):
    model = Correction
    extra = 0


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin[Section]):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["headline", "section", "status", "published_at", "comments_mode", "updated_at"]
    list_filter = ["status", "section", "comments_mode"]
    search_fields = ["headline", "standfirst", "body"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags"]
    inlines = [CorrectionInline]
    fieldsets = [
        (
            None,
            {"fields": ["headline", "slug", "standfirst", "byline", "source", "section", "tags"]},
        ),
        ("Publication", {"fields": ["status", "published_at", "comments_mode"]}),
        ("Photo", {"fields": ["photo", "photo_caption", "photo_credit", "photo_alt"]}),
        ("Body", {"fields": ["body"]}),
        (
            "Import",
            {
                "classes": ["collapse"],
                "fields": ["import_key"],
                "description": "Set when the article came from `masthead import`: importing "
                "the same story again overwrites this article, edits here included.",
            },
        ),
    ]
    readonly_fields = ["import_key"]

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if not change and request.user.is_authenticated:
            obj.created_by = request.user  # type: ignore[assignment]
        actions.save_article(obj)
