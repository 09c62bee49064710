"""Replies a reader opened with "More replies" are there again when the reader goes to another
page and comes back (2026-11-30, QA walk as a reader). Signed-in pages are not kept in the
back-forward cache (259d93e: `no-store`), so the article was loaded anew with each thread's
first replies alone, and the reader was put back at a place that now held other comments.
comments.js already did this for "Load more comments" pages; it now notes the replies loaded
too, fetches them again after those pages, in the order they were opened, and puts the
scroll position back."""

from __future__ import annotations

import time
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


@pytest.fixture
def small_reply_pages(monkeypatch):  # type: ignore[no-untyped-def]
    # A thread shows its first 2 replies and "More replies" brings 10 at a time (10 and 50 on
    # a site), so a thread of 15 replies needs two clicks.
    monkeypatch.setattr(queries, "REPLIES_SHOWN", 2)


def _thread(article, writer, answerer, start, minute, title, replies=0):  # type: ignore[no-untyped-def]
    root = actions.post_comment(article, writer, actions.Posting(text=title + " " + "Words. " * 40))
    Comment.objects.filter(pk=root.pk).update(created_at=start + timedelta(minutes=minute))
    for n in range(replies):
        reply = actions.post_comment(
            article,
            answerer,
            actions.Posting(text=f"Answer number {n}. " + "More words. " * 20, parent_id=root.pk),
        )
        Comment.objects.filter(pk=reply.pk).update(
            created_at=start + timedelta(minutes=minute, seconds=n + 1)
        )
    return root


def _wait_for_place(page, place: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 10
    while abs(page.evaluate("window.scrollY") - place) >= 5 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert abs(page.evaluate("window.scrollY") - place) < 5


def _open_all_replies(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="More replies").click()
    page.get_by_text("Answer number 11.").wait_for()
    page.get_by_role("link", name="More replies").click()
    page.get_by_text("Answer number 14.").wait_for()
    assert page.get_by_role("link", name="More replies").count() == 0


def test_replies_opened_with_more_replies_come_back_after_going_back(
    page, live_server, make_article, make_reader, masthead_settings, small_reply_pages
):
    masthead_settings(COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    writer = make_reader("Writer", email="writer@example.org")
    answerer = make_reader("Answerer", email="answerer@example.org")
    make_reader("Reader", email="reader@example.org")
    start = timezone.now() - timedelta(hours=1)
    _thread(article, writer, answerer, start, 0, "The first thread.", replies=15)
    _thread(article, writer, answerer, start, 1, "The second thread.")
    url = article.get_absolute_url() + "?sort=oldest"
    log_in(page, live_server.url, "reader@example.org", READER_PASSWORD, url)
    _open_all_replies(page)
    page.get_by_text("Answer number 9.").scroll_into_view_if_needed()
    place = page.evaluate("window.scrollY")
    assert place > 0

    page.goto(live_server.url + "/comments/faq/")  # a click would scroll to the link first
    page.go_back()
    page.get_by_text("Answer number 14.").wait_for()
    for n in range(15):  # each reply once, in order
        assert page.get_by_text(f"Answer number {n}.").count() == 1
    texts = page.locator("article.comment .comment__body").all_inner_texts()
    answers = [t.split(".")[0] for t in texts if t.startswith("Answer number")]
    assert answers == [f"Answer number {n}" for n in range(15)]
    assert page.get_by_role("link", name="More replies").count() == 0
    _wait_for_place(page, place)


def test_replies_in_a_loaded_page_come_back_after_the_page_itself(
    page, live_server, make_article, make_reader, masthead_settings, small_reply_pages
):
    # The thread whose replies were opened is on the second page: its page is fetched again
    # first, then its replies.
    masthead_settings(PAGE_SIZE=2, COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    writer = make_reader("Writer", email="writer@example.org")
    answerer = make_reader("Answerer", email="answerer@example.org")
    make_reader("Reader", email="reader@example.org")
    start = timezone.now() - timedelta(hours=1)
    _thread(article, writer, answerer, start, 0, "The first thread.")
    _thread(article, writer, answerer, start, 1, "The second thread.")
    _thread(article, writer, answerer, start, 2, "The third thread.", replies=15)
    url = article.get_absolute_url() + "?sort=oldest"
    log_in(page, live_server.url, "reader@example.org", READER_PASSWORD, url)
    page.get_by_role("link", name="Load more comments").click()
    page.get_by_text("The third thread.").wait_for()
    _open_all_replies(page)
    page.get_by_text("Answer number 12.").scroll_into_view_if_needed()
    place = page.evaluate("window.scrollY")

    page.goto(live_server.url + "/comments/faq/")
    page.go_back()
    page.get_by_text("Answer number 14.").wait_for()
    assert page.get_by_text("The third thread.").count() == 1
    assert page.get_by_text("Answer number 3.").count() == 1
    assert page.get_by_role("link", name="More replies").count() == 0
    _wait_for_place(page, place)
