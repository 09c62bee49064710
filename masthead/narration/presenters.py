"""What the page, the status endpoint and JSON-LD say about an article's narration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse

from masthead.articles.models import Article
from masthead.narration.models import Narration


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def json_ld_audio(article: Article, absolute: Callable[[str], str]) -> dict[str, Any]:
    """The articles app's JSON-LD hook (`register_extra`): adds `audio` once there is audio."""
    audio = audio_object(article, absolute)
    return {"audio": audio} if audio else {}


def clock(seconds: float) -> str:
    """125.4 -> "2:05"; 3725 -> "1:02:05"."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def iso_duration(seconds: float) -> str:
    total = int(round(seconds))
    minutes, secs = divmod(total, 60)
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def audio_url(article: Article, narration: Narration) -> str:
    return reverse("narration:audio", args=[article.slug]) + f"?v={narration.audio_hash[:16]}"


def narration_state(article: Article, user: Any = None) -> dict[str, Any]:
    """Everything the player needs; editors also get the failure reason and regenerate."""
    narration = Narration.objects.filter(article=article).first()
    editor = bool(user is not None and user.has_perm("narration.change_narration"))
    state: dict[str, Any] = {
        "status": "none",
        "has_audio": False,
        "progress": 0,
        "status_url": reverse("narration:status", args=[article.slug]),
        "can_regenerate": editor,
    }
    if editor:
        state["regenerate_url"] = reverse("narration:regenerate", args=[article.slug])
    if narration is None:
        return state
    state["status"] = narration.shown_status
    state["progress"] = narration.progress
    state["segments_url"] = reverse("narration:segments", args=[article.slug])
    if editor:
        state["reason"] = narration.shown_reason
        state["attempts"] = narration.attempts
        state["segments_synthesised"] = narration.segments_synthesised
        state["segments_total"] = narration.segments_total
    path = narration.audio_path
    if path is not None and path.is_file():
        state.update(
            {
                "has_audio": True,
                "audio_url": audio_url(article, narration),
                "download_url": reverse("narration:audio", args=[article.slug]) + "?download=1",
                "timings_url": reverse("narration:timings", args=[article.slug])
                + f"?v={narration.audio_hash[:16]}",
                "duration": narration.duration,
                "duration_label": clock(narration.duration),
                "minutes": max(1, round(narration.duration / 60)),
                "size": narration.size,
                "is_current": narration.source_hash == article.content_hash,
                "version": narration.audio_hash[:16],
            }
        )
    return state


def segments_state(article: Article, user: Any = None, after: int = 0) -> dict[str, Any]:
    """`narration_state`, plus, while an article without audio is being narrated, the parts
    ready so far (progressive playback) and the sentences with the times known so far.

    Incremental: with `after` = n (the parts the player already has) only the parts after the
    n-th are listed (`parts_from` = n) and only the sentences they time (`sentences_from` is the
    index of the first one sent); `parts_ready` is how many parts are ready in all. A player that
    asks for more parts than are listed (the narration started again) gets them all from the
    first (`parts_from` 0) with every sentence."""
    state = narration_state(article, user)
    state["complete"] = bool(state["has_audio"])
    state["parts"] = []
    if state["has_audio"] or state["status"] != "generating":
        return state
    narration = Narration.objects.filter(article=article).first()
    partial = (narration.partial if narration else None) or {}
    ready = list(partial.get("parts", []))
    sentences = list(partial.get("sentences", []))
    start = after if 0 <= after <= len(ready) else 0
    new = ready[start:]
    state["parts"] = [
        {
            "url": reverse("narration:part", args=[article.slug, part["key"]]),
            "start": part["start"],
            "duration": part["duration"],
        }
        for part in new
    ]
    state["parts_from"] = start
    state["parts_ready"] = len(ready)
    state["parts_total"] = partial.get("parts_total", 0)
    state["duration_ready"] = partial.get("duration_ready", 0.0)
    state["sentences_total"] = len(sentences)
    spans = [part.get("sentences") for part in new]
    if start == 0 or not all(spans):
        state["sentences_from"], state["sentences"] = 0, sentences  # the whole script
    elif new:
        first, end = spans[0][0], spans[-1][1]
        state["sentences_from"], state["sentences"] = first, sentences[first:end]
    else:
        state["sentences_from"], state["sentences"] = len(sentences), []  # nothing new yet
    return state


def audio_object(
    article: Article, absolute: Callable[[str], str] | None = None
) -> dict[str, Any] | None:
    """schema.org AudioObject for the article's JSON-LD `audio` property (None: no audio yet)."""
    narration = Narration.objects.filter(article=article).first()
    path = narration.audio_path if narration else None
    if narration is None or path is None or not path.is_file():
        return None
    return {
        "@type": "AudioObject",
        "name": f"Listen to article: {article.headline}",
        "contentUrl": (absolute or _absolute)(audio_url(article, narration)),
        "encodingFormat": "audio/mpeg",
        "duration": iso_duration(narration.duration),
        "contentSize": str(narration.size),
        "uploadDate": (
            narration.rendered_at or narration.finished_at or article.updated_at
        ).isoformat(),
        "inLanguage": "en",
    }
