"""The podcast: narrated articles as an RSS 2.0 feed with iTunes tags and MP3 enclosures.

Every address in it names MASTHEAD_SITE_URL, as the articles' feeds do, not the host the
request was sent to (an internal name, or http:// behind a TLS proxy).

The feed is kept whole in the page cache (`core.feeds.CachedFeedMixin`) under the version of
all feeds, which articles, sections, tags and corrections bump (`articles.pagecache`), and the
podcast's own, which every save or deletion of a narration bumps (`register`, called from
`narration.pagecache` when the app is ready, so in task workers too, where narrations finish):
a narration made or made again, withdrawn audio, an article edited, unpublished or deleted show
at once in every process sharing the cache. A narrated article scheduled to go live by the
clock alone ends the copy's life then (`changes_by_itself_at`)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape

from masthead.articles.models import Article
from masthead.core.feeds import (
    CachedFeedMixin,
    ConditionalFeedMixin,
    Rss201rev2Feed,
    watch_feeds,
)
from masthead.narration.models import Narration
from masthead.narration.presenters import audio_url, clock

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# The podcast's own feed version (core.feeds): narrations bump it, not the articles' feeds.
PODCAST = "podcast"


def register() -> None:
    """Every narration saved or deleted makes the cached podcast stale. Progress updates
    (`actions.record_progress`, a queryset update) send no signal, and the feed shows none of
    what they change."""
    watch_feeds("narration.Narration", PODCAST)


def next_narrated_going_live(after: datetime) -> datetime | None:
    """The publication time, later than `after`, of the next article with audio that becomes
    live by the clock alone (scheduled, or published with a time ahead): narrated while it
    waits (`actions.article_changed`), it joins the podcast then with no row saved."""
    first: datetime | None = (
        Narration.objects.exclude(audio="")
        .filter(
            article__status__in=(Article.Status.PUBLISHED, Article.Status.SCHEDULED),
            article__published_at__gt=after,
        )
        .order_by("article__published_at")
        .values_list("article__published_at", flat=True)
        .first()
    )
    return first


class PodcastFeedType(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self) -> dict[str, str]:
        attributes = super().rss_attributes()
        attributes["xmlns:itunes"] = ITUNES
        return attributes

    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(handler)
        handler.addQuickElement("itunes:author", settings.SITE_NAME)
        handler.addQuickElement("itunes:summary", self.feed["description"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", settings.SITE_NAME)
        handler.endElement("itunes:owner")
        handler.addQuickElement("itunes:category", "", {"text": "News"})

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", item["itunes_duration"])
        # iTunes reads its summary as plain text: the standfirst itself, not the description's
        # HTML escaping of it.
        handler.addQuickElement("itunes:summary", html.unescape(item["description"] or ""))
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:episodeType", "full")


class PodcastFeed(ConditionalFeedMixin, CachedFeedMixin, Feed[Narration, None]):
    feed_type = PodcastFeedType
    feed_groups = (PODCAST,)

    def changes_by_itself_at(self, after: datetime, kwargs: Mapping[str, Any]) -> datetime | None:
        return next_narrated_going_live(after)

    def link(self) -> str:
        return f"{settings.SITE_URL}{reverse('articles:front')}"

    def feed_url(self) -> str:
        return f"{settings.SITE_URL}{reverse('narration:podcast')}"

    def title(self) -> str:
        return f"{settings.SITE_NAME}: listen to the news"

    def description(self) -> str:
        return f"Articles from {settings.SITE_NAME}, read aloud."

    def items(self) -> list[Narration]:
        narrations = (
            Narration.objects.filter(article__in=Article.objects.live())
            .exclude(audio="")
            .select_related("article")
            .order_by("-article__published_at")[:50]
        )
        return [  # audio withdrawn after an edit (not current) is not offered
            n
            for n in narrations
            if n.audio_path is not None and n.audio_path.is_file() and n.is_current
        ]

    def item_title(self, item: Narration) -> str:
        return item.article.headline

    def item_description(self, item: Narration) -> str:
        # Podcast apps and feed readers read the description as HTML; the standfirst is plain
        # text, so a '<' in it is escaped once more: shown, never run.
        return escape(item.article.standfirst)

    def item_link(self, item: Narration) -> str:
        return f"{settings.SITE_URL}{item.article.get_absolute_url()}"

    def item_guid(self, item: Narration) -> str:
        return f"{settings.SITE_URL}{item.article.get_absolute_url()}#audio-{item.audio_hash[:16]}"

    def item_guid_is_permalink(self, item: Narration) -> bool:
        return False

    def item_pubdate(self, item: Narration) -> Any:
        return item.article.published_at

    def item_updateddate(self, item: Narration) -> Any:
        return item.rendered_at

    def item_enclosures(self, item: Narration) -> list[Enclosure]:
        url = settings.SITE_URL + audio_url(item.article, item)
        return [Enclosure(url, str(item.size), "audio/mpeg")]

    def item_extra_kwargs(self, item: Narration) -> dict[str, Any]:
        return {"itunes_duration": clock(item.duration)}
