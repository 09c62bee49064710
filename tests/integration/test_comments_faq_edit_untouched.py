"""Saving the Comments FAQ on its own page (/comments/faq/edit/) without changing it rewrites
nothing and logs nothing, although a browser sends the textarea back with \\r\\n line ends and
the stored default FAQ ends with a line break (QA walk, 2026-11-30: a lead's first untouched
save replaced the default FAQ and left 'Changed faq' in the audit log)."""

from __future__ import annotations

import pytest

from masthead.comments.models import CommentsSettings
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_an_untouched_faq_save_leaves_the_default_faq_and_logs_nothing(client, lead):
    stored = CommentsSettings.load().faq
    assert stored.endswith("\n")  # the default FAQ, as a site starts with it
    client.force_login(lead)
    # What a browser sends for the untouched textarea.
    response = client.post("/comments/faq/edit/", {"faq": stored.replace("\n", "\r\n")})
    assert response.status_code == 302
    assert CommentsSettings.load().faq == stored
    assert not AuditEntry.objects.filter(action="settings").exists()


def test_a_changed_faq_on_its_own_page_is_saved_normalised_and_logged(client, lead):
    client.force_login(lead)
    client.post("/comments/faq/edit/", {"faq": "**Who can comment?**\r\nAnyone.  \r\n"})
    assert CommentsSettings.load().faq == "**Who can comment?**\nAnyone."
    entry = AuditEntry.objects.get(action="settings")
    assert entry.reason == "Changed faq" and entry.after == {"faq": "**Who can comment?**\nAnyone."}
