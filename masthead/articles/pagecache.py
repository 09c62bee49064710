"""Which article pages the page cache may keep, and what makes them stale (core.pagecache)."""

from __future__ import annotations

from typing import Any

from masthead.core import feeds, pagecache


def article_id_for(kwargs: dict[str, Any]) -> int | None:
    from masthead.articles.models import Article

    pk: int | None = (
        Article.objects.filter(slug=kwargs.get("slug", "")).values_list("pk", flat=True).first()
    )
    return pk


def register() -> None:
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
