"""The RSS and Atom feeds are kept whole in the page cache and go stale at once when an
article is published, edited, withdrawn or deleted, or its section or tags change; a story
scheduled to go live appears on time without any save (operator QA, 2026-11-30)."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.support.code_clock import CodeClock, wait_out

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/rss/", "/feeds/atom/", "/feeds/section/world/rss/", "/feeds/section/world/atom/"]


def fetch(client, path):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return response, len(queries.captured_queries)


@pytest.mark.parametrize("path", FEEDS)
def test_a_feed_asked_for_again_is_served_from_the_cache_without_building_it(
    client, make_article, path
):
    make_article(headline="Bridge vote passes")
    first, _ = fetch(client, path)
    second, queries = fetch(client, path)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    # Before: the 30 articles, their sections and tags were read again on every request.
    assert queries == 0


@pytest.mark.parametrize("path", FEEDS)
def test_a_cached_feed_still_answers_304_to_a_reader_who_has_it(client, make_article, path):
    make_article()
    etag = fetch(client, path)[0]["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("path", FEEDS)
def test_a_published_article_is_in_the_cached_feed_at_once(client, make_article, path):
    from masthead.articles import actions
    from masthead.articles.models import Article

    make_article(headline="Bridge vote passes")
    draft = make_article(headline="Ferry strike called off", status=Article.Status.DRAFT)
    assert b"Ferry strike" not in fetch(client, path)[0].content
    actions.publish_article(draft)
    assert b"Ferry strike called off" in fetch(client, path)[0].content


@pytest.mark.parametrize("path", FEEDS)
def test_an_edited_headline_replaces_the_old_one_in_the_cached_feed(client, make_article, path):
    from masthead.articles import actions

    article = make_article(headline="Bridge vote passes")
    fetch(client, path)
    article.headline = "Bridge vote passes narrowly"
    actions.save_article(article)
    content = fetch(client, path)[0].content
    assert b"Bridge vote passes narrowly" in content


@pytest.mark.parametrize("path", FEEDS)
def test_an_unpublished_article_leaves_the_cached_feed_at_once(client, make_article, path):
    from masthead.articles import actions
    from masthead.articles.models import Article

    make_article(headline="Bridge vote passes")
    withdrawn = make_article(headline="Ferry strike called off")
    assert b"Ferry strike" in fetch(client, path)[0].content
    withdrawn.status = Article.Status.DRAFT
    actions.save_article(withdrawn)
    content = fetch(client, path)[0].content
    assert b"Ferry strike" not in content
    assert b"Bridge vote passes" in content


def test_a_deleted_article_leaves_the_cached_feed_at_once(client, make_article):
    make_article(headline="Bridge vote passes")
    doomed = make_article(headline="Ferry strike called off")
    assert b"Ferry strike" in fetch(client, "/feeds/rss/")[0].content
    doomed.delete()
    assert b"Ferry strike" not in fetch(client, "/feeds/rss/")[0].content


def test_a_renamed_section_and_a_new_tag_show_in_the_cached_feeds(client, make_article):
    from masthead.articles import actions
    from masthead.articles.models import Tag

    article = make_article(headline="Bridge vote passes")
    fetch(client, "/feeds/rss/")
    fetch(client, "/feeds/section/world/atom/")
    section = article.section
    section.name = "Region"
    section.save()
    tag = Tag.objects.create(name="Transport", slug="transport")
    actions.save_article(article, tag_ids=[tag.pk])
    rss = fetch(client, "/feeds/rss/")[0].content
    assert b"<category>Region</category>" in rss
    assert b"<category>Transport</category>" in rss
    atom = fetch(client, "/feeds/section/world/atom/")[0].content
    assert b"<title>Region \xc2\xb7" in atom


def test_a_change_in_another_process_reaches_this_one_through_the_shared_version(
    client, make_article
):
    """What another web process does on a save: bump the feeds' version in the shared cache."""
    from masthead.articles.models import Article
    from masthead.core.feeds import bump_feeds

    article = make_article(headline="Bridge vote passes")
    fetch(client, "/feeds/rss/")
    # Written straight to the table, as another process's save would leave it here.
    Article.objects.filter(pk=article.pk).update(headline="Bridge vote passes narrowly")
    assert b"narrowly" not in fetch(client, "/feeds/rss/")[0].content  # still the cached copy
    bump_feeds()
    assert b"Bridge vote passes narrowly" in fetch(client, "/feeds/rss/")[0].content


@pytest.mark.parametrize("path", ["/feeds/rss/", "/feeds/section/world/atom/"])
def test_a_scheduled_article_appears_when_it_goes_live_without_any_save(
    client, make_article, path, monkeypatch
):
    from masthead.articles.models import Article

    clock = CodeClock()  # the code's clock: it stands still while the feed is built
    make_article(headline="Bridge vote passes")
    goes_live = clock.now() + timedelta(seconds=1.5)
    make_article(
        headline="Budget embargo lifted", status=Article.Status.SCHEDULED, published_at=goes_live
    )
    clock.install(monkeypatch)
    first, _ = fetch(client, path)
    kept_at = time.monotonic()
    assert b"Budget embargo" not in first.content
    assert first["X-Page-Cache"] == "miss"  # kept, but only until the story is due: 1 s
    clock.advance(timedelta(seconds=1.6))  # the story is due
    wait_out(kept_at, 1)  # and the store has dropped a copy kept for the whole second
    later, _ = fetch(client, path)
    assert b"Budget embargo lifted" in later.content


def test_a_feed_built_less_than_a_second_before_a_story_is_due_is_not_kept(
    client, make_article, monkeypatch
):
    from masthead.articles import feeds

    make_article(headline="Bridge vote passes")
    # Due half a second after the feed starts being built, however long that takes here.
    monkeypatch.setattr(
        feeds, "next_going_live", lambda after, slug=None: after + timedelta(seconds=0.5)
    )
    first, _ = fetch(client, "/feeds/rss/")
    assert "X-Page-Cache" not in first
    second, queries = fetch(client, "/feeds/rss/")
    assert "X-Page-Cache" not in second
    assert queries > 0


def test_a_story_due_in_another_section_does_not_shorten_this_sections_feed(
    client, make_article, make_section
):
    from masthead.articles.models import Article

    make_article(headline="Bridge vote passes")
    make_article(
        headline="Cup final tonight",
        section=make_section("Sport", "sport"),
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(seconds=0.5),
    )
    fetch(client, "/feeds/section/world/rss/")
    assert fetch(client, "/feeds/section/world/rss/")[0]["X-Page-Cache"] == "hit"


def test_feeds_are_built_every_time_when_the_page_cache_is_off(
    client, make_article, masthead_settings
):
    masthead_settings(PAGE_CACHE_SECONDS=0)
    make_article()
    fetch(client, "/feeds/rss/")
    response, queries = fetch(client, "/feeds/rss/")
    assert "X-Page-Cache" not in response
    assert queries > 0


def test_a_correction_moves_the_entrys_update_time_in_the_cached_atom_feed(client, make_article):
    from masthead.articles import actions
    from masthead.articles.models import Article

    article = make_article(headline="Bridge vote passes")
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(days=1))
    updated = re.compile(rb"<entry>.*?<updated>([^<]+)</updated>", re.S)
    before = updated.search(fetch(client, "/feeds/atom/")[0].content)
    assert before is not None
    actions.add_correction(article, "An earlier version gave the wrong vote count.")
    after = updated.search(fetch(client, "/feeds/atom/")[0].content)
    assert after is not None
    assert after.group(1) > before.group(1)
