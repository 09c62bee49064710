from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from masthead.articles.models import Article
from masthead.narration.presenters import audio_object, narration_state

register = template.Library()


@register.inclusion_tag("narration/player.html", takes_context=True)
def narration_player(context: template.Context, article: Article) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "article": article,
        "narration": narration_state(article, user),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def narration_audio_object(article: Article) -> dict[str, Any] | None:
    """The AudioObject dict, for the articles app's JSON-LD (`audio` property)."""
    return audio_object(article)


@register.simple_tag
def narration_audio_json(article: Article) -> SafeString:
    """The AudioObject as JSON safe to put inside <script type="application/ld+json">."""
    value = audio_object(article)
    text = json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above for a script element
