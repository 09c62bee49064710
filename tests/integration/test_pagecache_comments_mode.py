"""Closing or pre-moderating comments on one article reaches anonymous readers at once, not
after the page cache's lifetime (operator QA, 2026-11-30): the mode was written with
QuerySet.update(), which sends no signal, so the article's cached page was never made stale."""

from __future__ import annotations

import pytest

from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def cached_page(client, article):  # type: ignore[no-untyped-def]
    client.get(article.get_absolute_url())
    page = client.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    return page


@pytest.mark.parametrize("mode", ["closed", "premoderated"])
def test_a_changed_comments_mode_shows_at_once_on_the_cached_article_page(
    client, make_article, moderator_user, mode
):
    from masthead.comments import actions

    article = make_article()
    cached_page(client, article)
    actions.set_article_comments_mode(article, mode, moderator_user)
    # Built again from the new mode (what closing shows: the test below).
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_comments_closed_in_the_workspace_settings_show_closed_to_anonymous_readers_at_once(
    client, make_article, lead
):
    from masthead.dashboard import actions

    article = make_article()
    before = cached_page(client, article)
    assert b"comments__closed" not in before.content
    actions.update_settings(lead, {}, article_modes={article.pk: "closed"})
    after = client.get(article.get_absolute_url())
    assert b"comments__closed" in after.content
