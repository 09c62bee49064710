"""The header's "Newsroom" link (/admin/) is for staff who may view or change articles: a
moderation lead with no article permission was offered it, and /admin/ told them they could
not view or edit anything."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

LINK = '<a href="/admin/">Newsroom</a>'


def _header(client, user) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get("/moderation/queue/held/" if user.has_perm("dashboard.moderate") else "/")


def test_a_moderation_lead_without_article_permissions_is_not_offered_the_newsroom(client, lead):
    page = _header(client, lead).content.decode()
    assert "Moderation</a>" in page  # the header is there, with the workspace's link
    assert LINK not in page
    assert "permission to view or edit anything" in client.get("/admin/").content.decode()


def test_staff_who_may_view_or_change_articles_are_offered_the_newsroom(client, make_staff):
    viewer = make_staff("viewer", None)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    editor = make_staff("writer", None)
    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    for user in (viewer, editor):
        page = _header(client, user).content.decode()
        assert LINK in page, user.username
        assert "permission to view or edit anything" not in client.get("/admin/").content.decode()


def test_readers_are_not_offered_the_newsroom(client, make_staff):
    reader = make_staff("reader", None, staff=False)
    reader.user_permissions.add(Permission.objects.get(codename="view_article"))
    assert LINK not in _header(client, reader).content.decode()
