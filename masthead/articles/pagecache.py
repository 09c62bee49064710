"""Which article pages the page cache may keep, and what makes them stale (core.pagecache)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from masthead.core import feeds, pagecache


def article_id_for(kwargs: dict[str, Any]) -> int | None:
    from masthead.articles.models import Article

    pk: int | None = (
        Article.objects.filter(slug=kwargs.get("slug", "")).values_list("pk", flat=True).first()
    )
    return pk


def _next_story_due(kwargs: dict[str, Any], after: datetime) -> datetime | None:
    """When the front page (or the section page of kwargs["slug"]) next changes by the clock
    alone: a story scheduled to go live in it."""
    from masthead.articles.feeds import next_going_live

    return next_going_live(after, kwargs.get("slug"))


def _name(slug: str) -> str:
    return f"article:{slug}"


def page_name(kwargs: dict[str, Any]) -> str:
    return _name(kwargs.get("slug", ""))


def names_of(article_id: int) -> list[str]:
    from masthead.articles.models import Article

    return [
        _name(slug) for slug in Article.objects.filter(pk=article_id).values_list("slug", flat=True)
    ]


def _slug_leaves(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A rename: the old address now leads nowhere, or later to another article."""
    if kwargs.get("raw") or instance.pk is None:
        return
    before = type(instance).objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if before is not None and before != instance.slug:
        pagecache.bump_name(_name(before))


def _article_gone(sender: Any, instance: Any, **kwargs: Any) -> None:
    # The row is gone: names_of() finds no slug to bump.
    pagecache.bump_name(_name(instance.slug))


def register() -> None:
    from django.db.models.signals import post_delete, pre_save

    # The front and section pages list stories with their photo, standfirst and comment count:
    # kept under the version every article's bump moves (and the site's: section names, tags,
    # display names), only until the next story due to go live in them. Since 2026-11-30.
    pagecache.cache_list_route("articles:front", _next_story_due)
    pagecache.cache_list_route("articles:section", _next_story_due)
    # The comments section under the story reads ?sort= (comments_tags.comments_section);
    # the comments app says which values it knows (comments.pagecache).
    pagecache.cache_route("articles:detail", article_id_for, params=("sort",))
    # Kept under the slug's version, so a hit needs no query for the slug's id (perf,
    # 2026-11-30); a rename and a deletion bump the slug the article had.
    pagecache.name_route("articles:detail", page_name, names_of)
    pre_save.connect(_slug_leaves, sender="articles.Article", dispatch_uid="pagecache:slug-leaves")
    post_delete.connect(
        _article_gone, sender="articles.Article", dispatch_uid="pagecache:article-gone"
    )
    pagecache.watch("articles.Article", lambda article: article.pk)
    pagecache.watch("articles.Correction", lambda correction: correction.article_id)
    # Section names and tags appear on many pages: a change makes the whole site stale.
    pagecache.watch("articles.Section", lambda _section: None)
    pagecache.watch("articles.Tag", lambda _tag: None)
    # The feeds list articles with their section and tags (articles.feeds), and each entry's
    # time of update, which a correction moves (add_correction).
    for model in ("articles.Article", "articles.Correction", "articles.Section", "articles.Tag"):
        feeds.watch_feeds(model)
