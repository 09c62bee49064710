"""The site's JSON API (django-ninja), served under /api/ with its schema at /api/openapi.json.

Apps attach routers here (comments at /api/, the workspace at /api/moderation/). Every error
uses one body: {"error": {"code": "...", "message": "...", "field": "..."}}; bad input is 400
(not ninja's default 422) so clients see one convention across the site. What a client meets
is written down in docs/comments.md and docs/moderators.md ("JSON API").
"""

from __future__ import annotations

import functools
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import URLPattern, URLResolver
from django.utils.cache import patch_cache_control
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from masthead.comments import api as comments_api
from masthead.dashboard import api as dashboard_api


class BodyError(ValueError):
    """A body this API refuses; its message reaches the client (ninja's own is generic)."""


class ObjectBodyParser(Parser):
    """Every request body of this API is a JSON object. Ninja's schemas read fields as
    attributes, so a bare number or list would otherwise pass as an object whose fields all
    take their defaults (found by schemathesis). Text that is not JSON is refused here too, so
    its 400 says why with code bad_body (ninja's own is a bare "Cannot parse request body")."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body)
            problem = _not_text(data)
        except RecursionError:
            raise BodyError("the request body is nested too deeply") from None
        except UnicodeDecodeError:
            raise BodyError("the request body is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise BodyError(
                f"the request body is not valid JSON ({exc.msg} at character {exc.pos})"
            ) from None
        except ValueError:
            # Python reads no whole number of more than 4,300 digits (a guard against slow
            # conversions); it was a 400 with the generic code "error" and no reason.
            raise BodyError("the request body holds a number too long to read") from None
        if not isinstance(data, dict):
            raise BodyError("the request body must be a JSON object")
        if problem:
            raise BodyError(f"the request body contains {problem}")
        return data


def _not_text(value: Any) -> str | None:
    """What in a parsed body no text field may hold, or None.

    JSON may escape half of a UTF-16 pair ("\\ud800"): not text, and the database, the
    sanitiser and the e-mail would each fail on it later. It may also escape a NUL ("\\u0000"),
    which PostgreSQL refuses in any text column (a moderator's rejection reason with one was a
    500 there, found by schemathesis)."""
    if isinstance(value, str):
        if "\x00" in value:
            return "a NUL character (\\u0000), which text here may not hold"
        if not value.isascii() and any("\ud800" <= ch <= "\udfff" for ch in value):
            return "a lone \\uD800-\\uDFFF escape, which is not text"
        return None
    if isinstance(value, dict):
        items: list[Any] = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        problem = _not_text(item)
        if problem:
            return problem
    return None


class MastheadAPI(NinjaAPI):
    """Two things django-ninja leaves to its user: which answers a cache may keep, and HEAD."""

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        """Every answer to a signed-in user is theirs alone (their likes, `can_edit`, held
        reasons, the workspace's queues): no cache may keep it, not even the browser's. The
        anonymous article list stays public; the page cache (core.pagecache) serves it."""
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _answer_head(pattern.callback)
        return urls


def _answer_head(view: Any) -> Any:
    """HEAD is answered as GET is, without the body (HTTP requires both wherever GET is
    served; ninja answered 405), and a 405 names HEAD beside GET in its Allow header."""

    @functools.wraps(view)  # keeps csrf_exempt as the view has it (ninja's, not the docs')
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "HEAD":
            return _allow_head(view(request, *args, **kwargs))
        request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"
        if isinstance(response, HttpResponse) and response.status_code != 405:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return _allow_head(response)

    return wrapped


def _allow_head(response: HttpResponseBase) -> HttpResponseBase:
    if response.status_code == 405:
        allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
        if "GET" in allowed and "HEAD" not in allowed:
            response["Allow"] = ", ".join(sorted([*allowed, "HEAD"]))
    return response


api = MastheadAPI(
    parser=ObjectBodyParser(),
    title="Masthead API",
    version="1",
    urls_namespace="api",
    description="Articles' reader comments (/api/articles/, /api/comments/) and the moderators' "
    "workspace (/api/moderation/). Session cookie authentication; send the CSRF token in the "
    "X-CSRFToken header on every request that changes something. Bodies are JSON objects; an "
    'unknown field is refused. Errors: {"error": {"code", "message", "field"}}. '
    "Guide: docs/comments.md and docs/moderators.md, 'JSON API'.",
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, **extra}}, status=status
    )


def _first_field(errors: list[dict[str, Any]]) -> str | None:
    for error in errors:
        loc = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("body", "payload", "query", "path")
        ]
        if loc:
            return ".".join(loc)
    return None


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = list(exc.errors)
    if not request.body and any(_is_missing_body(error) for error in errors):
        return _error(
            request,
            400,
            "bad_body",
            "The request body is empty; this address takes a JSON object "
            "(Content-Type: application/json).",
        )
    unknown = [error for error in errors if error.get("type") == "extra_forbidden"]
    field = _first_field(unknown or errors)
    if unknown and field:
        return _error(
            request,
            400,
            "unknown_field",
            f"The request body holds a field this address does not take: '{field}'.",
            field=field,
        )
    what = f" in '{field}'" if field else ""
    message = (
        f"The request is not valid{what}: {exc.errors[0].get('msg', 'bad value')}."
        if exc.errors
        else "The request is not valid."
    )
    return _error(request, 400, "invalid", message, field=field)


def _is_missing_body(error: dict[str, Any]) -> bool:
    """Ninja's error for a request with no body where one is needed: the whole payload is
    missing (loc ("body", "payload")), which named no field and said only "Field required"."""
    return (
        error.get("type") == "missing"
        and tuple(error.get("loc", ()))[:1] == ("body",)
        and (_first_field([error]) is None)
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "login_required", "Please log in first.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "There is nothing here.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, BodyError):  # ninja wraps the parser's error in its own
        return _error(request, 400, "bad_body", f"Cannot parse request body: {exc.__cause__}")
    return _error(request, exc.status_code, "error", str(exc))


comments_api.register(api)
dashboard_api.register(api)
