"""Refuse oversized request bodies with 413 before anything reads them, and paths, form fields
or query parameters holding a NUL character with 400.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE only when a view reads it, and not the
file parts of an upload. This middleware looks at Content-Length first: over the limit, the
answer is 413 at once, without reading the body. The admin, where editors upload photos,
has its own, larger limit (MASTHEAD_MAX_UPLOAD_BYTES).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


def limit_for(path: str) -> int:
    if path.startswith("/admin/"):
        return int(settings.MASTHEAD.get("MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


def refuse(
    request: HttpRequest, status: int, message: str, field: str | None = None
) -> HttpResponse:
    code = "too_large" if status == 413 else "invalid"
    if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
        error = {"code": code, "message": message, **({"field": field} if field else {})}
        return JsonResponse({"error": error}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = limit_for(request.path)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(request, 400, "The Content-Length header is not a number.")
        if limit and length > limit:
            return refuse(
                request, 413, f"The request is too large: at most {limit} bytes are accepted."
            )
        return self.get_response(request)


class NulCharacterMiddleware:
    """A NUL character (%00) in the path, a query parameter or a form field is a 400 with a
    message.

    PostgreSQL refuses NUL in any text column, so such a value would be a 500 wherever a view
    stores it (a moderator's rejection reason, a suspension note), and no real text holds one.
    Django's forms refuse it, but several views read `request.POST` directly; checking here
    covers them all. JSON bodies are checked by the API's parser (masthead/api.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            # e.g. an unsubscribe token, looked up as text
            return refuse(request, 400, "The address holds a NUL character.")
        form = request.method == "POST" and request.content_type in FORM_TYPES
        if form and request.path.startswith("/api/"):
            # The API reads the raw body (a JSON object, or a 400 that says it is not one);
            # reading it before the form is parsed keeps it readable afterwards (Django refuses
            # request.body once request.POST has consumed the stream: a 500).
            request.body  # noqa: B018
        for params in (request.GET, request.POST) if form else (request.GET,):
            for key, values in params.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    name = key.replace("\x00", "")
                    return refuse(
                        request, 400, f"The field '{name}' holds a NUL character.", field=name
                    )
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
