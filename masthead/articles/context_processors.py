from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from masthead.articles.models import Article, Section

NAV_CACHE_KEY = "articles:nav-sections"
NAV_CACHE_SECONDS = 300


def _sections_with_news() -> list[dict[str, str]]:
    sections = Section.objects.filter(articles__in=Article.objects.live()).distinct()
    return [{"name": s.name, "slug": s.slug, "url": s.get_absolute_url()} for s in sections]


def nav_sections() -> list[dict[str, str]]:
    # Every page shows the section list: cached, and dropped whenever an article changes
    # (actions.py), so it costs no query on most requests. A renamed section shows within
    # NAV_CACHE_SECONDS.
    cached: list[dict[str, str]] = cache.get_or_set(
        NAV_CACHE_KEY, _sections_with_news, NAV_CACHE_SECONDS
    )
    return cached


def sections(request: HttpRequest) -> dict[str, object]:
    """`nav_sections` for the header; looked up only by a page that shows it."""
    return {"nav_sections": SimpleLazyObject(nav_sections)}
