"""Narration audio under /media/, found by a security review (2026-11-29): its file name is the
article's id and the `v=` of the player's public audio URL, so it bypassed the checks of
/listen/<slug>.mp3 (a story taken back to draft, audio withdrawn after an edit)."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.articles.models import Article
from masthead.narration.models import Narration
from masthead.narration.tasks import run_narration
from tests.support.narration import SHORT_BODY, fake_engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def narrated(make_article):  # type: ignore[no-untyped-def]
    fake_engine()
    article = make_article(slug="bridge-vote", body=SHORT_BODY)
    narration = run_narration(article.pk)
    assert narration.status == Narration.Status.READY
    assert narration.audio.startswith("narration/")
    return article, narration


def test_narration_audio_of_a_story_taken_back_to_draft_is_not_served_from_media(narrated):
    article, narration = narrated
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert Client().get(f"/listen/{article.slug}.mp3").status_code == 404
    for path in (narration.audio, "./" + narration.audio, "photos/../" + narration.audio):
        assert Client().get(f"/media/{path}").status_code == 404, path


def test_photos_are_still_served_from_media(settings, tmp_path):
    folder = tmp_path / "media" / "photos" / "2026" / "11"
    folder.mkdir(parents=True)
    (folder / "tram.jpg").write_bytes(b"\xff\xd8\xff\xe0 a picture")
    assert Client().get("/media/photos/2026/11/tram.jpg").status_code == 200
