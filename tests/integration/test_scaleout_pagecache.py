"""Popular pages are served from the cache to anonymous readers and go stale at once when
the article is edited or a comment is published."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.comment_fixtures import PUBLISH_ALL

pytestmark = pytest.mark.django_db


def settle(client, path):  # type: ignore[no-untyped-def]
    """A first view creates rows made on first use (the comment policy), which rightly makes
    the site's pages stale once; the tests start after that."""
    client.get(path)


def pagecache_bump(article_id):  # type: ignore[no-untyped-def]
    from masthead.core import pagecache

    pagecache.bump(article_id)


@pytest.fixture(autouse=True)
def _no_policy_row_yet(db):  # type: ignore[no-untyped-def]
    # As after a flush by a transactional test: the first view creates it.
    from masthead.comments.models import CommentsSettings

    CommentsSettings.objects.all().delete()


def fetch(client, path):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries.captured_queries)


def test_second_anonymous_view_of_an_article_is_served_from_the_cache(client, make_article):
    article = make_article()
    settle(client, article.get_absolute_url())
    from masthead.core import pagecache

    pagecache.bump(article.pk)
    first, first_queries = fetch(client, article.get_absolute_url())
    second, second_queries = fetch(client, article.get_absolute_url())
    assert first.status_code == second.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second_queries <= 1 < first_queries  # only the slug is looked up
    # The security headers are added to cached responses too.
    assert "script-src 'self'" in second["Content-Security-Policy"]


def test_editing_an_article_makes_its_cached_page_stale(client, make_article):
    from masthead.articles import actions

    article = make_article(headline="Council approves bridge")
    client.get(article.get_absolute_url())
    article.headline = "Council delays bridge"
    actions.save_article(article)
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Council delays bridge" in response.content.decode()


def test_a_published_comment_appears_at_once_on_a_cached_article_page(
    client, make_article, make_reader, use_moderator
):
    from masthead.comments import actions

    use_moderator(PUBLISH_ALL)
    article = make_article()
    settle(client, article.get_absolute_url())
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    reader = make_reader()
    actions.post_comment(
        article, reader, actions.Posting(text="The ferry will be missed.", ip_address="127.0.0.9")
    )
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "The ferry will be missed." in response.content.decode()


def test_comment_list_api_is_cached_and_invalidated_by_a_new_comment(
    client, make_article, make_reader, use_moderator
):
    from masthead.comments import actions

    use_moderator(PUBLISH_ALL)
    article = make_article()
    path = f"/api/articles/{article.pk}/comments"
    settle(client, path)
    pagecache_bump(article.pk)
    assert client.get(path).json()["total"] == 0
    assert client.get(path)["X-Page-Cache"] == "hit"
    actions.post_comment(
        article, make_reader(), actions.Posting(text="Good news for cyclists.", ip_address=None)
    )
    response = client.get(path)
    assert response["X-Page-Cache"] == "miss"
    assert response.json()["total"] == 1


def test_other_articles_stay_cached_when_one_article_changes(client, make_article):
    from masthead.articles import actions

    first, second = make_article(), make_article()
    settle(client, first.get_absolute_url())
    client.get(first.get_absolute_url())
    client.get(second.get_absolute_url())
    first.standfirst = "Updated."
    actions.save_article(first)
    assert client.get(second.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get(first.get_absolute_url())["X-Page-Cache"] == "miss"


def test_logged_in_readers_never_get_or_fill_the_shared_cache(client, make_article, make_reader):
    article = make_article()
    client.get(article.get_absolute_url())  # an anonymous reader fills the cache
    reader = make_reader(name="Ada Reader")
    client.force_login(reader)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()  # their own comment form


def test_a_response_that_sets_a_cookie_is_never_stored(rf, settings):
    from django.http import HttpResponse

    from masthead.core import pagecache

    pagecache.cache_route("test:cookie", lambda kwargs: 1)
    response = HttpResponse("hello")
    response.set_cookie("csrftoken", "abc")
    assert not pagecache.PageCacheMiddleware._storable(response)
    assert pagecache.PageCacheMiddleware._storable(HttpResponse("hello"))


def test_page_cache_can_be_turned_off(client, make_article, masthead_settings):
    masthead_settings(PAGE_CACHE_SECONDS=0)
    article = make_article()
    client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in client.get(article.get_absolute_url())


def test_a_draft_is_never_cached_for_anonymous_readers(client, make_article):
    from masthead.articles.models import Article

    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_remembered_comment_count_follows_new_and_deleted_comments(
    make_article, make_reader, use_moderator
):
    from django.test import Client

    from masthead.comments import actions

    use_moderator(PUBLISH_ALL)
    article, reader = make_article(), make_reader()
    client = Client()
    client.force_login(reader)  # logged in: no page cache, only the remembered count
    path = f"/api/articles/{article.pk}/comments"
    assert client.get(path).json()["total"] == 0
    comment = actions.post_comment(article, reader, actions.Posting(text="Counted."))
    assert client.get(path).json()["total"] == 1
    actions.delete_comment(comment, reader)
    assert client.get(path).json()["total"] == 0
