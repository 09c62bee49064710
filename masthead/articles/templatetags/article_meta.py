"""Template tags for an article page's metadata: JSON-LD, Open Graph, Twitter cards."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from masthead.articles import structured_data
from masthead.articles.models import Article

register = template.Library()


@register.simple_tag
def article_json_ld(article: Article) -> SafeString:
    payload = structured_data.to_script_json(structured_data.news_article(article))
    # to_script_json escapes <, > and &, so the payload cannot end the element early.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag
def article_social_meta(article: Article) -> SafeString:
    return format_html_join(
        "\n", '<meta {}="{}" content="{}">', structured_data.open_graph(article)
    )


@register.simple_tag
def absolute_url(path: str) -> str:
    return structured_data.absolute_url(path)
