"""The podcast feed (/feeds/podcast.xml) is kept whole in the page cache, and every change that
alters it shows at once: a narration made or made again (a voice change), audio withdrawn by an
edit, an article edited, unpublished or deleted, a section's articles, a narrated story going
live by the clock, a change of the site's address, a bump from another process, new code.

Each staleness test fetches the feed first, so that it is cached, and checks the change is in
the next answer; without the version bump it tests, the cached copy is served and it fails."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.narration.tasks import run_narration
from tests.support.code_clock import CodeClock, wait_out
from tests.support.narration import SHORT_BODY, fake_engine

PODCAST = "/feeds/podcast.xml"


def fetch(client):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PODCAST)
    assert response.status_code == 200
    return response, len(queries.captured_queries)


@pytest.fixture
def narrated(make_article):  # type: ignore[no-untyped-def]
    """A live article with ready audio."""

    def make(**fields: object):  # type: ignore[no-untyped-def]
        fake_engine()
        article = make_article(body=SHORT_BODY, **fields)
        narration = run_narration(article.pk)
        assert narration.status == "ready"
        return article, narration

    return make


@pytest.mark.django_db
def test_the_podcast_asked_for_again_is_served_from_the_cache_without_building_it(client, narrated):
    narrated(headline="Bridge vote passes")
    first, _ = fetch(client)
    second, queries = fetch(client)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    # Before: every narration, its article and the audio file on disk were read each time.
    assert queries == 0


@pytest.mark.django_db
def test_a_cached_podcast_still_answers_304_to_a_reader_who_has_it(client, narrated):
    narrated()
    etag = fetch(client)[0]["ETag"]
    again = client.get(PODCAST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


@pytest.mark.django_db
def test_a_narration_that_finishes_is_in_the_cached_podcast_at_once(client, narrated, make_article):
    """Only narration rows change here (in production, in a task worker): the article was
    saved before the feed was cached."""
    narrated(headline="Bridge vote passes")
    waiting = make_article(headline="Ferry strike called off", body=SHORT_BODY)
    assert b"Ferry strike" not in fetch(client)[0].content
    assert run_narration(waiting.pk).status == "ready"
    assert b"Ferry strike called off" in fetch(client)[0].content


@pytest.mark.django_db
def test_audio_made_again_in_another_voice_replaces_the_old_enclosure_at_once(
    client, narrated, settings
):
    from tests.support.narration import use_engine

    article, before = narrated(headline="Bridge vote passes")
    assert f"?v={before.audio_hash[:16]}".encode() in fetch(client)[0].content
    use_engine(settings, "fake", voice="fake-other")
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_RATE": 1.5}
    after = run_narration(article.pk, force=True)  # the editors' Regenerate, as its task runs
    assert after.status == "ready" and after.audio_hash != before.audio_hash
    content = fetch(client)[0].content
    assert f"?v={after.audio_hash[:16]}".encode() in content
    assert f"?v={before.audio_hash[:16]}".encode() not in content
    assert f'length="{after.size}"'.encode() in content


@pytest.mark.django_db
def test_an_edit_that_withdraws_the_audio_takes_the_episode_out_at_once(client, narrated):
    from masthead.articles import actions

    article, _ = narrated(headline="Bridge vote passes")
    assert b"Bridge vote passes" in fetch(client)[0].content
    article.body = SHORT_BODY + "\n\nThe talks resume on Monday."
    actions.save_article(article)  # the audio no longer reads the text: withdrawn
    assert b"Bridge vote passes" not in fetch(client)[0].content


@pytest.mark.django_db
def test_a_new_address_for_the_article_shows_in_the_cached_podcast(client, narrated):
    """An edit that leaves what the audio reads alone (its slug) keeps the episode, with the
    article's new link."""
    from masthead.articles import actions

    article, _ = narrated(headline="Bridge vote passes", slug="bridge-vote")
    assert b"/news/bridge-vote/" in fetch(client)[0].content
    article.slug = "bridge-vote-passes"
    actions.save_article(article)
    content = fetch(client)[0].content
    assert b"/news/bridge-vote-passes/" in content
    assert b"/listen/bridge-vote-passes.mp3" in content


@pytest.mark.django_db
def test_an_edited_then_narrated_headline_replaces_the_old_one_in_the_cached_podcast(
    client, narrated
):
    from masthead.articles import actions

    article, _ = narrated(headline="Bridge vote passes")
    fetch(client)
    article.headline = "Bridge vote passes narrowly"
    actions.save_article(article)
    assert b"Bridge vote passes" not in fetch(client)[0].content  # withdrawn meanwhile
    assert run_narration(article.pk).status == "ready"
    assert b"<title>Bridge vote passes narrowly</title>" in fetch(client)[0].content


@pytest.mark.django_db
def test_an_unpublished_article_leaves_the_cached_podcast_at_once(client, narrated):
    from masthead.articles import actions
    from masthead.articles.models import Article

    narrated(headline="Bridge vote passes")
    withdrawn, _ = narrated(headline="Ferry strike called off")
    assert b"Ferry strike" in fetch(client)[0].content
    withdrawn.status = Article.Status.DRAFT
    actions.save_article(withdrawn)
    content = fetch(client)[0].content
    assert b"Ferry strike" not in content
    assert b"Bridge vote passes" in content


@pytest.mark.django_db
def test_a_deleted_article_leaves_the_cached_podcast_at_once(client, narrated):
    narrated(headline="Bridge vote passes")
    doomed, _ = narrated(headline="Ferry strike called off")
    assert b"Ferry strike" in fetch(client)[0].content
    doomed.delete()
    assert b"Ferry strike" not in fetch(client)[0].content


