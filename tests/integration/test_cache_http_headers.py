"""What browsers, proxies and feed readers are told (QA, 2026-11-30): feeds answer conditional
requests with 304, anonymous article pages may be kept a short while, a signed-in reader's
copy never by a shared cache."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/rss/", "/feeds/atom/", "/feeds/section/world/rss/", "/feeds/podcast.xml"]


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_reader_asking_with_the_etag_gets_304_with_no_body(client, make_article, url):
    make_article()
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert "max-age=60" in first["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", FEEDS[:2])
def test_a_feed_reader_asking_if_modified_since_gets_304_until_the_feed_changes(
    client, make_article, url
):
    make_article(headline="Council approves bridge")
    first = client.get(url)
    since = {"If-Modified-Since": first["Last-Modified"]}
    assert client.get(url, headers=since).status_code == 304
    # A change with no newer item (the newest story withdrawn) still reaches the reader: the
    # Last-Modified Django gave (the newest item's date) would have answered 304.
    newest = make_article(headline="Mayor resigns")
    moved = client.get(url)
    assert b"Mayor resigns" in moved.content
    # Withdrawn as the newsroom does it (the feeds are cached until an article is saved).
    from masthead.articles import actions

    newest.status = type(newest).Status.DRAFT
    actions.save_article(newest)
    import time

    time.sleep(1.1)  # HTTP dates are whole seconds
    changed = client.get(url, headers={"If-Modified-Since": moved["Last-Modified"]})
    assert changed.status_code == 200
    assert b"Mayor resigns" not in changed.content
    assert client.get(url, headers={"If-None-Match": moved["ETag"]}).status_code == 200


def test_an_anonymous_article_page_may_be_kept_a_minute_per_cookie(client, make_article):
    article = make_article()
    for expected in ("miss", "hit"):
        response = client.get(article.get_absolute_url())
        assert response["X-Page-Cache"] == expected
        assert "public" in response["Cache-Control"]
        assert "max-age=60" in response["Cache-Control"]
        assert "cookie" in response["Vary"].lower()


def test_a_signed_in_readers_article_page_is_private(client, make_article, make_reader):
    article = make_article()
    client.force_login(make_reader())
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_draft_shown_to_its_editor_stays_private_no_store(client, make_article, admin_user):
    article = make_article(status="draft")
    client.force_login(admin_user)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
