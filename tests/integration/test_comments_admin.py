"""The newsroom admin changes comments only through the comment actions."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def test_moderator_approves_a_held_reply_from_the_admin_and_its_parent_author_hears(
    make_article, make_reader, post, moderator_user, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    moderator_user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    article = make_article()
    top = post(article, make_reader("Alice"), "Top.")
    held = post(article, make_reader("Bob"), "idiot reply", parent=top)
    client = Client()
    client.force_login(moderator_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/comments/comment/",
            {"action": "approve", "_selected_action": [held.pk]},
        )
    assert response.status_code == 302
    assert Comment.objects.get(pk=held.pk).status == "published"
    assert len(mailoutbox) == 1
