"""Security headers every response carries, including a strict Content-Security-Policy.

Scripts and styles come only from our own origin (no inline script), so an injected
<script> in user text could not run even if escaping failed somewhere. Django's admin (the
newsroom) has the same policy but for inline styles, which its templates and widgets write;
it has no inline script (until 2026-11-30 it was left without any policy).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse

_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]
CSP = "; ".join(_DIRECTIVES)
# The admin's change list writes a <style> element and its widgets style attributes; a style
# cannot run script, and every script rule stays as strict as the site's.
ADMIN_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = ADMIN_CSP if request.path.startswith("/admin/") else CSP
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


API_PREFIX = "/api/"


class ApiJsonErrorsMiddleware:
    """Under /api/, a 404 for an address the API does not have and a 405 for a method an
    address does not take answer the API's error body (docs/comments.md: errors always look like
    {"error": {"code", "message"}}), not the site's HTML page or django-ninja's bare text
    'Method not allowed'. The API's own errors are JSON already and pass untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code not in (404, 405)
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        if response.status_code == 404:
            error = {"code": "not_found", "message": "There is no such API address."}
        else:
            allowed = ", ".join(sorted(filter(None, response.get("Allow", "").split(", "))))
            error = {
                "code": "method_not_allowed",
                "message": f"This address does not take {request.method}; it takes {allowed}.",
            }
        replacement = JsonResponse({"error": error}, status=response.status_code)
        if response.status_code == 405:
            replacement["Allow"] = allowed
        return replacement


# What a page (any address outside /api/) may be asked with when its view says nothing more:
# read it, and POST for the forms of views that handle them without a method decorator (the
# admin's). The API (django-ninja) answers methods itself.
PAGE_METHODS = ("GET", "HEAD", "POST")


def view_methods(view: Callable[..., Any]) -> list[str]:
    """The methods a view answers: a class-based view's handlers, the list a
    `require_http_methods` decorator (require_GET, require_POST, require_safe) holds, found
    through any decorators above it, or PAGE_METHODS."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        named = {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
        if "GET" in named:
            named.add("HEAD")  # View.setup answers HEAD with get()
        return [m for m in (*PAGE_METHODS, "PUT", "PATCH", "DELETE") if m in named]
    wrapped: Any = view
    while wrapped is not None:
        try:
            listed = inspect.getclosurevars(wrapped).nonlocals.get("request_method_list")
        except TypeError:  # not a Python function (a callable object, such as a feed)
            listed = None
        if listed is not None:
            return [str(m) for m in listed]
        wrapped = getattr(wrapped, "__wrapped__", None)
    return list(PAGE_METHODS)


class PageMethodsMiddleware:
    """A page asked with a method its view does not take (PUT, DELETE, TRACE, PATCH, a made-up
    one) answers 405 with `Allow`, not the page (security review, 2026-11-30: a function view
    without a method decorator answered them as if they were GET). OPTIONS answers 200, empty,
    with `Allow`. Runs before the CSRF check, so such a request is refused for its method."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.method in PAGE_METHODS or request.path.startswith(API_PREFIX):
            return None  # a decorated view refuses GET, HEAD or POST itself
        allowed = view_methods(view)
        if request.method in allowed:
            return None
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join(allowed)
            response["Content-Length"] = "0"
            return response
        return HttpResponseNotAllowed(allowed)
