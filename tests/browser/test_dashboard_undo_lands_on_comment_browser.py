"""`u` brings the moderator to the comment it put back, current and focused. Before (keyboard
walk, 2026-11-30) it reloaded the page the moderator was on: after "Next page", that page starts
after the undone comment, so the comment was not shown, and on any page the first item, not
the undone one, became current."""

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


def _backlog(make_article, make_reader, size: int) -> list[Comment]:  # type: ignore[no-untyped-def]
    return held_backlog(make_article, make_reader, size, username="desk", password=PASSWORD)


def test_undo_on_a_later_page_shows_the_undone_comment_current_and_focused(
    page, live_server, make_article, make_reader
):
    held = _backlog(make_article, make_reader, queries.PAGE_SIZE + 3)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    undone = held[3]
    for _ in range(3):
        page.keyboard.press("j")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(undone.pk)
    page.keyboard.press("a")
    page.locator(f"#item-{undone.pk}").wait_for(state="hidden")
    assert Comment.objects.get(pk=undone.pk).status == "published"

    page.get_by_role("link", name="Next page").click()
    page.locator(f"#item-{held[queries.PAGE_SIZE].pk}.is-current").wait_for()
    page.keyboard.press("u")
    page.locator(f"#item-{undone.pk}.is-current").wait_for()
    assert page.evaluate("document.activeElement.id") == f"item-{undone.pk}"
    assert Comment.objects.get(pk=undone.pk).status == "held"
    assert "after=" not in page.url


def test_undo_on_the_first_page_makes_the_undone_comment_current(
    page, live_server, make_article, make_reader
):
    held = _backlog(make_article, make_reader, 4)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    undone = held[2]
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.locator(f"#item-{undone.pk}").wait_for(state="hidden")
    page.keyboard.press("u")
    page.locator(f"#item-{undone.pk}.is-current").wait_for()
    assert page.evaluate("document.activeElement.id") == f"item-{undone.pk}"
