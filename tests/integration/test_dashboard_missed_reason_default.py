"""Rejecting an audit-sample comment without choosing what the checks missed records "other",
not the menu's first code: the keyboard's r, a reason and Enter counted every such miss
against "abusive", lowering that reason's recall on the stats page (QA walk, 2026-11-30)."""

from __future__ import annotations

import re

import pytest

from masthead.dashboard.models import WorkspaceSettings
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _selected(html: str, select_id: str) -> list[str]:
    menu = re.search(rf'<select id="{select_id}" name="missed_reason">(.*?)</select>', html, re.S)
    assert menu, select_id
    return re.findall(r'<option value="([a-z_]+)" selected>', menu.group(1))


def test_the_missed_reason_menus_start_at_other(
    client, mod, make_article, make_reader, post, keyword_moderation
):
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    comment = post(make_article(), make_reader(), "A sneaky rude remark.")
    assert comment.status == "published"
    client.force_login(mod)
    html = client.get("/moderation/queue/sample/").content.decode()
    assert _selected(html, "reject-missed") == ["other"]  # the r key's dialog
    assert _selected(html, f"missed-{comment.pk}") == ["other"]  # the item's own form
