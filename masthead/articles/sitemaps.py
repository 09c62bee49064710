"""sitemap.xml (every live article and section) and a Google News sitemap (the last two days).

Their addresses name MASTHEAD_SITE_URL (docs/operations.md), not the host and scheme a request
came with (an internal name, or http:// on the proxy's plain-HTTP hop)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from masthead.articles.models import Article, Section


class _AtSiteUrl:
    def get_protocol(self, protocol: Any = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: Any = None) -> str:
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path


class ArticleSitemap(_AtSiteUrl, Sitemap[Article]):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> QuerySet[Article]:
        return Article.objects.live().order_by("-published_at", "-id")

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at


class SectionSitemap(_AtSiteUrl, Sitemap[Section]):
    changefreq = "hourly"
    priority = 0.6

    def items(self) -> QuerySet[Section]:
        return Section.objects.filter(articles__in=Article.objects.live()).distinct()


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap}
