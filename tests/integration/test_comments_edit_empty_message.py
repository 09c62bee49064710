"""The edit page's error for an emptied comment says "before saving" (it said "before
posting", the new comment form's words, on a page whose button is Save)."""

from __future__ import annotations

import pytest

from masthead.comments import actions
from tests.support.comment_fixtures import PUBLISH_ALL

pytestmark = pytest.mark.django_db


def test_emptying_a_comment_on_its_edit_page_asks_for_words_before_saving(
    client, make_article, make_reader, post, use_moderator
):
    use_moderator(PUBLISH_ALL)
    reader = make_reader()
    comment = post(make_article(), reader, "Original words.")
    client.force_login(reader)
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "  \n "})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please write something before saving." in page
    assert "before posting" not in page


def test_a_new_comment_with_no_words_still_asks_for_them_before_posting(make_article, make_reader):
    with pytest.raises(actions.InvalidComment, match="^Please write something before posting.$"):
        actions.post_comment(make_article(), make_reader(), actions.Posting(text=" "))
