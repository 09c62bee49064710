"""Comments brought in with "Load more comments" and "More replies" come back after going
Back even when the reader had followed a link within the page first (QA walk as a reader,
2026-11-30). "Replying to X" (`#comment-N`) and "Skip to content" make a new history entry of
the same page, with no state of its own: the pages and replies noted in the entry before were
not in it, so a reader who then followed a link away and came Back got the first page alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.comments import actions, queries
from masthead.comments.models import Comment
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD, READER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def test_loaded_comments_come_back_after_a_replying_to_link_and_going_back(
    page, live_server, make_article, make_reader, masthead_settings, monkeypatch
):
    monkeypatch.setattr(queries, "REPLIES_SHOWN", 2)
    masthead_settings(PAGE_SIZE=2, COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    writer = make_reader("Writer", email="writer@example.org")
    answerer = make_reader("Answerer", email="answerer@example.org")
    make_reader("Reader", email="reader@example.org")
    start = timezone.now() - timedelta(hours=1)
    roots = []
    for n in range(3):
        root = actions.post_comment(
            article, writer, actions.Posting(text=f"Thread number {n}. " + "Words. " * 30)
        )
        Comment.objects.filter(pk=root.pk).update(created_at=start + timedelta(minutes=n))
        roots.append(root)
    for n in range(4):
        reply = actions.post_comment(
            article,
            answerer,
            actions.Posting(text=f"Answer number {n}. " + "More. " * 20, parent_id=roots[2].pk),
        )
        Comment.objects.filter(pk=reply.pk).update(
            created_at=start + timedelta(minutes=2, seconds=n + 1)
        )
    url = article.get_absolute_url() + "?sort=oldest"
    log_in(page, live_server.url, "reader@example.org", READER_PASSWORD, url)
    page.get_by_role("link", name="Load more comments").click()
    page.get_by_text("Thread number 2").wait_for()
    page.get_by_role("link", name="More replies").click()
    page.get_by_text("Answer number 3.").wait_for()
    answer = page.locator("article.comment", has_text="Answer number 3.")
    answer.get_by_role("link", name="Writer").click()  # "Replying to Writer"
    page.wait_for_url(lambda u: f"#comment-{roots[2].pk}" in u)

    page.goto(live_server.url + "/comments/faq/")
    page.go_back()
    page.get_by_text("Answer number 3.").wait_for()
    assert page.get_by_text("Thread number 2").count() == 1
    assert page.get_by_text("Answer number 2.").count() == 1


def test_back_from_a_replying_to_link_returns_to_the_reply_after_loading_more(
    page, live_server, make_article, make_reader, masthead_settings
):
    # To put the place back after the loaded pages, comments.js turned the browser's own
    # scroll restoring off for the page as soon as a page was loaded; a link within the page
    # carried that to its entry, so Back from "Replying to X" left the reader at X, not at the
    # reply they had come from. It is now off only for coming back from another page.
    masthead_settings(PAGE_SIZE=2, COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    writer = make_reader("Writer", email="writer@example.org")
    answerer = make_reader("Answerer", email="answerer@example.org")
    make_reader("Reader", email="reader@example.org")
    start = timezone.now() - timedelta(hours=1)
    roots = []
    for n in range(3):
        root = actions.post_comment(
            article, writer, actions.Posting(text=f"Thread number {n}. " + "Words. " * 30)
        )
        Comment.objects.filter(pk=root.pk).update(created_at=start + timedelta(minutes=n))
        roots.append(root)
    for n in range(8):
        reply = actions.post_comment(
            article,
            answerer,
            actions.Posting(text=f"Answer number {n}. " + "More. " * 40, parent_id=roots[0].pk),
        )
        Comment.objects.filter(pk=reply.pk).update(created_at=start + timedelta(seconds=n + 1))
    url = article.get_absolute_url() + "?sort=oldest"
    log_in(page, live_server.url, "reader@example.org", READER_PASSWORD, url)
    page.get_by_role("link", name="Load more comments").click()
    page.get_by_text("Thread number 2").wait_for()
    answer = page.locator("article.comment", has_text="Answer number 7.")
    answer.scroll_into_view_if_needed()
    place = page.evaluate("window.scrollY")
    answer.get_by_role("link", name="Writer").click()  # "Replying to Writer", far above
    page.wait_for_function(f"() => window.scrollY < {place - 500}")

    page.go_back()
    page.wait_for_function(f"() => Math.abs(window.scrollY - {place}) < 5", timeout=5_000)
