"""RSS 2.0 and Atom feeds: the latest live articles, site-wide and per section.

Every address in them names MASTHEAD_SITE_URL (docs/operations.md), not the host the request
was sent to: a feed fetched through an internal name or over the proxy's plain-HTTP hop would
otherwise hand readers links they cannot follow.

Each feed is kept whole in the page cache until an article, section or tag changes (they are
watched in `articles.pagecache`) or until the next article due to go live by the clock does
(`changes_by_itself_at`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from masthead.articles.models import Article, Section
from masthead.core.feeds import (
    Atom1Feed,
    CachedFeedMixin,
    ConditionalFeedMixin,
    Rss201rev2Feed,
)

FEED_SIZE = 30


def latest(section: Section | None = None) -> QuerySet[Article]:
    articles = Article.objects.live().select_related("section").prefetch_related("tags")
    if section is not None:
        articles = articles.filter(section=section)
    return articles.order_by("-published_at", "-id")[:FEED_SIZE]


def next_going_live(after: datetime, section_slug: str | None = None) -> datetime | None:
    """The publication time, later than `after`, of the next article that becomes live by the
    clock alone (scheduled, or published with a time ahead): `live()` lets it in then."""
    due = Article.objects.filter(
        status__in=(Article.Status.PUBLISHED, Article.Status.SCHEDULED), published_at__gt=after
    )
    if section_slug is not None:
        due = due.filter(section__slug=section_slug)
    first: datetime | None = (
        due.order_by("published_at").values_list("published_at", flat=True).first()
    )
    return first


class _ArticleItems(ConditionalFeedMixin, CachedFeedMixin, Feed):  # type: ignore[type-arg]
    """How an article reads as a feed item, whichever feed it is in."""

    item_guid_is_permalink = False

    def changes_by_itself_at(self, after: datetime, kwargs: Mapping[str, Any]) -> datetime | None:
        return next_going_live(after, kwargs.get("slug"))

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        # Feed readers read a description (RSS) and an html summary (Atom) as HTML, and the
        # article's text is plain text: a '<' in it is escaped once more, shown, never run.
        return escape(item.standfirst or (item.blocks[0].text if item.blocks else ""))

    def item_link(self, item: Article) -> str:
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    def item_guid(self, item: Article) -> str:
        # Stable when the slug changes; not a link, hence item_guid_is_permalink = False.
        return f"{settings.SITE_URL}/articles/{item.pk}"

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime | None:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.byline or item.source or settings.SITE_NAME

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name, *(tag.name for tag in item.tags.all())]


class LatestArticlesFeed(_ArticleItems):
    feed_type = Rss201rev2Feed

    def title(self) -> str:
        return settings.SITE_NAME

    def link(self) -> str:
        return f"{settings.SITE_URL}{reverse('articles:front')}"

    def feed_url(self) -> str:
        return f"{settings.SITE_URL}{reverse('articles:feed-rss')}"

    def description(self) -> str:
        return f"The latest news from {settings.SITE_NAME}"

    def items(self) -> QuerySet[Article]:
        return latest()


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def feed_url(self) -> str:
        return f"{settings.SITE_URL}{reverse('articles:feed-atom')}"

    def subtitle(self) -> str:
        return self.description()


class SectionFeed(_ArticleItems):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Section:
        return get_object_or_404(Section, slug=kwargs["slug"])

    def title(self, obj: Section) -> str:
        return f"{obj.name} · {settings.SITE_NAME}"

    def link(self, obj: Section) -> str:
        return f"{settings.SITE_URL}{obj.get_absolute_url()}"

    def feed_url(self, obj: Section) -> str:
        return f"{settings.SITE_URL}{reverse('articles:section-feed-rss', args=[obj.slug])}"

    def description(self, obj: Section) -> str:
        return obj.description or f"{obj.name} news from {settings.SITE_NAME}"

    def items(self, obj: Section) -> QuerySet[Article]:
        return latest(obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def feed_url(self, obj: Section) -> str:
        return f"{settings.SITE_URL}{reverse('articles:section-feed-atom', args=[obj.slug])}"

    def subtitle(self, obj: Section) -> str:
        return self.description(obj)
