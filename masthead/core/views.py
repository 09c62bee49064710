from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from masthead.core import health, metrics


# GET and HEAD only: any other method is 405 with an Allow header. CSRF is waived so a POST
# reaches that answer instead of the CSRF failure page (the view changes nothing).
@csrf_exempt
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    reports = health.run_checks()
    # 503 (take this machine out) only when a critical check fails: the database, the
    # models. Redis down is "degraded" and 200, since every machine shares that Redis.
    serving = all(report.ok for report in reports if report.critical)
    degraded = [report.name for report in reports if not report.ok and not report.critical]
    body = {
        "status": ("degraded" if degraded else "ok") if serving else "unhealthy",
        "degraded": degraded,
        "checks": {r.name: {"ok": r.ok, "detail": r.detail, "seconds": r.seconds} for r in reports},
    }
    return JsonResponse(body, status=200 if serving else 503)


_FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def _allowed_to_scrape(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").encode()
        return hmac.compare_digest(given, f"Bearer {token}".encode())
    # Without a token, only this machine may read the metrics. A proxy on this machine passes
    # every visitor on from 127.0.0.1 too, so a request a proxy forwarded is refused.
    if any(name in request.META for name in _FORWARDED):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics_endpoint(request: HttpRequest) -> HttpResponse:
    if not _allowed_to_scrape(request):
        return HttpResponse("Metrics need the bearer token (MASTHEAD_METRICS_TOKEN).", status=403)
    return metrics.metrics_view(request)


# The 400 and 500 pages. Django's own handlers render 400.html and 500.html with no context at
# all; these add the site's name and fall back to one line of HTML if even that fails.
ERRORS = {
    400: (
        "Bad request",
        "We could not understand that request. Check the address and try again.",
    ),
    500: (
        "Something went wrong",
        "We could not show this page because of a fault on our side. It has been logged; "
        "please try again in a few minutes.",
    ),
}


def _error_page(status: int) -> HttpResponse:
    heading, message = ERRORS[status]
    try:
        html = loader.render_to_string(
            "core/error.html",
            {"SITE_NAME": settings.SITE_NAME, "heading": heading, "message": message},
        )
    except Exception:  # the page that says something failed must not fail itself
        html = f"<!doctype html><title>{heading}</title><h1>{heading}</h1><p>{message}</p>"
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(400)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(500)
