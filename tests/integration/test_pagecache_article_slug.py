"""A cached article page is found by its slug alone (perf, 2026-11-30: every hit asked the
database for the slug's article id, to read the article's version), and a page is never served
for a slug that was renamed, unpublished, deleted or given to another article."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from tests.support.comment_fixtures import PUBLISH_ALL

pytestmark = pytest.mark.django_db


def cached(client, url: str) -> None:  # type: ignore[no-untyped-def]
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_cached_article_page_costs_no_query(client, make_article, django_assert_num_queries):
    url = make_article().get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_renamed_slug_is_not_served(client, make_article):
    from masthead.articles import actions

    article = make_article(headline="Tram line extended")
    old = article.get_absolute_url()
    cached(client, old)
    article.slug = "tram-line-extended-to-airport"
    actions.save_article(article)
    # Not the cached page: the old address leads on to the new one (since 2026-11-30; 404
    # before).
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert b"Tram line extended" in client.get(article.get_absolute_url()).content


def test_a_slug_given_to_another_article_shows_that_article_and_its_changes(client, make_article):
    from masthead.articles import actions

    first = make_article(headline="Tram line extended", slug="tram")
    cached(client, "/news/tram/")
    first.slug = "tram-2025"
    actions.save_article(first)
    second = make_article(headline="Tram fares frozen", slug="tram")
    page = client.get("/news/tram/").content
    assert b"Tram fares frozen" in page and b"Tram line extended" not in page
    assert client.get("/news/tram/")["X-Page-Cache"] == "hit"
    second.headline = "Tram fares frozen until 2027"
    actions.save_article(second)
    assert b"Tram fares frozen until 2027" in client.get("/news/tram/").content


def test_an_unpublished_article_is_not_served(client, make_article):
    from masthead.articles import actions
    from masthead.articles.models import Article

    article = make_article()
    url = article.get_absolute_url()
    cached(client, url)
    article.status = Article.Status.DRAFT
    actions.save_article(article)
    assert client.get(url).status_code == 404


def test_a_deleted_article_is_not_served(client, make_article):
    article = make_article()
    url = article.get_absolute_url()
    cached(client, url)
    article.delete()
    assert client.get(url).status_code == 404


def test_a_new_comment_shows_on_the_cached_page(
    client, make_article, make_reader, post, masthead_settings
):
    masthead_settings(COMMENT_MODERATOR=PUBLISH_ALL)
    article = make_article()
    reader = make_reader()
    url = article.get_absolute_url()
    cached(client, url)
    post(article, reader, "The airport stop should open first.")
    assert b"The airport stop should open first." in client.get(url).content


def test_made_up_slugs_leave_nothing_in_the_cache(client, make_article):
    url = make_article().get_absolute_url()
    cached(client, url)
    store = caches["pages"]
    before = len(store._cache)
    for n in range(20):
        assert client.get(f"/news/no-such-story-{n}/").status_code == 404
    assert len(store._cache) == before


def test_a_lost_version_is_made_again_and_the_page_is_right(client, make_article):
    from masthead.articles import actions

    article = make_article(headline="Tram line extended")
    url = article.get_absolute_url()
    cached(client, url)
    caches["pages"].clear()
    article.headline = "Tram line extended again"
    actions.save_article(article)
    assert b"Tram line extended again" in client.get(url).content
    assert client.get(url)["X-Page-Cache"] == "hit"
