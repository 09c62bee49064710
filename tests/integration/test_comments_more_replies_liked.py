""" "More replies" shows a reply the reader has recommended as recommended (pressed, with the
take-back field), as the article page does (2026-11-30); it showed every reply unpressed, so
pressing again was refused as "already recommended"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from masthead.comments import actions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def test_more_replies_shows_a_recommended_reply_as_recommended(
    make_article, make_reader, post, masthead_settings
):
    masthead_settings(COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    alice, bob = make_reader("Alice"), make_reader("Bob")
    root = post(article, alice, "The bridge should open before winter.")
    replies = [post(article, alice, f"Reply number {n}.", parent=root) for n in range(12)]
    actions.like_comment(replies[-1], bob)
    client = Client()
    client.force_login(bob)
    page = client.get(reverse("comments:replies", args=[root.pk])).content.decode()
    liked = page.split(f'id="comment-{replies[-1].pk}"')[1].split("</article>")[0]
    other = page.split(f'id="comment-{replies[0].pk}"')[1].split("</article>")[0]
    assert 'aria-pressed="true"' in liked and 'name="undo" value="1"' in liked
    assert 'aria-pressed="false"' in other and 'name="undo"' not in other
