"""schema.org `NewsArticle` for an article page (JSON-LD), and its Open Graph twin.

Other features add to the JSON-LD without articles knowing them: an app's AppConfig.ready()
calls `register_extra(fn)`, where `fn(article, absolute)` returns a dict merged into the
NewsArticle (narration adds `audio` that way). `absolute(path)` makes a URL absolute.
A failing extra is logged and skipped: a page never breaks for its metadata.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import to_locale

from masthead.articles.body import Block, plain_text
from masthead.articles.models import Article

logger = logging.getLogger(__name__)

Absolute = Callable[[str], str]
Extra = Callable[[Article, Absolute], dict[str, Any]]
_EXTRAS: list[Extra] = []

# The CSS selectors of what a voice assistant should read: the headline and the standfirst.
SPEAKABLE_SELECTORS = [".article__headline", ".article__standfirst"]
LOGO_PATH = "img/logo.png"
LOGO_SIZE = (600, 60)


def register_extra(fn: Extra) -> Extra:
    """Add `fn(article, absolute) -> dict` to every NewsArticle; usable as a decorator."""
    if fn not in _EXTRAS:
        _EXTRAS.append(fn)
    return fn


def unregister_extra(fn: Extra) -> None:
    if fn in _EXTRAS:
        _EXTRAS.remove(fn)


def absolute_url(path: str) -> str:
    if re.match(r"^https?://", path):
        return path
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def _people(byline: str) -> list[str]:
    names = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", byline)
    return [name.strip() for name in names if name.strip()]


def article_body(blocks: tuple[Block, ...] | list[Block]) -> str:
    """The body as the page shows it, for `articleBody`: every block's text, and under a quote
    its attribution on a line of its own (the page's <footer>). Until 2026-11-30 the
    attribution was left out, so the JSON-LD quoted words without saying whose they were."""
    parts = []
    for block in blocks:
        if block.kind == "quote" and block.attribution:
            parts.append(f"{block.text}\n{block.attribution}")
        else:
            parts.append(block.text)
    return "\n\n".join(parts)


def publisher() -> dict[str, Any]:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL + "/",
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static(LOGO_PATH)),
            "width": LOGO_SIZE[0],
            "height": LOGO_SIZE[1],
        },
    }


def news_article(
    article: Article, *, extra: dict[str, Any] | None = None, absolute: Absolute = absolute_url
) -> dict[str, Any]:
    url = absolute(article.get_absolute_url())
    body = article_body(article.blocks)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.standfirst,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "articleSection": article.section.name,
        "inLanguage": to_locale(settings.LANGUAGE_CODE).replace("_", "-"),
        "isAccessibleForFree": True,
        # Counted in the text given as articleBody, so the two agree (attributions included).
        "wordCount": len(body.split()),
        "articleBody": body,
        "publisher": publisher(),
        "speakable": {"@type": "SpeakableSpecification", "cssSelector": SPEAKABLE_SELECTORS},
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    modified = article.updated_at or article.published_at
    if modified:
        if article.published_at and modified < article.published_at:
            modified = article.published_at  # scheduled before it went live
        data["dateModified"] = modified.isoformat()
    if article.byline:
        data["author"] = [{"@type": "Person", "name": name} for name in _people(article.byline)]
    elif article.source:
        data["author"] = [{"@type": "Organization", "name": article.source}]
    else:
        data["author"] = [{"@type": "Organization", "name": settings.SITE_NAME}]
    if article.source and article.byline:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.source}
    if article.photo:
        image: dict[str, Any] = {"@type": "ImageObject", "url": absolute(article.photo.url)}
        if article.photo_width and article.photo_height:
            image["width"], image["height"] = article.photo_width, article.photo_height
        if article.photo_caption:
            image["caption"] = article.photo_caption
        if article.photo_credit:
            image["creditText"] = article.photo_credit
        data["image"] = [image]
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        data["keywords"] = tags
    for fn in list(_EXTRAS):
        try:
            data.update(fn(article, absolute))
        except Exception:
            logger.exception("structured data extra %r failed for article %s", fn, article.pk)
    if extra:
        data.update(extra)
    return data


_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def to_script_json(data: dict[str, Any]) -> str:
    """JSON that cannot close its <script> element: <, > and & are escaped as \\u00XX."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)


def open_graph(article: Article, absolute: Absolute = absolute_url) -> list[tuple[str, str, str]]:
    """(attribute, name, content) triples for Open Graph and Twitter card <meta> tags."""
    url = absolute(article.get_absolute_url())
    description = article.standfirst or plain_text(article.blocks[:1])
    tags: list[tuple[str, str, str]] = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", settings.SITE_NAME),
        ("property", "og:title", article.headline),
        ("property", "og:description", description[:300]),
        ("property", "og:url", url),
        ("property", "og:locale", to_locale(settings.LANGUAGE_CODE)),
        ("property", "article:section", article.section.name),
    ]
    if article.published_at:
        tags.append(("property", "article:published_time", article.published_at.isoformat()))
    if article.updated_at:
        tags.append(("property", "article:modified_time", article.updated_at.isoformat()))
    tags += [("property", "article:tag", tag.name) for tag in article.tags.all()]
    tags += [
        ("name", "twitter:card", "summary_large_image" if article.photo else "summary"),
        ("name", "twitter:title", article.headline),
        ("name", "twitter:description", description[:200]),
    ]
    if article.photo:
        image = absolute(article.photo.url)
        alt = article.photo_alt or article.photo_caption
        tags += [("property", "og:image", image)]
        if article.photo_width and article.photo_height:
            tags += [
                ("property", "og:image:width", str(article.photo_width)),
                ("property", "og:image:height", str(article.photo_height)),
            ]
        if alt:
            tags += [("property", "og:image:alt", alt), ("name", "twitter:image:alt", alt)]
        tags += [("name", "twitter:image", image)]
    return tags