@pytest.mark.django_db
def test_a_narration_deleted_on_its_own_leaves_the_cached_podcast_at_once(client, narrated):
    _, narration = narrated(headline="Bridge vote passes")
    assert b"Bridge vote passes" in fetch(client)[0].content
    narration.delete()
    assert b"Bridge vote passes" not in fetch(client)[0].content


@pytest.mark.django_db
def test_a_section_change_makes_the_cached_podcast_rebuild(client, narrated):
    """The podcast names no section today, but a section's change bumps the version every
    feed shares, the podcast's included: nothing it may come to show from one is kept."""
    article, _ = narrated(headline="Bridge vote passes")
    fetch(client)
    assert fetch(client)[0]["X-Page-Cache"] == "hit"
    section = article.section
    section.name = "Region"
    section.save()
    response = fetch(client)[0]
    assert response["X-Page-Cache"] == "miss"
    assert b"Bridge vote passes" in response.content


@pytest.mark.django_db
def test_a_narrated_story_scheduled_to_go_live_joins_the_podcast_on_time_without_any_save(
    client, narrated, monkeypatch
):
    from masthead.articles.models import Article

    clock = CodeClock()  # the code's clock: it stands still while the feed is built
    narrated(headline="Bridge vote passes")
    goes_live = clock.now() + timedelta(seconds=1.5)
    # Narrated while it waits (narration.actions.article_changed).
    narrated(
        headline="Budget embargo lifted", status=Article.Status.SCHEDULED, published_at=goes_live
    )
    clock.install(monkeypatch)
    first, _ = fetch(client)
    kept_at = time.monotonic()
    assert b"Budget embargo" not in first.content
    assert first["X-Page-Cache"] == "miss"  # kept, but only until the story is due: 1 s
    clock.advance(timedelta(seconds=1.6))  # the story is due
    wait_out(kept_at, 1)  # and the store has dropped a copy kept for the whole second
    assert b"Budget embargo lifted" in fetch(client)[0].content


@pytest.mark.django_db
def test_a_story_due_without_audio_does_not_shorten_the_podcasts_copy(
    client, narrated, make_article
):
    from masthead.articles.models import Article

    narrated(headline="Bridge vote passes")
    make_article(
        headline="Cup final tonight",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(seconds=0.5),
    )
    fetch(client)
    assert fetch(client)[0]["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_change_in_another_process_reaches_this_one_through_the_shared_version(client, narrated):
    """What a task worker does when a narration finishes: bump the podcast's version in the
    shared cache (here by hand, after writing the row as that process would)."""
    from masthead.core.feeds import bump_feeds
    from masthead.narration.feeds import PODCAST as GROUP
    from masthead.narration.models import Narration

    _, narration = narrated(headline="Bridge vote passes")
    assert b"Bridge vote passes" in fetch(client)[0].content
    Narration.objects.filter(pk=narration.pk).update(audio="")
    assert b"Bridge vote passes" in fetch(client)[0].content  # still the cached copy
    bump_feeds(GROUP)
    assert b"Bridge vote passes" not in fetch(client)[0].content


@pytest.mark.django_db
def test_a_narration_save_leaves_the_articles_feeds_cached(client, narrated):
    """The podcast has a version of its own: a narration's progress through its states does
    not make the articles' feeds rebuild."""
    article, _ = narrated(headline="Bridge vote passes")
    client.get("/feeds/rss/")
    run_narration(article.pk, force=True)
    assert client.get("/feeds/rss/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_new_site_address_is_never_served_a_copy_naming_the_old_one(client, narrated, settings):
    narrated()
    settings.SITE_URL = "https://old.example.org"
    assert b"https://old.example.org/" in fetch(client)[0].content
    settings.SITE_URL = "https://news.example.org"
    content = fetch(client)[0].content
    assert b"https://old.example.org/" not in content
    assert b"https://news.example.org/" in content


@pytest.mark.django_db
def test_a_copy_made_by_other_code_is_never_served(client, narrated, monkeypatch):
    """After an upgrade (or during a rolling one) a copy made by the previous code, which may
    list audio the new body parser no longer finds current, is not served."""
    from masthead.core import feeds

    narrated()
    fetch(client)
    assert fetch(client)[0]["X-Page-Cache"] == "hit"
    monkeypatch.setattr(feeds, "code_id", lambda: "the-next-release")
    assert fetch(client)[0]["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_feed_whose_group_nothing_watches_is_built_every_time(client, narrated, monkeypatch):
    from masthead.core import feeds

    narrated()
    monkeypatch.setattr(feeds, "_watched_groups", {feeds.ALL_FEEDS})
    fetch(client)
    response, queries = fetch(client)
    assert "X-Page-Cache" not in response
    assert queries > 0


@pytest.mark.own_database  # names its own database: run in the first pass only
def test_a_process_that_never_loads_the_urls_bumps_the_podcast_when_a_narration_changes(
    tmp_path,
):
    """A task worker, where narrations finish, may never import the URLs (and with them the
    feed's module): the watch is set up when the app is ready, or its saves would bump nothing."""
    import os
    import subprocess
    import sys

    code = (
        "import sys, django; django.setup()\n"
        "from masthead.core import feeds\n"
        "assert 'masthead.narration.urls' not in sys.modules, 'urls loaded'\n"
        "print(sorted(feeds._watched_groups))\n"
    )
    env = {
        **os.environ,
        "MASTHEAD_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        # its own (never opened): the same whatever the pass's database
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("REDIS_URL", None)  # and no Redis: the file cache, as in the first pass
    result = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['', 'podcast']"
