"""/metrics behind a proxy on the same machine, found by a security review (2026-11-29)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_metrics_through_a_proxy_on_the_same_machine_need_the_token(client, settings):
    """nginx on the same machine passes every visitor on from 127.0.0.1: a request it forwarded
    is not the machine itself asking."""
    settings.METRICS_TOKEN = ""
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
