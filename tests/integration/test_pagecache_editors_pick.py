"""An editor's pick marked or unmarked reaches anonymous readers at once, not after the page
cache's lifetime (operator QA, 2026-11-30): the mark was written with QuerySet.update(), which
sends no signal, so the article's cached page and comment list kept the old picks."""

from __future__ import annotations

import pytest

from tests.support.comment_fixtures import PUBLISH_ALL

pytestmark = pytest.mark.django_db

BADGE = b'<span class="comment__badge">'


@pytest.fixture
def published(make_article, make_reader, post, masthead_settings):  # type: ignore[no-untyped-def]
    masthead_settings(COMMENT_MODERATOR=PUBLISH_ALL)
    article = make_article()
    comment = post(article, make_reader(), "The crossing should have a cycle lane.")
    assert comment.status == "published"
    return article, comment


@pytest.mark.parametrize("page", ["article", "thread"])
def test_an_editors_pick_shows_and_goes_at_once_on_cached_pages(
    client, published, moderator_user, page
):
    from masthead.comments import actions

    article, comment = published
    url = article.get_absolute_url() if page == "article" else f"/comments/article/{article.pk}/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    actions.feature_comment(comment, moderator_user, True)
    assert BADGE in client.get(url).content
    actions.feature_comment(comment, moderator_user, False)
    assert BADGE not in client.get(url).content
