"""HEAD of the narration's MP3 (the podcast feed's enclosure) answers as GET does, without the
body: podcast apps and feed validators ask HEAD for an enclosure's type and size before they
fetch it. Found in the narration QA walk of 2026-11-30: the audio and part URLs answered
405 Method Not Allowed to HEAD (`require_GET`), so a client checking the enclosure first
took the episode for broken."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from masthead.narration.tasks import run_narration
from tests.support.narration import SHORT_BODY, fake_engine

pytestmark = pytest.mark.django_db


def _body_sent(url: str, slug: str, **headers: str) -> bytes:
    """The body the view itself gives a HEAD (the test client drops it, a WSGI server may
    not: gunicorn would read and send the whole file)."""
    from masthead.narration.views import audio

    request = RequestFactory().head(url, **headers)
    request.user = AnonymousUser()
    response = audio(request, slug)
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[arg-type]
    return response.content


@pytest.fixture
def narrated(make_article):  # type: ignore[no-untyped-def]
    fake_engine()
    article = make_article(slug="bridge-vote", body=SHORT_BODY)
    narration = run_narration(article.pk)
    assert narration.status == "ready"
    return article, narration


def test_head_of_the_audio_gives_its_type_and_length_without_the_body(client, narrated):
    article, narration = narrated
    url = f"/listen/{article.slug}.mp3?v={narration.audio_hash[:16]}"
    got = client.get(url)
    head = client.head(url)

    assert head.status_code == 200
    assert head["Content-Type"] == got["Content-Type"] == "audio/mpeg"
    assert head["Content-Length"] == got["Content-Length"] == str(narration.size)
    assert head["ETag"] == got["ETag"] and head["Accept-Ranges"] == "bytes"
    assert head["Cache-Control"] == got["Cache-Control"]
    assert _body_sent(f"/listen/{article.slug}.mp3", article.slug) == b""


def test_head_of_a_range_gives_the_range_without_the_body(client, narrated):
    article, narration = narrated
    head = client.head(f"/listen/{article.slug}.mp3", HTTP_RANGE="bytes=0-99")
    assert head.status_code == 206
    assert head["Content-Range"] == f"bytes 0-99/{narration.size}"
    assert head["Content-Length"] == "100"
    assert _body_sent(f"/listen/{article.slug}.mp3", article.slug, HTTP_RANGE="bytes=0-99") == b""


def test_head_of_withdrawn_audio_is_refused_as_get_is(client, narrated):
    article, _ = narrated
    article.body += "\n\nA new paragraph nobody has heard."
    article.save()
    assert client.head(f"/listen/{article.slug}.mp3").status_code == 410


def test_other_methods_are_still_refused(client, narrated):
    article, _ = narrated
    assert client.post(f"/listen/{article.slug}.mp3").status_code == 405
    assert client.put(f"/listen/{article.slug}.mp3").status_code == 405
