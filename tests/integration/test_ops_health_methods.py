"""/healthz answers GET and HEAD; any other method is 405 with an Allow header, not the CSRF
failure page a POST used to get (QA, 2026-11-30)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_healthz_refuses_methods_it_does_not_take_with_405(method):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/healthz")
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}


@pytest.mark.parametrize("method", ["get", "head"])
def test_healthz_still_answers_get_and_head(client, method):
    response = getattr(client, method)("/healthz")
    assert response.status_code in (200, 503)
    assert response["Content-Type"] == "application/json"
