"""The settings page names the site's own defaults in brackets and in "Site default (...)", as
its text says ("Leave empty for the site default, shown in brackets"). Before 2026-11-30 it
named the value in force there: once a lead switched shadow mode on, the choice read "Site
default (on)", and choosing it, to keep shadow mode on, switched it off."""

from __future__ import annotations

import pytest

from masthead.dashboard import actions
from masthead.moderation.models import ModerationPolicy
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_site_default_names_the_sites_value_not_the_leads(client, lead, masthead_settings):
    masthead_settings(MODERATION_SHADOW_MODE=False, MODERATION_SPAM_THRESHOLD=0.9)
    actions.update_settings(lead, {"shadow_mode": True, "spam_threshold": "0.5"})
    assert ModerationPolicy.load().shadow_mode is True
    client.force_login(lead)
    page = client.get("/moderation/settings/").content.decode()
    assert '<option value="default">Site default (off)</option>' in page
    assert '<option value="on" selected>On</option>' in page
    spam = page[page.index('id="s-spam"') :]
    spam = spam[: spam.index("</p>")]
    assert 'value="0.5"' in spam and "(0.9)" in spam
