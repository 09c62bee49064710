"""Audio with HTTP Range (seeking), timings and status as JSON, the podcast feed, regenerate.

Audio is served by Django itself (one-machine set-up) with the headers a browser needs to seek
and cache: Accept-Ranges, Content-Range/206, a strong ETag (the file's SHA-256), Last-Modified
and Cache-Control (immutable when the URL names the file's version; shared caches keep it a
minute at most). Audio made from text the article no longer has (it was edited) is withdrawn:
410 Gone, not cached, until the new narration is ready.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from django.views.decorators.http import require_GET, require_POST, require_safe

from masthead.articles.models import Article
from masthead.core.polled import polled_json
from masthead.narration import actions
from masthead.narration.config import segment_cache
from masthead.narration.models import Narration, NarrationPart
from masthead.narration.presenters import narration_state, segments_state

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 64 * 1024


def _article(request: HttpRequest, slug: str) -> Article:
    article = get_object_or_404(Article, slug=slug)
    if not article.is_live and not request.user.has_perm("articles.change_article"):
        raise Http404("No such article")
    return article


# An article readers cannot see yet (a draft, an embargoed or withdrawn story) is served to
# its editors only: no shared cache (a proxy, a CDN) may keep its audio or its text's timings
# and hand them to the next visitor of the same URL.
NOT_LIVE_CACHE_CONTROL = "private, no-store"


# A shared cache may keep a public answer this long at most (whatever max-age says, which
# browsers follow): audio withdrawn after an edit (below) stops being handed out by a proxy or
# CDN in front of the site within a minute; after that it asks again (a 304 while unchanged).
SHARED_CACHE_SECONDS = 60


def _cache_control(article: Article, public: str) -> str:
    if not article.is_live:
        return NOT_LIVE_CACHE_CONTROL
    return f"{public}, s-maxage={SHARED_CACHE_SECONDS}"


def _withdrawn() -> HttpResponse:
    """The audio speaks text the article no longer has (an edit; the new narration is queued,
    being made, or failed): nobody is served it, from here or from a shared cache."""
    response = HttpResponse(
        "This audio was withdrawn: the article was edited since it was made.",
        status=410,
        content_type="text/plain; charset=utf-8",
    )
    response["Cache-Control"] = NOT_LIVE_CACHE_CONTROL
    return response


def _narration_with_audio(article: Article) -> tuple[Narration, Path]:
    """The narration and its file (Http404 without audio). Whether the audio still speaks the
    article's text is the caller's question (`Narration.is_current`)."""
    narration = (
        Narration.objects.filter(article=article).select_related("article").defer("partial").first()
    )
    path = narration.audio_path if narration else None
    if narration is None or path is None or not path.is_file():
        raise Http404("This article has no audio yet")
    return narration, path


def _file_range(path: Path, start: int, length: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(_CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


@require_safe
def audio(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article(request, slug)
    narration, path = _narration_with_audio(article)
    if not narration.is_current:
        return _withdrawn()
    versioned = request.GET.get("v") == narration.audio_hash[:16]
    return _serve_mp3(
        request,
        path,
        etag=f'"{narration.audio_hash}"',
        cache_control=_cache_control(
            article,
            "public, max-age=31536000, immutable" if versioned else "public, max-age=300",
        ),
        filename=f"{article.slug}.mp3" if request.GET.get("download") else "",
    )


_PART_KEY = re.compile(r"^[0-9a-f]{64}$")


@require_safe
def part(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """One part of a narration still being generated (progressive playback). Only parts the
    article's current narration lists are served; the URL names the content (its cache key)."""
    article = _article(request, slug)
    listed = NarrationPart.objects.filter(narration__article=article, key=key)
    if not _PART_KEY.match(key) or not listed.exists():
        raise Http404("No such part")
    path = segment_cache().piece_path(key)
    if path is None:
        raise Http404("No such part")
    return _serve_mp3(
        request,
        path,
        etag=f'"p-{key}"',
        cache_control=_cache_control(article, "public, max-age=31536000, immutable"),
    )


