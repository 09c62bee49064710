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


def register() -> None:
    # The front and section pages list stories with their photo, standfirst and comment count:
    # kept under the version every article's bump moves (and the site's: section names, tags,
    # display names), only until the next story due to go live in them. Since 2026-11-30.
    pagecache.cache_list_route("articles:front", _next_story_due)
    pagecache.cache_list_route("articles:section", _next_story_due)
    # The comments section under the story reads ?sort= (comments_tags.comments_section);
    # the comments app says which values it knows (comments.pagecache).
    pagecache.cache_route("articles:detail", article_id_for, params=("sort",))
    pagecache.watch("articles.Article", lambda article: article.pk)
    pagecache.watch("articles.Correction", lambda correction: correction.article_id)
    # Section names and tags appear on many pages: a change makes the whole site stale.
    pagecache.watch("articles.Section", lambda _section: None)
    pagecache.watch("articles.Tag", lambda _tag: None)
    # The feeds list articles with their section and tags (articles.feeds), and each entry's
    # time of update, which a correction moves (add_correction).
    for model in ("articles.Article", "articles.Correction", "articles.Section", "articles.Tag"):
        feeds.watch_feeds(model)
