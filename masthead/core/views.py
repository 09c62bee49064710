from __future__ import annotations

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


def _allowed_to_scrape(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        return request.headers.get("Authorization", "") == f"Bearer {token}"
    # Without a token, only this machine may read the metrics.
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics_endpoint(request: HttpRequest) -> HttpResponse:
    if not _allowed_to_scrape(request):
        return HttpResponse("Metrics need the bearer token (MASTHEAD_METRICS_TOKEN).", status=403)
    return metrics.metrics_view(request)
