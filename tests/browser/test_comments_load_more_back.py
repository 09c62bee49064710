"""Comments loaded with "Load more comments" are there again when a signed-in reader goes to
another page and comes back (2026-11-30). Their pages are not kept in the back-forward cache
(259d93e: `no-store`), so the article was loaded anew with the first page alone, at the top;
now comments.js notes the pages loaded in the history entry's state, fetches them again in
order and puts the scroll position back."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.comments import actions
from masthead.comments.models import Comment
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator(BY_KEYWORD)


def test_loaded_comments_and_the_place_come_back_after_going_back(
    page, live_server, make_article, make_reader, masthead_settings
):
    masthead_settings(PAGE_SIZE=2, COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    writer = make_reader("Writer", email="writer@example.org")
    make_reader("Reader", email="reader@example.org")
    start = timezone.now() - timedelta(hours=1)
    for n in range(5):
        comment = actions.post_comment(
            article, writer, actions.Posting(text=f"Thread number {n}. " + "Words. " * 60)
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=start + timedelta(minutes=n))
    url = article.get_absolute_url() + "?sort=oldest"
    log_in(page, live_server.url, "reader@example.org", READER_PASSWORD, url)
    page.get_by_role("link", name="Load more comments").click()
    page.get_by_text("Thread number 3").wait_for()
    page.get_by_role("link", name="Load more comments").click()
    page.get_by_text("Thread number 4").wait_for()
    page.get_by_text("Thread number 3").scroll_into_view_if_needed()
    place = page.evaluate("window.scrollY")
    assert place > 0

    page.goto(live_server.url + "/comments/faq/")  # a click would scroll to the link first
    page.go_back()
    page.get_by_text("Thread number 4").wait_for()
    assert page.get_by_text("Thread number 3").count() == 1  # each page once, in order
    assert page.get_by_role("link", name="Load more comments").count() == 0
    deadline = time.monotonic() + 10
    while abs(page.evaluate("window.scrollY") - place) >= 5 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert abs(page.evaluate("window.scrollY") - place) < 5
