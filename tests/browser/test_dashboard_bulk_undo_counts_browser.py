"""`u` after a bulk decision lands on the first of its comments in the queue's order, ticked with
the others on that page, and says how many came back and where; after the moderator's own
decision the counts on the queue tabs and in the window's title show the new numbers at once
and stay so when a poll asked for before the decision answers after it.

Before (2026-11-30): `u` after a bulk approve landed on one of its comments (the highest
number), said nothing of the others and ticked none; a poll sent just before a decision and
answered after it put the numbers from before the decision back on the tabs until the next poll,
10 seconds on; the title kept the count from the page's load."""

from __future__ import annotations

import pytest

from masthead.comments.models import Comment
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD
from tests.support.held_backlog import held_backlog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "desk-moderator-pass-1"

CURRENT_AND_FOCUSED = """(id) => {
  const item = document.getElementById('item-' + id);
  return !!item && item.classList.contains('is-current') && document.activeElement === item;
}"""

# The page's fetch, with a hook: the next poll's answer (counted by the server when asked) is
# held back until the test lets it through, as a slow answer would be. Once it is through and
# the page's own handling (promises only) has run, __settled counts it.
HOLD_NEXT_POLL = """(() => {
  const realFetch = window.fetch.bind(window);
  window.__held = [];
  window.__settled = 0;
  window.fetch = (url, options) => {
    const answer = realFetch(url, options);
    if (!window.__holdNextPoll || !/\\/queues\\/[a-z]+\\/new\\?/.test(String(url))) { return answer; }
    window.__holdNextPoll = false;
    return answer.then((response) => response.json().then((data) => new Promise((resolve) => {
      window.__held.push(() => {
        resolve({ ok: response.ok, json: () => Promise.resolve(data) });
        setTimeout(() => { window.__settled += 1; }, 0);
      });
    })));
  };
})();"""


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def test_u_after_a_bulk_approve_lands_on_the_first_of_them_ticked_and_says_how_many(
    page, live_server, make_article, make_reader
):
    held = held_backlog(make_article, make_reader, 6, username="desk", password=PASSWORD)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    chosen = [held[1], held[3], held[4]]
    for step, comment in zip((1, 2, 1), chosen, strict=True):
        for _ in range(step):
            page.keyboard.press("j")
        page.wait_for_function(CURRENT_AND_FOCUSED, arg=comment.pk)
        page.keyboard.press("x")
    page.keyboard.press("A")
    page.locator("#item-" + str(held[1].pk)).wait_for(state="detached")
    assert all(Comment.objects.get(pk=c.pk).status == "published" for c in chosen)

    page.keyboard.press("u")
    page.wait_for_function(
        "(id) => !/[?&]around=/.test(location.search) && !!document.getElementById('item-' + id)",
        arg=held[1].pk,
    )
    # The first of them in the queue's order (oldest first), not the one with the highest number.
    page.wait_for_function(CURRENT_AND_FOCUSED, arg=held[1].pk)
    ticked = page.locator(".item__select:checked").evaluate_all(
        "(boxes) => boxes.map((b) => Number(b.value))"
    )
    assert sorted(ticked) == sorted(c.pk for c in chosen)
    assert page.locator(".item.is-back").count() == 3
    page.locator("#live-status").filter(
        has_text="3 comments put back in Held; showing the first in this order"
    ).wait_for()
    assert all(Comment.objects.get(pk=c.pk).status == "held" for c in chosen)
    # They are ticked, so R (or A) decides them again at once.
    page.keyboard.press("R")
    page.get_by_role("heading", name="Reject the 3 selected comments").wait_for()


def test_after_a_decision_the_counts_and_title_stay_new_when_an_older_poll_answers_late(
    page, live_server, make_article, make_reader
):
    held = held_backlog(make_article, make_reader, 3, username="desk", password=PASSWORD)
    page.add_init_script(HOLD_NEXT_POLL)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    count = page.locator('[data-count="held"]')
    assert count.inner_text() == "3"
    assert page.title().startswith("Held (3)")

    # A poll asks (the server counts 3) and its answer is slow.
    page.evaluate(
        "() => { window.__holdNextPoll = true; window.dispatchEvent(new Event('focus')); }"
    )
    page.wait_for_function("() => window.__held.length === 1")

    page.wait_for_function(CURRENT_AND_FOCUSED, arg=held[0].pk)
    page.keyboard.press("a")
    page.wait_for_function(
        "() => document.querySelector('[data-count=\"held\"]').textContent === '2'"
        " && document.title.startsWith('Held (2)')"
    )
    assert Comment.objects.get(pk=held[0].pk).status == "published"

    # The slow answer, with the count from before the decision, arrives now.
    page.evaluate("() => window.__held.forEach((release) => release())")
    page.wait_for_function("() => window.__settled === 1")
    assert count.inner_text() == "2"
    assert page.title().startswith("Held (2)")
