from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from masthead.articles.models import Article, Section


def _sections_with_news() -> list[Section]:
    return list(Section.objects.filter(articles__in=Article.objects.live()).distinct())


def sections(request: HttpRequest) -> dict[str, object]:
    """`nav_sections` for the header; queried only by a page that shows it."""
    return {"nav_sections": SimpleLazyObject(_sections_with_news)}
