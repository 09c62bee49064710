"""Saving the workspace settings with the Comments FAQ left as it was changes nothing in it and
logs no FAQ change, although a browser sends the textarea back with \\r\\n line ends and the
stored text (the default FAQ) ends with a line break (QA walk, 2026-11-30: a lead who only
added a suspect word saw "Changed ... faq ..." in the audit log, and the FAQ was rewritten)."""

from __future__ import annotations

import pytest

from masthead.comments.models import CommentsSettings
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_a_settings_save_with_the_faq_as_shown_leaves_it_alone(client, lead):
    stored = CommentsSettings.load().faq
    assert stored.endswith("\n")  # the default FAQ, as a site starts with it
    client.force_login(lead)
    response = client.post(
        "/moderation/settings/",
        {
            "suspect_words": "bananas",
            "shadow_mode": "default",
            # What a browser sends for the untouched textarea.
            "faq": stored.replace("\n", "\r\n"),
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="settings")
    assert "faq" not in entry.after and "faq" not in entry.reason
    assert "suspect_words" in entry.after
    assert CommentsSettings.load().faq == stored


def test_a_changed_faq_is_still_saved_and_logged(client, lead):
    client.force_login(lead)
    client.post(
        "/moderation/settings/",
        {"shadow_mode": "default", "faq": "**Who can comment?**\r\nAnyone with an account."},
    )
    assert CommentsSettings.load().faq == "**Who can comment?**\nAnyone with an account."
    assert "faq" in AuditEntry.objects.get(action="settings").after
