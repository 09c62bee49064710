from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from masthead.articles.models import Article, Section


def front_page(request: HttpRequest) -> HttpResponse:
    live = Article.objects.live().select_related("section")
    latest = list(live[:5])
    sections = []
    for section in Section.objects.all():
        articles = list(live.filter(section=section)[:4])
        if articles:
            sections.append((section, articles))
    return render(request, "articles/front.html", {"latest": latest, "sections": sections})


def section_page(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.live().filter(section=section).select_related("section")[:50]
    return render(request, "articles/section.html", {"section": section, "articles": articles})


def article_page(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("section"), slug=slug)
    if not article.is_live and not request.user.has_perm("articles.change_article"):
        raise Http404("No such article")
    return render(request, "articles/article.html", {"article": article, "blocks": article.blocks})
