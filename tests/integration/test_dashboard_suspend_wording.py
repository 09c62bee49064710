"""A one-day suspension says "1 day", not "1 days": in the page's message, the API's answer and
the audit log's reason (QA walk, 2026-11-30)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_a_one_day_suspension_from_the_form_says_one_day(client, mod, held):
    comment = held()
    client.force_login(mod)
    response = client.post(f"/moderation/readers/{comment.author_id}/suspend/", {"days": "1"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Suspended for 1 day."]
    assert AuditEntry.objects.get(action="suspend").reason == "Suspended for 1 day"


def test_a_one_day_suspension_from_the_api_says_one_day(client, mod, held):
    comment = held()
    client.force_login(mod)
    response = client.post(
        f"/api/moderation/readers/{comment.author_id}/suspend",
        {"days": 1},
        content_type="application/json",
        headers={"X-CSRFToken": "x"},
    )
    assert response.status_code == 200
    assert response.json()["message"] == "Suspended for 1 day."


def test_longer_suspensions_still_count_their_days(client, mod, held):
    comment = held()
    client.force_login(mod)
    client.post(f"/moderation/readers/{comment.author_id}/suspend/", {"days": "7"})
    assert AuditEntry.objects.get(action="suspend").reason == "Suspended for 7 days"
