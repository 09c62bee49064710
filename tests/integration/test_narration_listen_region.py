"""The "Listen to article" region on the article page is there only when it holds something
(QA walk as a listener, 2026-11-30): an article whose narration failed, or was never made,
had an empty region named "Listen to article" (a landmark a screen reader lists, with nothing
in it) and a blank gap between the byline and the photo."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from masthead.narration.models import Narration
from masthead.narration.tasks import run_narration
from tests.support.narration import SHORT_BODY, fake_engine

pytestmark = pytest.mark.django_db

REGION = 'role="region" aria-label="Listen to article"'


def _listen_box(html: str) -> str:
    match = re.search(r'<div class="listen" data-narration[^>]*>', html)
    assert match is not None
    return match.group(0)


def test_a_narrated_article_has_its_listen_region(make_article):
    fake_engine()
    article = make_article(slug="bridge-vote", body=SHORT_BODY)
    assert run_narration(article.pk).status == Narration.Status.READY
    html = Client().get(article.get_absolute_url()).content.decode()
    assert REGION in _listen_box(html)
    assert 'aria-label="Listen to article"' not in html.replace(_listen_box(html), "")


def test_a_narration_being_made_has_its_region_and_says_so(make_article):
    article = make_article(slug="bridge-vote", body=SHORT_BODY)
    Narration.objects.update_or_create(article=article, defaults={"status": "queued"})
    html = Client().get(article.get_absolute_url()).content.decode()
    assert REGION in _listen_box(html)
    assert "Audio for this article is being prepared." in html


@pytest.mark.parametrize("status", ["failed", "none"])
def test_an_article_with_no_audio_to_offer_has_no_empty_listen_region(make_article, status):
    article = make_article(slug="bridge-vote", body=SHORT_BODY)
    if status == "none":
        Narration.objects.filter(article=article).delete()
    else:
        Narration.objects.update_or_create(
            article=article, defaults={"status": status, "audio": "", "reason": "engine crashed"}
        )
    html = Client().get(article.get_absolute_url()).content.decode()
    box = _listen_box(html)
    assert box.endswith(" hidden>")
    assert 'aria-label="Listen to article"' not in html
