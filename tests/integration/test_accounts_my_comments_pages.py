"""'My comments' on the account page showed the newest 100 comments and said nothing of the
rest: it now says which of how many it shows, and pages back to the older ones."""

from __future__ import annotations

import copy
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.comments.account_views import MY_COMMENTS_PER_PAGE
from masthead.comments.models import Comment
from tests.support.comment_fixtures import PUBLISH_ALL

pytestmark = pytest.mark.django_db


def _comments_of(reader, article, post, how_many: int) -> None:  # type: ignore[no-untyped-def]
    first = post(article, reader, "Comment number 0.")
    start = timezone.now() - timedelta(days=10)
    copies = []
    for n in range(1, how_many):
        twin = copy.copy(first)
        twin.pk = None
        twin.text = f"Comment number {n}."
        twin.html = f"<p>Comment number {n}.</p>"
        twin.created_at = start + timedelta(minutes=n)
        copies.append(twin)
    Comment.objects.bulk_create(copies)
    Comment.objects.filter(pk=first.pk).update(created_at=start)


def _numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"<p>Comment number (\d+)\.</p>", page)]


def test_a_reader_with_more_comments_than_a_page_is_told_so_and_can_page_to_the_oldest(
    client, make_article, make_reader, post, use_moderator
):
    use_moderator(PUBLISH_ALL)
    reader = make_reader()
    total = MY_COMMENTS_PER_PAGE + 5
    _comments_of(reader, make_article(), post, total)
    client.force_login(reader)

    first = client.get("/accounts/profile/").content.decode()
    assert _numbers(first) == list(range(total - 1, total - 1 - MY_COMMENTS_PER_PAGE, -1))
    assert f"Comments 1&ndash;{MY_COMMENTS_PER_PAGE} of {total}, newest first." in first
    assert '<a href="?page=2#my-comments">Older comments</a>' in first

    second = client.get("/accounts/profile/?page=2").content.decode()
    assert _numbers(second) == [4, 3, 2, 1, 0]
    assert f"Comments {MY_COMMENTS_PER_PAGE + 1}&ndash;{total} of {total}" in second
    assert '<a href="?page=1#my-comments">Newer comments</a>' in second
    assert "Older comments" not in second
    assert client.get("/accounts/profile/?page=x").status_code == 200  # no number: first page


def test_a_reader_with_one_page_of_comments_sees_no_count_or_page_links(
    client, make_article, make_reader, post, use_moderator
):
    use_moderator(PUBLISH_ALL)
    reader = make_reader()
    _comments_of(reader, make_article(), post, 3)
    client.force_login(reader)
    page = client.get("/accounts/profile/").content.decode()
    assert _numbers(page) == [2, 1, 0]
    assert "newest first" not in page and "Older comments" not in page
