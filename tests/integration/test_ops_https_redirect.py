"""MASTHEAD_SSL_REDIRECT=true (what `masthead check --deploy` asks for, security.W008) sends
readers to https:// but leaves /healthz and /metrics answering over plain HTTP: the load
balancer and Prometheus ask each web machine directly (docs/operations.md). Before, both were
redirected, so a health check read the machine as down (operator QA, 2026-11-30)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@override_settings(SECURE_SSL_REDIRECT=True)
def test_pages_redirect_to_https_but_health_and_metrics_answer_over_http():
    client = Client()
    page = client.get("/")
    assert page.status_code == 301 and page.headers["Location"] == "https://testserver/"
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/metrics").status_code == 200  # the test client's address is loopback
    assert client.get("/healthz/extra").status_code == 301
