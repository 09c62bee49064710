"""The delete page of a comment its author has already deleted (another tab, the back button)
says so and offers no Delete button (2026-11-30)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from masthead.comments import actions
from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def test_the_delete_page_of_a_deleted_comment_offers_no_delete_button(
    make_article, make_reader, post
):
    alice = make_reader("Alice")
    comment = post(make_article(), alice, "The bridge should open before winter.")
    actions.delete_comment(comment, alice)
    client = Client()
    client.force_login(alice)
    response = client.get(reverse("comments:delete", args=[comment.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "You have already deleted this comment" in body
    assert "Delete comment</button>" not in body
    assert f'action="{reverse("comments:delete", args=[comment.pk])}"' not in body
    assert f"#comment-{comment.pk}" in body


def test_the_delete_page_of_a_comment_not_yet_deleted_still_asks(make_article, make_reader, post):
    alice = make_reader("Alice")
    comment = post(make_article(), alice, "The bridge should open before winter.")
    assert comment.status == Comment.Status.PUBLISHED
    client = Client()
    client.force_login(alice)
    body = client.get(reverse("comments:delete", args=[comment.pk])).content.decode()
    assert "Delete comment</button>" in body
    assert "already deleted" not in body
