"""Every change to the moderation policy is in the audit log exactly once, whoever made it: the
workspace's settings page, or update_policy called by a script, a command or the shell."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from masthead.dashboard import actions as dashboard
from masthead.dashboard.models import AuditEntry
from masthead.moderation import actions
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def settings_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="settings").order_by("id"))


def test_a_script_without_a_user_is_audited_as_system():
    actions.update_policy(spam_threshold="0.9", suspect_words="lawsuit\nLibel")
    [entry] = settings_entries()
    assert entry.actor is None and entry.actor_name == "system"
    assert not entry.is_automatic
    assert entry.before == {"spam_threshold": None, "suspect_words": []}
    assert entry.after == {"spam_threshold": 0.9, "suspect_words": ["lawsuit", "libel"]}
    assert entry.reason == "Changed spam_threshold, suspect_words"


def test_a_command_names_itself_and_a_shell_user_is_recorded(lead):
    actions.set_shadow_mode(True, actor="masthead import-policy")
    actions.set_words("banned_words_hold", ["scum"], lead)
    first, second = settings_entries()
    assert first.actor_name == "masthead import-policy" and first.after == {"shadow_mode": True}
    assert second.actor == lead and second.actor_name == lead.get_username()
    assert second.after == {"banned_words_hold": ["scum"]}


def test_a_change_that_changes_nothing_or_is_refused_is_not_audited():
    actions.update_policy(max_links="1")
    actions.update_policy(max_links=1, suspect_words="")
    with pytest.raises(ValidationError):
        actions.update_policy(max_links="1", spam_threshold="nan")
    assert len(settings_entries()) == 1


def test_a_workspace_save_is_audited_once_with_its_own_entry(lead):
    dashboard.update_settings(lead, {"spam_threshold": "0.9", "suspect_words": "toll"}, faq="Hi")
    [entry] = settings_entries()
    assert entry.actor == lead
    assert entry.after["spam_threshold"] == 0.9 and entry.after["suspect_words"] == ["toll"]
