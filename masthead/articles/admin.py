from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify

from masthead.articles import actions
from masthead.articles.models import Article, Correction, Section, Tag
from masthead.articles.versions import stored_version
from masthead.core import times
from masthead.core.polled import polled_json


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


EDITED_MEANWHILE = (
    "Someone else saved this article after you opened it (a colleague, an import, or a "
    "moderator's change to its comments), and saving yours would undo theirs. Nothing was "
    "saved. Save again to replace their version with yours, or open the article again in "
    "another tab to see theirs."
)


SLUG_HELP = (
    "The article's address, /news/SLUG/: letters a to z, digits and hyphens. Made from the "
    "headline as you type; left empty, one is made when you save (a headline in Hebrew, "
    "Chinese or emoji alone gives none). Best changed before publishing: after, links to the "
    "old address lead to the new one."
)
SLUG_TAKEN = (
    "Another article already exists with this slug, so both would have the same address: "
    "change the slug (add a word or the date, say)."
)
PHOTO_NOT_KEPT = (
    "The photo you chose was not kept, because something else in the form needs correcting: "
    "choose the file again before saving. The caption, credit and alt text are kept."
)


class ArticleAdminForm(forms.ModelForm[Article]):
    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        error_messages = {"slug": {"unique": SLUG_TAKEN}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = stored_version(self.instance.pk)
        if "slug" in self.fields:
            # Required, a headline the admin's script cannot turn into a slug (Hebrew, Chinese,
            # emoji alone) was refused with "This field is required." under a box the editor
            # never typed in.
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        if slug:
            return slug
        made = slugify(self.cleaned_data.get("headline") or "")[:200].strip("-")
        # A headline with no letter a to z or digit: a dated name the editor may change.
        return made or f"article-{timezone.localdate():%Y-%m-%d}-{secrets.token_hex(3)}"

    def full_clean(self) -> None:
        super().full_clean()
        # A browser never sends a chosen file again, so a form shown back with an error has
        # lost the photo; nothing said so, and the article was saved without it.
        if (
            self._errors
            and self.files.get(self.add_prefix("photo"))
            and "photo" not in self._errors
        ):
            self.add_error("photo", PHOTO_NOT_KEPT)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        seen = cleaned.get("seen_version") or ""
        if self.instance.pk and seen:
            # Locked from this check to the save's commit (the admin validates and saves in one
            # transaction): a colleague's save of the same version, at the same moment, waits
            # and is then refused here. Unlocked, both passed the check and the later undid
            # the earlier.
            current = stored_version(self.instance.pk, lock=not transaction.get_autocommit())
            if seen != current:
                # Shown again with the current version: a second save is the editor's choice.
                self.data = self.data.copy()
                self.data[self.add_prefix("seen_version")] = current
                raise forms.ValidationError(EDITED_MEANWHILE)
        return cleaned


# Short labels for the list's Comments column.
COMMENTS_SHORT = {
    Article.CommentsMode.OPEN: "Open",
    Article.CommentsMode.PREMODERATED: "Pre-moderated",
    Article.CommentsMode.CLOSED: "Closed",
}
# One-line fields that may hold a long text.
WIDE_FIELDS = ("headline", "slug", "photo_caption", "photo_alt")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    form = ArticleAdminForm
    list_display = ["headline", "section_name", "status", "published", "comments", "updated"]
    list_filter = ["status", "section", "comments_mode"]
    search_fields = ["headline", "standfirst", "body"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags"]
    inlines = [CorrectionInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "standfirst",
                    "byline",
                    "source",
                    "section",
                    "tags",
                    "seen_version",
                ]
            },
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

    class Media:
        # Says on the open form when the article is saved elsewhere (version.json, below).
        js = ["articles/edited_elsewhere.js"]

    def get_urls(self) -> list[Any]:
        version = path(
            "<path:object_id>/version.json",
            self.admin_site.admin_view(self.version_view),
            name="articles_article_version",
        )
        return [version, *super().get_urls()]

    def version_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The article's version (`articles.versions`), which the open change form asks for
        (every minute, and when the editor comes back to the tab: edited_elsewhere.js) to say
        that the article was saved elsewhere before the editor types over a newer version. The
        "edited meanwhile" check on save stays the guard; this is the warning beforehand."""
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("No such article")
        return polled_json(request, {"version": stored_version(article.pk)})

    @admin.display(description="Comments", ordering="comments_mode")
    def comments(self, obj: Article) -> str:
        # The choice's full label ("Pre-moderated (every comment waits for a moderator)") made
        # the column so wide that the headlines were squeezed to a word a line.
        return COMMENTS_SHORT.get(obj.comments_mode, obj.comments_mode)

    # The list's columns other than the headline are methods, not the fields themselves: the
    # admin keeps a date or foreign-key field's cell on one line, and those columns left the
    # headline a few letters wide, the last column cut off (QA walk, 2026-11-30).
    @admin.display(description="Section", ordering="section__name")
    def section_name(self, obj: Article) -> str:
        return obj.section.name

    @admin.display(description="Published at", ordering="published_at")
    def published(self, obj: Article) -> str:
        return times.label(obj.published_at) if obj.published_at else "-"

    @admin.display(description="Updated", ordering="updated_at")
    def updated(self, obj: Article) -> str:
        return times.label(obj.updated_at, "date")

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in WIDE_FIELDS and field is not None:
            # The admin's 20em box showed some 25 characters of a 200-character headline.
            field.widget.attrs["class"] = "vLargeTextField"
        if db_field.name == "published_at" and field is not None:
            # The admin's date and time boxes have no label of their own (the field's label
            # names neither): screen readers announced two unnamed text boxes.
            date, time = field.widget.widgets
            date.attrs["aria-label"] = "Publication date"
            time.attrs["aria-label"] = "Publication time"
            # The boxes are read in the newsroom's zone, which need not be the editor's.
            field.help_text = f"Date and time in the newsroom's time zone, {timezone.get_current_timezone_name()}."
        return field

    def get_queryset(self, request: HttpRequest) -> Any:
        qs = super().get_queryset(request).select_related("section")
        if request.user.has_perm("articles.change_article"):
            return qs
        # Staff who may only view articles (moderators read the stories they moderate) see
        # live ones: a draft or an embargoed story stays with those who may change articles,
        # here as on the site (a 404 there; here its change page says it does not exist).
        return qs.filter(pk__in=Article.objects.live().values("pk"))

    def get_form(self, request: HttpRequest, obj: Article | None = None, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, **kwargs)
        if request.user.has_perm("articles.publish_article"):
            return form
        return type("DraftOnlyArticleForm", (form,), {"clean": _draft_only_clean})

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if not change and request.user.is_authenticated:
            obj.created_by = request.user  # type: ignore[assignment]
        before = Article.objects.filter(pk=obj.pk).first() if change else None
        actions.save_article(obj)
        if before is not None and before.is_live and not obj.is_live:
            # "changed successfully" alone did not say that the story had left the site.
            messages.info(
                request,
                "Withdrawn: readers no longer see this article (its address answers \u201cnot "
                "found\u201d, and it has left the front page, feeds and sitemaps). Set it to "
                "Published to put it back.",
            )
        if before is not None and before.is_live and before.slug != obj.slug:
            # Nothing said that the story's address had changed; links to the old one lead
            # on to it (articles.views.article_page), but the editor should know.
            messages.info(
                request,
                f"This article's address changed from {before.get_absolute_url()} to "
                f"{obj.get_absolute_url()}. Links to the old address lead to the new one.",
            )
        if obj.status == Article.Status.PUBLISHED and not obj.is_live and obj.published_at:
            # Switching a scheduled story to Published, its time left as it was, kept it off
            # the site until then while the list said "Published", and nothing said so.
            messages.warning(
                request,
                f"Readers will see this article from {times.label(obj.published_at)}, its "
                "Published at, not now. To publish it now, set Published at to now.",
            )


NEEDS_PUBLISH_PERMISSION = (
    "Publishing, scheduling or unpublishing an article, or moving its publication time, needs "
    "the \u201cCan publish articles\u201d permission: save it as a draft and ask an editor who has it."
)


def _draft_only_clean(form: forms.ModelForm[Article]) -> dict[str, Any]:
    """The form of a user without `articles.publish_article`: drafts only. Without it the
    permission was defined but never checked, so anyone who could edit could publish."""
    cleaned: dict[str, Any] = super(type(form), form).clean()  # type: ignore[misc]
    stored = Article.objects.filter(pk=form.instance.pk).first() if form.instance.pk else None
    status = cleaned.get("status", stored.status if stored else Article.Status.DRAFT)
    was = stored.status if stored else Article.Status.DRAFT
    moved = (
        stored is not None
        and was != Article.Status.DRAFT
        and "published_at" in cleaned
        and cleaned["published_at"] != stored.published_at
    )
    if status != was or (status != Article.Status.DRAFT and stored is None) or moved:
        form.add_error("status" if not moved else "published_at", NEEDS_PUBLISH_PERMISSION)
    return cleaned
