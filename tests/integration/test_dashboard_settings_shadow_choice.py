"""The settings form's shadow-mode choice is on, off or the site default; anything else is a
400 naming the field, and nothing is saved (QA walk, 2026-11-30: "maybe" was read as the site
default, switching shadow mode off on a site whose default is off)."""

from __future__ import annotations

import pytest

from masthead.dashboard.models import AuditEntry
from masthead.moderation.models import ModerationPolicy
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_an_unknown_shadow_mode_choice_is_refused_and_nothing_changes(client, lead):
    client.force_login(lead)
    assert client.post("/moderation/settings/", {"shadow_mode": "on"}).status_code == 302
    assert ModerationPolicy.load().shadow_mode is True
    response = client.post("/moderation/settings/", {"shadow_mode": "maybe"})
    assert response.status_code == 400
    assert "Shadow mode must be on, off or the site default." in response.content.decode()
    assert ModerationPolicy.load().shadow_mode is True
    assert AuditEntry.objects.filter(action="settings").count() == 1


@pytest.mark.parametrize(("choice", "saved"), [("on", True), ("off", False), ("default", None)])
def test_the_three_shadow_mode_choices_are_saved(client, lead, choice, saved):
    client.force_login(lead)
    assert client.post("/moderation/settings/", {"shadow_mode": choice}).status_code == 302
    assert ModerationPolicy.load().shadow_mode is saved
