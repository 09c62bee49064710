"""After an edit, the audio of the earlier text is withdrawn from readers (found by a QA review:
readers kept hearing it until the new narration was ready, or for good if that failed, so a
sentence removed for legal reasons stayed audible). It is served again once the new narration
is ready; a failed one leaves "Audio is not available for this version", never the old audio."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from masthead.articles import actions as article_actions
from masthead.articles.models import Article
from masthead.narration import actions
from masthead.narration.models import Narration
from masthead.narration.presenters import audio_object
from masthead.narration.tasks import run_narration
from tests.support.narration import SHORT_BODY, audio_bytes, fake_engine

pytestmark = pytest.mark.django_db

LIBEL = "Dr. Ana Ruiz, a mediator, said 3 of the 12 issues were settled by 4:30 p.m."


@pytest.fixture
def narrated(make_article):  # type: ignore[no-untyped-def]
    fake_engine()
    article = make_article(slug="bridge-vote", body=SHORT_BODY)
    narration = run_narration(article.pk)
    assert narration.status == Narration.Status.READY
    return article, narration


def _edit(article: Article, body: str) -> Article:
    """An editor's save: the article changes and its narration is queued (the task, which runs
    on commit, does not run here: the test runs it when it wants the worker to finish)."""
    article.body = body
    article_actions.save_article(article)
    actions.request_narration(article)
    return article


def _urls(article: Article, narration: Narration) -> list[tuple[str, dict[str, str]]]:
    version = {"v": narration.audio_hash[:16]}
    return [
        (f"/listen/{article.slug}.mp3", {}),
        (f"/listen/{article.slug}.mp3", version),
        (f"/listen/{article.slug}.mp3", {"download": "1"}),
        (f"/listen/{article.slug}/timings.json", version),
    ]


def _assert_withdrawn(client: Client, article: Article, old: Narration) -> None:
    for url, query in _urls(article, old):
        response = client.get(url, query, HTTP_RANGE="bytes=0-99")
        assert response.status_code == 410, url
        assert response["Cache-Control"] == "private, no-store", url
        assert b"ID3" not in response.content and LIBEL.encode() not in response.content


def test_after_an_edit_the_old_audio_is_refused_until_the_new_narration_is_ready(client, narrated):
    article, old = narrated
    assert client.get(f"/listen/{article.slug}.mp3").status_code == 200
    _edit(article, SHORT_BODY.replace(LIBEL, "A mediator said talks would go on."))

    _assert_withdrawn(client, article, old)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "The audio is being updated after an edit." in page
    assert "data-audio-url" not in page and old.audio_hash[:16] not in page
    assert audio_object(article) is None  # JSON-LD no longer names the withdrawn file
    feed = client.get("/feeds/podcast.xml").content.decode()
    assert old.audio_hash[:16] not in feed
    state = json.loads(client.get(f"/listen/{article.slug}/status.json").content)
    assert state["has_audio"] is False and state["outdated"] is True
    assert state["status"] == "queued" and "audio_url" not in state

    new = run_narration(article.pk)  # the worker finishes
    assert new.status == Narration.Status.READY and new.audio_hash != old.audio_hash
    response = client.get(f"/listen/{article.slug}.mp3", {"v": new.audio_hash[:16]})
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == audio_bytes(new)
    assert client.get(f"/listen/{article.slug}/timings.json").status_code == 200
    page = client.get(article.get_absolute_url()).content.decode()
    assert "being updated" not in page and f"v={new.audio_hash[:16]}" in page
    # the earlier version's URL does not come back with it
    old_url = client.get(f"/listen/{article.slug}.mp3", {"v": old.audio_hash[:16]})
    assert "immutable" not in old_url["Cache-Control"]


def test_when_the_new_narration_fails_the_old_audio_stays_withdrawn(client, narrated):
    article, old = narrated
    _edit(article, SHORT_BODY.replace(LIBEL, "A mediator said talks would go on."))
    fake_engine().fail_on = "talks would go on"
    failed = run_narration(article.pk)
    assert failed.status == Narration.Status.FAILED
    assert failed.audio == old.audio  # kept for editors' records, not served

    _assert_withdrawn(client, article, old)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Audio is not available for this version." in page
    assert "data-audio-url" not in page and "data-listen-pending" not in page
    assert "being updated" not in page


def test_editors_see_the_status_and_that_the_earlier_audio_is_withdrawn(
    client, narrated, django_user_model
):
    from django.contrib.auth.models import Permission

    article, old = narrated
    _edit(article, SHORT_BODY.replace(LIBEL, "A mediator said talks would go on."))
    editor = django_user_model.objects.create_user("ed", password="pw-ed-12345", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_article", "change_narration"])
    )
    client.force_login(editor)
    _assert_withdrawn(client, article, old)  # editors are not served it either
    page = client.get(article.get_absolute_url()).content.decode()
    stale = re.search(r"<span data-listen-stale( hidden)?>([^<]*)</span>", page)
    assert stale is not None and stale.group(1) is None
    assert "withdrawn from readers" in stale.group(2)
    assert "data-listen-status>queued<" in page


def test_an_edit_that_changes_nothing_read_keeps_the_audio_served_and_needs_no_synthesis(
    client, narrated
):
    article, old = narrated
    _edit(article, SHORT_BODY.replace("\n\n", "\n\n\n"))  # blank lines: nothing a voice says
    # the page shows the same sentences, so the audio stays current meanwhile (it was
    # withdrawn until the worker had looked, when the raw text's hash decided)
    assert client.get(f"/listen/{article.slug}.mp3").status_code == 200
    assert client.get(f"/listen/{article.slug}/timings.json").status_code == 200
    engine = fake_engine()
    again = run_narration(article.pk)
    assert engine.calls == []
    assert again.status == Narration.Status.READY and again.audio_hash == old.audio_hash
    assert again.source_hash == article.content_hash
    assert client.get(f"/listen/{article.slug}.mp3").status_code == 200


def test_shared_caches_keep_public_audio_a_minute_at_most(client, narrated):
    article, narration = narrated
    for url, query in _urls(article, narration):
        response = client.get(url, query)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"]
        assert "s-maxage=60" in response["Cache-Control"], url
