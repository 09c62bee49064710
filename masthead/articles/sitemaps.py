"""sitemap.xml (every live article and section) and a Google News sitemap (the last two days).

Their addresses name MASTHEAD_SITE_URL (docs/operations.md), not the host and scheme a request
came with (an internal name, or http:// on the proxy's plain-HTTP hop).

Their times are W3C datetimes to the second with the newsroom's offset (`w3c_datetime`, the
same text as a page's `<time datetime>`, core.timestamps.machine): an article's `<lastmod>`
says when in the day it changed, which the sitemap protocol allows and Django's own template
leaves out (it writes the day alone). articles/urls.py therefore passes
template_name="articles/sitemap.xml" to the sitemap view; the filter is
`{% load sitemap_times %}`."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.utils import timezone

from masthead.articles.models import Article, Section
from masthead.core import times, timestamps


def w3c_datetime(moment: datetime) -> str:
    """2026-11-30T14:05:00+00:00: `moment` in the newsroom's zone, to the second, with its
    offset (a W3C datetime, as the sitemap protocol and Google News ask for). A naive moment
    is read in the newsroom's zone."""
    zone = times.newsroom_zone()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, zone)
    return timestamps.machine(moment, zone)


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
