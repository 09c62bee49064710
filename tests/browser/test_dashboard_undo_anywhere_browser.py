"""`u` lands on the comment it put back wherever it sorts, and in the tab it went back to; the
tab counts are asked for again when the moderator comes back to the window. Before (2026-11-30)
`u` reloaded the queue's first page: an undone comment sorting beyond it, or back in another tab,
was not shown and the first item was current; and the counts waited for the next 10-second poll
(a later page, which does not poll, kept its counts from the page's load)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from masthead.comments.models import Comment
from masthead.dashboard import actions, queries
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


CURRENT_AND_FOCUSED = """(id) => {
  const item = document.getElementById('item-' + id);
  return !!item && item.classList.contains('is-current') && document.activeElement === item;
}"""


def test_undo_of_a_comment_beyond_the_first_page_lands_on_its_page_current_and_focused(
    page, live_server, make_article, make_reader
):
    held = _backlog(make_article, make_reader, queries.PAGE_SIZE + 5)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_function(CURRENT_AND_FOCUSED, arg=held[queries.PAGE_SIZE].pk)
    undone = held[queries.PAGE_SIZE + 2]
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.wait_for_function(CURRENT_AND_FOCUSED, arg=undone.pk)
    page.keyboard.press("a")
    page.locator(f"#item-{undone.pk}").wait_for(state="hidden")

    page.keyboard.press("u")
    page.wait_for_function(
        "(id) => !/[?&]around=/.test(location.search) && !!document.getElementById('item-' + id)"
        " && !document.getElementById('item-' + id).hidden",
        arg=undone.pk,
    )
    page.wait_for_function(CURRENT_AND_FOCUSED, arg=undone.pk)
    assert Comment.objects.get(pk=undone.pk).status == "held"
    # Its page, as "Next page" showed it: the comments after the first 25.
    shown = page.locator(".item").evaluate_all("(items) => items.map((i) => i.dataset.id)")
    assert shown == [str(c.pk) for c in held[queries.PAGE_SIZE :]]
    page.locator("#live-status").filter(has_text="Undone").wait_for()
    # The keys go on from there.
    page.keyboard.press("j")
    page.wait_for_function(CURRENT_AND_FOCUSED, arg=held[queries.PAGE_SIZE + 3].pk)


def test_undo_from_another_tab_switches_to_the_tab_the_comment_went_back_to(
    page, live_server, make_article, make_reader
):
    held = _backlog(make_article, make_reader, 3)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    undone = held[1]
    page.keyboard.press("j")
    page.wait_for_function(CURRENT_AND_FOCUSED, arg=undone.pk)
    page.keyboard.press("a")
    page.locator(f"#item-{undone.pk}").wait_for(state="hidden")
    page.get_by_role("link", name="Audit sample").click()
    page.wait_for_function("() => location.pathname.endsWith('/queue/sample/')")
    page.locator("#empty").wait_for()

    page.keyboard.press("u")
    page.wait_for_function("() => location.pathname.endsWith('/queue/held/')")
    page.wait_for_function(CURRENT_AND_FOCUSED, arg=undone.pk)
    page.get_by_text(f"Comment no. {undone.pk} waits in Held, not in Audit sample").wait_for()
    assert page.locator(".tabs a[aria-current=page]").inner_text().startswith("Held")


def test_coming_back_to_the_window_asks_for_the_counts_at_once(
    page, live_server, make_article, make_reader
):
    held = _backlog(make_article, make_reader, queries.PAGE_SIZE + 2)
    chief = User.objects.create_user("chief", "chief@example.org", PASSWORD, is_staff=True)
    chief.groups.add(Group.objects.get(name="Moderation leads"))
    # The page's clock stands still: its 10-second poll never comes, so only the return to
    # the window can bring the new counts.
    page.clock.install()
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    count = page.locator('[data-count="held"]')
    assert count.inner_text() == str(queries.PAGE_SIZE + 2)

    actions.reject(User.objects.get(pk=chief.pk), held[0].pk, "No insults.")
    page.evaluate("() => window.dispatchEvent(new Event('focus'))")
    page.wait_for_function(
        "(n) => document.querySelector('[data-count=\"held\"]').textContent === String(n)",
        arg=queries.PAGE_SIZE + 1,
    )

    # A later page never polls: coming back to its browser tab brings the counts too.
    page.get_by_role("link", name="Next page").click()
    page.wait_for_function("() => /[?&]after=/.test(location.search)")
    page.locator(".item.is-current").wait_for()
    actions.reject(User.objects.get(pk=chief.pk), held[1].pk, "No insults.")
    page.evaluate(
        "() => { Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
        " document.dispatchEvent(new Event('visibilitychange')); }"
    )
    page.wait_for_function(
        "(n) => document.querySelector('[data-count=\"held\"]').textContent === String(n)",
        arg=queries.PAGE_SIZE,
    )