def _serve_mp3(
    request: HttpRequest, path: Path, etag: str, cache_control: str, filename: str = ""
) -> HttpResponse:
    """An MP3 file with Range requests (206, 416), a strong ETag and conditional GET."""
    size = path.stat().st_size
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Last-Modified": http_date(path.stat().st_mtime),
        "Cache-Control": cache_control,
        "X-Content-Type-Options": "nosniff",
    }
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
        for name, value in headers.items():
            response[name] = value
        return response

    header = request.headers.get("Range", "").strip()
    if_range = request.headers.get("If-Range", "").strip()
    span = _parse_range(header, size) if header and (not if_range or if_range == etag) else None
    if span == "unsatisfiable":
        return _unsatisfiable(size, headers)
    if isinstance(span, tuple):
        start, end = span
        length = end - start + 1
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    if request.method == "HEAD":
        # what GET would answer, without the file (a podcast app checking an enclosure)
        response = HttpResponse(status=206 if isinstance(span, tuple) else 200)
        response["Content-Type"] = "audio/mpeg"
        response["Content-Length"] = str(length if isinstance(span, tuple) else size)
    elif isinstance(span, tuple):
        response = StreamingHttpResponse(
            _file_range(path, start, length), status=206, content_type="audio/mpeg"
        )
        response["Content-Length"] = str(length)
    else:
        response = FileResponse(path.open("rb"), content_type="audio/mpeg")
        response["Content-Length"] = str(size)
    for name, value in headers.items():
        response[name] = value
    return response


def _parse_range(header: str, size: int) -> tuple[int, int] | str | None:
    """One byte range -> (start, end); None to ignore the header (malformed or several ranges,
    which RFC 9110 lets a server answer with the whole file); "unsatisfiable" when it starts
    past the end."""
    match = _RANGE.match(header)
    if match is None or (not match.group(1) and not match.group(2)):
        return None
    if match.group(1):
        start = int(match.group(1))
        end = int(match.group(2)) if match.group(2) else size - 1
        if match.group(2) and end < start:
            return None
    else:  # the last N bytes
        if int(match.group(2)) == 0:
            return "unsatisfiable"
        start, end = max(0, size - int(match.group(2))), size - 1
    if start >= size:
        return "unsatisfiable"
    return start, min(end, size - 1)


def _unsatisfiable(size: int, headers: dict[str, str]) -> HttpResponse:
    response = HttpResponse(
        "Requested range not satisfiable", status=416, content_type="text/plain"
    )
    response["Content-Range"] = f"bytes */{size}"
    response["Accept-Ranges"] = "bytes"
    return response


@require_GET
def timings(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article(request, slug)
    narration, _ = _narration_with_audio(article)
    if not narration.is_current:  # its sentences are the old text's
        return _withdrawn()
    response = JsonResponse(
        {**narration.timings, "audio_hash": narration.audio_hash, "duration": narration.duration}
    )
    response["Cache-Control"] = _cache_control(article, "public, max-age=300")
    response["ETag"] = f'"t-{narration.audio_hash}"'
    return response


@require_GET
def status(request: HttpRequest, slug: str) -> HttpResponse:
    """The narration's state as JSON. An editor's page asks for it as long as it is open
    (editor_status.js): an unchanged answer (status, progress, reason, the article's version)
    is a 304 with no body when the page sends its last ETag (`core.polled`)."""
    return polled_json(request, narration_state(_article(request, slug), request.user))


@require_GET
def segments(request: HttpRequest, slug: str) -> JsonResponse:
    """Progressive playback: the status, plus the parts ready so far while an article that has
    no audio yet is being narrated (URL, start and length on the final timeline) and every
    sentence's timing known so far; once the joined file is ready, what `status.json` says.
    `?after=N`: only the parts after the N-th and the sentences they time (the player's polls,
    a few hundred bytes each instead of every sentence again); see `segments_state`."""
    article = _article(request, slug)
    raw = request.GET.get("after", "0")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        return HttpResponseBadRequest("after must be a whole number of parts (0 or more).")
    response = JsonResponse(segments_state(article, request.user, after=int(raw)))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def regenerate(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.has_perm("narration.change_narration"):
        return HttpResponseForbidden("You may not regenerate narrations.")
    # A draft or embargoed story is theirs only who may change articles, as its page and audio
    # are: anyone else with the narration permission learnt that its slug existed (a redirect,
    # not a 404) and had it narrated.
    article = _article(request, slug)
    actions.regenerate(article)
    return HttpResponseRedirect(article.get_absolute_url() + "#listen")
