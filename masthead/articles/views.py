from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from masthead.articles.models import Article, OldSlug, Section


@require_safe
def front_page(request: HttpRequest) -> HttpResponse:
    live = Article.objects.live().select_related("section")
    latest = list(live[:5])
    sections = []
    for section in Section.objects.all():
        articles = list(live.filter(section=section)[:4])
        if articles:
            sections.append((section, articles))
    return render(request, "articles/front.html", {"latest": latest, "sections": sections})


@require_safe
def section_page(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.live().filter(section=section).select_related("section")[:50]
    return render(
        request,
        "articles/section.html",
        {"section": section, "articles": articles, "current_section_slug": section.slug},
    )


@require_safe
def article_page(request: HttpRequest, slug: str) -> HttpResponse:
    article = Article.objects.select_related("section").filter(slug=slug).first()
    if article is None:
        return _moved(request, slug)
    if not article.is_live and not request.user.has_perm("articles.change_article"):
        raise Http404("No such article")
    response = render(
        request,
        "articles/article.html",
        {
            "article": article,
            "blocks": article.blocks,
            "current_section_slug": article.section.slug,
        },
    )
    if not article.is_live:
        # A draft, an embargoed or withdrawn story, shown to its editors: no shared cache (a
        # proxy, a CDN) may keep it for the next visitor, as its audio and timings say too.
        response["Cache-Control"] = "private, no-store"
    return response


def _moved(request: HttpRequest, slug: str) -> HttpResponse:
    """An address the article had before its slug was changed (articles.actions.save_article
    keeps it): on to its address now, for whoever may see the article there."""
    old = OldSlug.objects.select_related("article").filter(slug=slug).first()
    if old is None or not (old.article.is_live or request.user.has_perm("articles.change_article")):
        raise Http404("No such article")
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponsePermanentRedirect(
        old.article.get_absolute_url() + (f"?{query}" if query else "")
    )
    # Browsers keep a 301 for as long as they are told: an hour's copy of "A moved to B" and the
    # slug put back to A (B now moving to A) would send a reader round in a loop.
    live = old.article.is_live
    response["Cache-Control"] = "public, max-age=60" if live else "private, no-store"
    return response


@require_safe
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News sitemap: articles published in the last two days (its rule), newest first."""
    since = timezone.now() - timedelta(days=2)
    articles = Article.objects.live().filter(published_at__gte=since).order_by("-published_at")
    return render(
        request,
        "articles/news_sitemap.xml",
        {"articles": articles[:1000], "language": settings.LANGUAGE_CODE.split("-")[0]},
        content_type="application/xml; charset=utf-8",
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    # Crawlers stay out of the staff's pages (the newsroom, the moderation workspace), the
    # readers' account pages and the JSON API; articles, sections, comments, feeds and
    # sitemaps stay open to them. /moderation/ and /api/ were not listed until 2026-11-30.
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /moderation/",
        "Disallow: /accounts/",
        "Disallow: /api/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        f"Sitemap: {settings.SITE_URL}/news-sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
