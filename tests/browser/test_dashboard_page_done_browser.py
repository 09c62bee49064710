"""A moderator who decides every item on a queue page with the keyboard goes straight on to
the comments still waiting: the next ones load and the first is current, with the focus on it
(QA walk, 2026-11-30: after the 25th `a` the list was empty, nothing was current, the focus was
on the page's body and `j`/`a` did nothing, though 147 comments still waited; only the mouse or
a dozen Tabs to "Next page" went on)."""

from __future__ import annotations

import pytest

from masthead.comments.models import Comment
from masthead.dashboard import queries
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD
from tests.support.held_backlog import held_backlog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "desk-moderator-pass-1"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def test_deciding_the_last_item_on_a_page_brings_the_next_waiting_ones_into_focus(
    page, live_server, make_article, make_reader
):
    # Held long ago, as in a real backlog: the live poll has nothing new to bring.
    held = held_backlog(
        make_article, make_reader, queries.PAGE_SIZE + 2, username="desk", password=PASSWORD
    )
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    assert page.locator(".item:not(.is-done)").count() == queries.PAGE_SIZE
    for comment in held[: queries.PAGE_SIZE]:
        assert page.locator(".item.is-current").get_attribute("data-id") == str(comment.pk)
        page.keyboard.press("a")
        page.locator(f"#item-{comment.pk}").wait_for(state="hidden")

    # The two still waiting are on the list, the oldest current and focused: `a` goes on.
    nxt = held[queries.PAGE_SIZE]
    page.locator(f"#item-{nxt.pk}.is-current").wait_for()
    assert page.evaluate("document.activeElement.id") == f"item-{nxt.pk}"
    assert page.locator('[data-count="held"]').inner_text() == "2"
    page.keyboard.press("a")
    page.locator(f"#item-{nxt.pk}").wait_for(state="hidden")
    assert Comment.objects.get(pk=nxt.pk).status == "published"
    last = held[-1]
    assert page.locator(".item.is-current").get_attribute("data-id") == str(last.pk)
    assert Comment.objects.filter(status="held").count() == 1
