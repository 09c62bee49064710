""" "Load more comments" and "More replies" on a slow network (QA walk as a reader, 2026-11-30).
The link only got aria-busy, which nothing showed: for a second or more nothing seemed to
happen, and a second click sent the same request again. The page still had each comment once,
but the history entry noted that page twice, so after going Back the pages came back only up
to the repeat (the next link no longer matched) and the later ones were lost. The link now
says "Loading…" while its comments are on their way, and a click meanwhile does nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

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


def _requests_to(page, part: str) -> list[str]:  # type: ignore[no-untyped-def]
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if part in request.url else None)
    return sent


def _slow_answers(page, part: str) -> Callable[[], None]:  # type: ignore[no-untyped-def]
    """The answers to the page's requests to `part` are on their way until the returned
    function is called (a slow network, for as long as the test needs and no longer); requests
    sent after that are answered at once."""
    held: list[Any] = []
    released = [False]

    def hold(route: Any) -> None:
        if released[0]:
            route.continue_()
        else:
            held.append(route)

    page.route(lambda url: part in url, hold)

    def release() -> None:
        released[0] = True
        for route in held:
            route.continue_()

    return release


def test_a_second_click_on_load_more_while_it_loads_sends_nothing_and_back_keeps_every_page(
    page, live_server, make_article, make_reader, masthead_settings
):
    masthead_settings(PAGE_SIZE=2, COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    writer = make_reader("Writer", email="writer@example.org")
    make_reader("Reader", email="reader@example.org")
    start = timezone.now() - timedelta(hours=1)
    for n in range(6):
        comment = actions.post_comment(
            article, writer, actions.Posting(text=f"Thread number {n}. " + "Words. " * 30)
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=start + timedelta(minutes=n))
    url = article.get_absolute_url() + "?sort=oldest"
    log_in(page, live_server.url, "reader@example.org", READER_PASSWORD, url)
    sent = _requests_to(page, "after=")
    arrive = _slow_answers(page, "after=")

    more = page.locator("a[data-load-more]")
    more.click()
    assert more.inner_text() == "Loading\u2026"
    assert more.get_attribute("aria-busy") == "true"
    more.click()  # the reader, seeing nothing happen
    arrive()
    page.get_by_text("Thread number 3").wait_for()
    assert len(sent) == 1
    assert page.get_by_text("Thread number 2").count() == 1
    assert page.locator("a[data-load-more]").inner_text() == "Load more comments"
    page.locator("a[data-load-more]").click()
    page.get_by_text("Thread number 5").wait_for()

    page.goto(live_server.url + "/comments/faq/")
    page.go_back()
    page.get_by_text("Thread number 5").wait_for()
    for n in range(6):
        assert page.get_by_text(f"Thread number {n}").count() == 1
    assert page.locator("a[data-load-more]").count() == 0


def test_more_replies_says_loading_and_a_second_click_sends_nothing(
    page, live_server, make_article, make_reader, masthead_settings, monkeypatch
):
    monkeypatch.setattr(queries, "REPLIES_SHOWN", 2)
    masthead_settings(COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    writer = make_reader("Writer", email="writer@example.org")
    make_reader("Reader", email="reader@example.org")
    root = actions.post_comment(article, writer, actions.Posting(text="The first thread."))
    for n in range(4):
        actions.post_comment(
            article, writer, actions.Posting(text=f"Answer number {n}.", parent_id=root.pk)
        )
    log_in(page, live_server.url, "reader@example.org", READER_PASSWORD, article.get_absolute_url())
    sent = _requests_to(page, "/replies/")
    arrive = _slow_answers(page, "/replies/")

    more = page.locator("a[data-load-replies]")
    more.click()
    assert more.inner_text() == "Loading\u2026"
    more.click()
    arrive()
    page.get_by_text("Answer number 3.").wait_for()
    assert len(sent) == 1
    assert page.get_by_text("Answer number 2.").count() == 1


def test_more_replies_that_cannot_reach_the_site_says_so_in_an_alert_and_can_be_tried_again(
    page, live_server, make_article, make_reader, masthead_settings, monkeypatch
):
    # The sentence beside the link was put in a role="status" made at that moment, which
    # screen readers do not follow (only a live region already on the page): focus stays on
    # the link and nothing was said. An alert is read out when it appears.
    monkeypatch.setattr(queries, "REPLIES_SHOWN", 2)
    masthead_settings(COMMENT_RATE_PER_READER="1000/60")
    article = make_article()
    writer = make_reader("Writer", email="writer@example.org")
    root = actions.post_comment(article, writer, actions.Posting(text="The first thread."))
    for n in range(4):
        actions.post_comment(
            article, writer, actions.Posting(text=f"Answer number {n}.", parent_id=root.pk)
        )
    page.goto(live_server.url + article.get_absolute_url())
    page.route("**/replies/**", lambda route: route.abort())

    more = page.locator("a[data-load-replies]")
    more.click()
    alert = page.get_by_role("alert").filter(has_text="could not reach the site")
    alert.wait_for()
    assert more.inner_text() == "More replies"  # ready to be tried again
    assert more.get_attribute("aria-busy") is None

    page.unroute("**/replies/**")
    more.click()
    page.get_by_text("Answer number 3.").wait_for()
