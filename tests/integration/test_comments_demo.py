"""The demo discussions: threads with replies, a held comment, a pick; loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.comments.demo import DEMO_READER_EMAIL, DEMO_READER_PASSWORD, load_demo_comments
from masthead.comments.models import Comment, CommentLike

pytestmark = pytest.mark.django_db


def test_demo_comments_make_threads_and_are_idempotent(make_article, moderator_user):
    market = make_article(import_key="demo:market-street")
    make_article(import_key="demo:night-buses", comments_mode="premoderated")
    make_article(import_key="demo:ferries", comments_mode="closed")
    load_demo_comments()
    counts = (Comment.objects.count(), CommentLike.objects.count())
    load_demo_comments()
    assert (Comment.objects.count(), CommentLike.objects.count()) == counts
    assert Comment.objects.filter(article=market, parent__isnull=False).count() >= 4
    assert Comment.objects.filter(status="held").count() == 2
    assert Comment.objects.filter(is_editors_pick=True).count() == 1
    html = Client().get(market.get_absolute_url()).content.decode()
    assert "Replying to" in html and "Editors' picks" in html
    assert "idiot" not in html
    sam = Client()
    assert sam.login(username=DEMO_READER_EMAIL, password=DEMO_READER_PASSWORD)
    own = sam.get(market.get_absolute_url()).content.decode()
    assert "Held for review" in own and "It may contain a personal insult." in own
