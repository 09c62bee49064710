"""The admin's log-in page past the log-in limits, found by a review of the session's diff
(2026-11-29): docs/operations.md says the account limits answer 429 with Retry-After on
/accounts/login/ and /admin/login/, but the admin's page answered 200 (its form showed why)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_admin_log_in_page_past_the_limit_answers_429_with_retry_after(masthead_settings):
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="2/900")
    User.objects.create_superuser("boss", "boss@example.org", "boss-pass-123456")
    client = Client()
    for guess in ("a", "b"):
        assert (
            client.post("/admin/login/", {"username": "boss", "password": guess}).status_code == 200
        )
    response = client.post("/admin/login/", {"username": "boss", "password": "boss-pass-123456"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 900
    assert "faster than we allow" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_log_in_page_within_the_limit_logs_in_as_before(masthead_settings):
    masthead_settings(LOGIN_RATE_PER_ACCOUNT="2/900")
    User.objects.create_superuser("boss", "boss@example.org", "boss-pass-123456")
    client = Client()
    assert client.get("/admin/login/").status_code == 200
    response = client.post("/admin/login/", {"username": "boss", "password": "boss-pass-123456"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
