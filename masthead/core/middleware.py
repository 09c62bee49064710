"""Security headers every response carries, including a strict Content-Security-Policy.

Scripts and styles come only from our own origin (no inline script), so an injected
<script> in user text could not run even if escaping failed somewhere. Django's admin (the
newsroom) has the same policy but for inline styles, which its templates and widgets write;
it has no inline script (until 2026-11-30 it was left without any policy).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

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
