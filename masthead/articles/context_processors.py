from __future__ import annotations

import math
from datetime import datetime

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from masthead.articles.models import Article, Section

NAV_CACHE_KEY = "articles:nav-sections"
NAV_CACHE_SECONDS = 300


def _sections_with_news() -> list[dict[str, str]]:
    sections = Section.objects.filter(articles__in=Article.objects.live()).distinct()
    return [{"name": s.name, "slug": s.slug, "url": s.get_absolute_url()} for s in sections]


def nav_sections() -> list[dict[str, str]]:
    """Every page shows the section list: cached, so it costs no query on most requests.

    Kept under the page cache's versions of the site and of the list pages, which every
    article change and every section or tag change moves, and only until the next story due
    to go live (it may be the first live story of its section). So the menu is never older
    than a page built around it: before 2026-11-30 it was kept for NAV_CACHE_SECONDS whatever
    happened, and a page rebuilt meanwhile was cached with the stale menu."""
    from masthead.articles.feeds import next_going_live
    from masthead.core import pagecache

    site_version, lists_version = pagecache.versions(pagecache.LISTS)
    key = f"{NAV_CACHE_KEY}:{site_version}:{lists_version}"
    now = timezone.now()
    kept: tuple[datetime | None, list[dict[str, str]]] | None = cache.get(key)
    if kept is not None and (kept[0] is None or now < kept[0]):
        return kept[1]
    sections = _sections_with_news()
    due = next_going_live(now)
    seconds = NAV_CACHE_SECONDS
    if due is not None:  # the entry is refused from `due` on; the cache may drop it sooner
        seconds = max(1, min(seconds, math.ceil((due - now).total_seconds())))
    cache.set(key, (due, sections), seconds)
    return sections


def sections(request: HttpRequest) -> dict[str, object]:
    """`nav_sections` for the header; looked up only by a page that shows it."""
    return {"nav_sections": SimpleLazyObject(nav_sections)}
