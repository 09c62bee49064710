import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_cache_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert {"database", "cache", "queue"} <= set(checks)
    assert all(check["ok"] for check in checks.values())


def test_healthz_answers_503_when_a_component_is_down(client):
    from masthead.core import health

    health.register_check("broken_for_test", lambda: (_ for _ in ()).throw(RuntimeError("down")))
    try:
        response = client.get("/healthz")
    finally:
        health._checks.pop("broken_for_test")
    assert response.status_code == 503
    assert response.json()["checks"]["broken_for_test"] == {
        "ok": False,
        "detail": "RuntimeError (the server log has the details)",
        "seconds": response.json()["checks"]["broken_for_test"]["seconds"],
    }


def test_metrics_count_requests_for_local_scrapers(client):
    client.get("/healthz")
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert "masthead_http_requests_total" in body
    assert "masthead_task_queue_depth" in body


def test_metrics_refuse_remote_scrapers_without_the_token(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403


@override_settings(METRICS_TOKEN="s3cret-token")
def test_metrics_accept_the_bearer_token_from_anywhere(client):
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token"
    )
    assert response.status_code == 200


def test_api_docs_load_everything_from_our_own_origin(client):
    import re

    html = client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    # No inline script: only JSON data islands, which the CSP does not execute.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attrs for attrs in inline)
