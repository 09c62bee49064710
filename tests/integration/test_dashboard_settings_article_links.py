"""The settings page's list of articles (per-article comments mode) links a headline only where
the viewer can open the article (QA walk, 2026-11-30): a draft's or a scheduled story's public
page answers 404 to anyone who cannot change articles, so a moderation lead's links to them
were dead. Drafts and scheduled stories stay in the list (a lead may set pre-moderation before
a story goes live), marked "Draft" or "Scheduled: <time>"."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from masthead.articles.models import Article
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(make_article):  # type: ignore[no-untyped-def]
    later = timezone.now() + timezone.timedelta(days=2)
    return {
        "live": make_article(headline="Live ferry story", slug="live-ferry"),
        "scheduled": make_article(
            headline="Scheduled ferry story",
            slug="scheduled-ferry",
            status=Article.Status.SCHEDULED,
            published_at=later,
        ),
        "draft": make_article(
            headline="Draft ferry story",
            slug="draft-ferry",
            status=Article.Status.DRAFT,
            published_at=None,
        ),
    }


@pytest.fixture
def editor_lead(make_staff):  # type: ignore[no-untyped-def]
    """A moderation lead who is also an editor (may open drafts and scheduled stories)."""
    user = make_staff("edlead", "Moderation leads")
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="change_article")
    )
    return type(user).objects.get(pk=user.pk)


def _row(page: str, headline: str) -> str:
    match = re.search(rf"<tr>(?:(?!</tr>).)*{headline}(?:(?!</tr>).)*</tr>", page, re.S)
    assert match, headline
    return match.group(0)


def _settings_page(client, user) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get("/moderation/settings/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_lead_sees_drafts_and_scheduled_stories_marked_and_unlinked(client, lead, three):
    page = _settings_page(client, lead)
    assert "<a href=" in _row(page, "Live ferry story")
    scheduled = _row(page, "Scheduled ferry story")
    draft = _row(page, "Draft ferry story")
    # Still listed, with their mode boxes: a lead may pre-moderate them before they go live.
    assert f'name="mode_{three["scheduled"].pk}"' in scheduled
    assert f'name="mode_{three["draft"].pk}"' in draft
    # No link a lead cannot open, and each says why.
    assert "<a " not in scheduled and "Scheduled:" in scheduled
    assert "<a " not in draft and "Draft" in draft


def test_every_link_a_lead_is_shown_opens(client, lead, three):
    page = _settings_page(client, lead)
    table = page[page.index('aria-label="Comments on each article"') :]
    table = table[: table.index("</table>")]
    hrefs = re.findall(r'<a href="([^"]+)"', table)
    assert hrefs
    for href in hrefs:
        assert client.get(href).status_code == 200, href


def test_an_editor_lead_gets_links_to_drafts_and_scheduled_stories(client, editor_lead, three):
    page = _settings_page(client, editor_lead)
    for name in ("Live ferry story", "Scheduled ferry story", "Draft ferry story"):
        row = _row(page, name)
        href = re.search(r'<a href="([^"]+)"', row)
        assert href, name
        assert client.get(href.group(1)).status_code == 200, name
    assert "Draft" in _row(page, "Draft ferry story")
    assert "Scheduled:" in _row(page, "Scheduled ferry story")
