from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from masthead.core import health, metrics


def healthz(request: HttpRequest) -> JsonResponse:
    reports = health.run_checks()
    ok = all(report.ok for report in reports)
    body = {
        "status": "ok" if ok else "unhealthy",
        "checks": {r.name: {"ok": r.ok, "detail": r.detail, "seconds": r.seconds} for r in reports},
    }
    return JsonResponse(body, status=200 if ok else 503)


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
