"""What the page, the status endpoint and JSON-LD say about an article's narration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse

from masthead.articles.models import Article
from masthead.articles.versions import stored_version
from masthead.narration.models import Narration, NarrationPart
from masthead.narration.readalong import audio_is_current


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def json_ld_audio(article: Article, absolute: Callable[[str], str]) -> dict[str, Any]:
    """The articles app's JSON-LD hook (`register_extra`): adds `audio` once there is audio."""
    audio = audio_object(article, absolute)
    return {"audio": audio} if audio else {}


def clock(seconds: float) -> str:
    """125.4 -> "2:05"; 89.6 -> "1:29"; 3725 -> "1:02:05". Whole seconds rounded down, as
    media players count and as the page's player (narration/player.js, `clock`) shows the
    same file's length: the page without JavaScript said "1:30" where the player said "1:29"."""
    total = int(max(seconds, 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def iso_duration(seconds: float) -> str:
    total = int(round(seconds))
    minutes, secs = divmod(total, 60)
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def parts_summary(synthesised: int, total: int) -> str:
    """What the last render did, in words ("7 parts, all reused from the cache"). The bare
    "synthesised 0 of 7 parts" was true after a regenerate that found every part in the cache,
    but read as if nothing had been made."""
    if total <= 0:
        return ""
    synthesised = min(max(synthesised, 0), total)
    reused = total - synthesised
    if total == 1:
        return "1 part, " + ("synthesised" if synthesised else "reused from the cache")
    if reused == 0:
        return f"{total} parts, all synthesised"
    if synthesised == 0:
        return f"{total} parts, all reused from the cache"
    return f"{total} parts: {synthesised} synthesised, {reused} reused from the cache"


def audio_url(article: Article, narration: Narration) -> str:
    return reverse("narration:audio", args=[article.slug]) + f"?v={narration.audio_hash[:16]}"


def _narration(article: Article) -> Narration | None:
    """The article's narration without its two JSON fields (the script's sentences while
    generating, the last render's timings): what the status and the polls need."""
    return Narration.objects.filter(article=article).defer("partial", "timings").first()


def narration_state(article: Article, user: Any = None) -> dict[str, Any]:
    """Everything the player needs; editors also get the failure reason and regenerate, and
    those who may change the article its version (`articles.versions`): a page open while
    someone saves the article elsewhere learns it from its status polls (editor_status.js)."""
    state = _state(article, user, _narration(article))
    if user is not None and user.has_perm("articles.change_article"):
        state["article_version"] = stored_version(article.pk)
    return state


def _state(article: Article, user: Any, narration: Narration | None) -> dict[str, Any]:
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
        state["parts_summary"] = parts_summary(
            narration.segments_synthesised, narration.segments_total
        )
    path = narration.audio_path
    if path is None or not path.is_file():
        return state
    if not audio_is_current(narration, article):
        # Audio of text the article no longer has (an edit, or the body parser reads it
        # differently now: `readalong`): withdrawn from readers until the new narration is
        # ready (`views.audio` answers 410). `outdated` tells the player why
        # there is none: "being updated" while queued or generating, "not available" otherwise.
        state["outdated"] = True
        state["is_current"] = False
        return state
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
            "is_current": True,
            "version": narration.audio_hash[:16],
        }
    )
    return state


def segments_state(article: Article, user: Any = None, after: int = 0) -> dict[str, Any]:
    """`narration_state`, plus, while an article without audio is being narrated, the parts
    ready so far (progressive playback) and the sentences with the times known so far.

    `run` numbers the narration's runs: it changes when the narration starts again (an edit,
    "regenerate", a retry), and the parts of an earlier run are gone.
    Incremental: with `after` = n (the parts the player already has) only the parts after the
    n-th are listed (`parts_from` = n) and only the sentences they time (`sentences_from` is the
    index of the first one sent); `parts_ready` is how many parts are ready in all. Such a poll
    reads those parts' rows and nothing else of the script. A player that asks for more parts
    than are ready (the narration started again) gets them all from the first (`parts_from` 0)
    with every sentence of the script (`sentences_total` of them), as the first ask does."""
    narration = _narration(article)
    state = _state(article, user, narration)
    state["complete"] = bool(state["has_audio"])
    state["parts"] = []
    if narration is None or state["has_audio"] or state["status"] != "generating":
        return state
    rows = NarrationPart.objects.filter(narration=narration).order_by("index")
    start, new, before = 0, [], None
    if after > 0:
        # the last part the player has (for the totals when nothing is new), then the newer
        recent = list(rows.filter(index__gte=after - 1))
        if recent and recent[0].index == after - 1:
            start, before, new = after, recent[0], recent[1:]
    if start == 0:
        new = list(rows)
    last = new[-1] if new else before
    state["run"] = narration.attempts
    state["parts"] = [
        {
            "url": reverse("narration:part", args=[article.slug, part.key]),
            "start": part.start,
            "duration": part.duration,
        }
        for part in new
    ]
    state["parts_from"] = start
    state["parts_ready"] = start + len(new)
    state["parts_total"] = narration.parts_planned
    state["duration_ready"] = round(last.start + last.duration, 3) if last else 0.0
    if start == 0:
        partial = Narration.objects.filter(pk=narration.pk).values_list("partial", flat=True)
        sentences = list((partial.first() or {}).get("sentences", []))
        for part in new:  # the times known so far
            sentences[part.first_sentence : part.end_sentence] = part.sentences
        state["sentences_from"], state["sentences"] = 0, sentences
        state["sentences_total"] = len(sentences)
    elif new:
        state["sentences_from"] = new[0].first_sentence
        state["sentences"] = [s for part in new for s in part.sentences]
    else:  # nothing new yet
        state["sentences_from"] = before.end_sentence if before else 0
        state["sentences"] = []
    return state


def audio_object(
    article: Article, absolute: Callable[[str], str] | None = None
) -> dict[str, Any] | None:
    """schema.org AudioObject for the article's JSON-LD `audio` property (None: no audio yet)."""
    narration = Narration.objects.filter(article=article).first()
    path = narration.audio_path if narration else None
    if narration is None or path is None or not path.is_file():
        return None
    if not audio_is_current(narration, article):
        return None  # withdrawn after an edit: its URL answers 410
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
