"""The front page and section pages are kept in the page cache for anonymous readers (perf,
2026-11-30: they were built on every request, 5 and 2 queries, while article pages and feeds
were cached), and are never served stale: every change to what they show, and a story going
live by the clock, reaches the next reader at once; signed-in readers never get the copy."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from tests.support.code_clock import CodeClock, wait_out
from tests.support.comment_fixtures import PUBLISH_ALL

pytestmark = pytest.mark.django_db

LISTS = ["/", "/section/world/"]


@pytest.fixture
def story(make_article):  # type: ignore[no-untyped-def]
    return make_article(headline="Harbour wall to be rebuilt after storm")


def cached(client, url: str) -> None:  # type: ignore[no-untyped-def]
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_are_served_from_the_page_cache(client, story, url, django_assert_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"]
    with django_assert_num_queries(0):
        again = client.get(url + "?utm_source=newsletter")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content


@pytest.mark.parametrize("url", LISTS)
def test_an_edited_headline_shows_at_once(client, story, url):
    from masthead.articles import actions

    cached(client, url)
    story.headline = "Harbour wall rebuilt in record time"
    actions.save_article(story)
    assert b"Harbour wall rebuilt in record time" in client.get(url).content


@pytest.mark.parametrize("url", LISTS)
def test_an_unpublished_story_leaves_at_once(client, story, url, make_article):
    from masthead.articles import actions
    from masthead.articles.models import Article

    make_article(headline="Ferry timetable changes for winter")
    cached(client, url)
    story.status = Article.Status.DRAFT
    actions.save_article(story)
    assert b"Harbour wall" not in client.get(url).content


@pytest.mark.parametrize("url", LISTS)
def test_a_new_story_shows_at_once(client, story, url, make_article):
    cached(client, url)
    make_article(headline="Library opens on Sundays")
    assert b"Library opens on Sundays" in client.get(url).content


@pytest.mark.parametrize("url", LISTS)
def test_a_renamed_section_shows_at_once(client, story, url):
    cached(client, url)
    section = story.section
    section.name = "Worldwide"
    section.save()
    assert b"Worldwide" in client.get(url).content


@pytest.mark.parametrize("url", LISTS)
def test_a_published_comment_moves_the_count_at_once(
    client, story, url, make_reader, post, masthead_settings
):
    masthead_settings(COMMENT_MODERATOR=PUBLISH_ALL)
    reader = make_reader()  # a new display name makes the whole site stale: made before
    cached(client, url)
    assert b"0 comments" in client.get(url).content
    post(story, reader, "The old wall was there for a century.")
    assert b"1 comment<" in client.get(url).content


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("change", ["tag", "correction", "editors_pick"])
def test_changes_not_on_the_cards_make_the_copy_stale_too(
    client, story, url, change, make_reader, post, masthead_settings, moderator_user
):
    """Tags, corrections and picks are not on today's cards; a card that shows them later
    must not be served stale, so they end the copy's life as well."""
    from masthead.articles import actions
    from masthead.articles.models import Tag
    from masthead.comments import actions as comment_actions

    masthead_settings(COMMENT_MODERATOR=PUBLISH_ALL)
    comment = post(story, make_reader())
    cached(client, url)
    if change == "tag":
        Tag.objects.create(name="Storms", slug="storms")
    elif change == "correction":
        actions.add_correction(story, "The wall is 300 metres long, not 200.")
    else:
        comment_actions.feature_comment(comment, moderator_user, True)
    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("url", LISTS)
def test_a_story_going_live_by_the_clock_ends_the_copy_then(
    client, story, url, make_article, monkeypatch
):
    from masthead.articles.models import Article

    clock = CodeClock()  # the code's clock: it stands still while the page is built
    due = clock.now() + timedelta(seconds=1.5)
    make_article(
        headline="Embargoed budget figures",
        status=Article.Status.SCHEDULED,
        published_at=due,
    )
    clock.install(monkeypatch)
    cached(client, url)  # kept, for int(1.5) = 1 s
    kept_at = time.monotonic()
    assert b"Embargoed budget figures" not in client.get(url).content
    clock.advance(timedelta(seconds=1.6))  # the story is due
    wait_out(kept_at, 1)  # and the store has dropped a copy kept for the whole second
    assert b"Embargoed budget figures" in client.get(url).content


@pytest.mark.parametrize("url", LISTS)
def test_the_newsroom_zone_is_in_the_key(client, story, url, settings):
    cached(client, url)
    settings.TIME_ZONE = "America/New_York"
    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("url", LISTS)
def test_a_signed_in_reader_never_gets_or_makes_the_shared_copy(client, story, url, make_reader):
    from django.test import Client

    reader = make_reader(name="Rowan Signed-In")
    client.force_login(reader)
    # A signed-in reader first: nothing of their page is kept for anyone.
    mine = client.get(url)
    assert "X-Page-Cache" not in mine
    assert b"Rowan Signed-In" in mine.content
    assert "no-store" in mine["Cache-Control"]
    anonymous = Client()
    assert anonymous.get(url)["X-Page-Cache"] == "miss"
    assert b"Rowan Signed-In" not in anonymous.get(url).content
    # With the shared copy stored, the signed-in reader still gets their own page.
    again = client.get(url)
    assert "X-Page-Cache" not in again
    assert b"Rowan Signed-In" in again.content
    assert b"Log out" in again.content
    assert "private" in again["Cache-Control"]


def test_an_unknown_section_is_not_kept(client, story):
    assert client.get("/section/no-such-section/").status_code == 404
    assert client.get("/section/no-such-section/").status_code == 404
    assert "X-Page-Cache" not in client.get("/section/no-such-section/")
