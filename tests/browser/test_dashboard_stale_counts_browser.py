"""Two moderators on one queue: when a decision is refused because a colleague decided the
comment first, the tab counts show what waits now, at once, not the numbers from when the page
was loaded (QA walk, 2026-11-30: the second moderator's Held tab read 147 for up to ten seconds,
until the next poll, while 97 waited; every refusal left it as it was)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment
from masthead.dashboard import actions, roles
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "desk-moderator-pass-1"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def test_a_refused_decision_brings_the_tab_counts_up_to_date_at_once(
    page, live_server, make_article, make_reader
):
    roles.ensure_roles()
    desk = User.objects.create_user("desk", "desk@example.org", PASSWORD, is_staff=True)
    desk.groups.add(Group.objects.get(name="Moderators"))
    chief = User.objects.create_user("chief", "chief@example.org", PASSWORD, is_staff=True)
    chief.groups.add(Group.objects.get(name="Moderation leads"))
    article = make_article()
    held = []
    for n in range(4):
        comment = comment_actions.post_comment(
            article, make_reader(f"Reader {n}"), comment_actions.Posting(text=f"Idiot {n}.")
        )
        assert comment.status == "held"
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.now() - dt.timedelta(minutes=10 - n)
        )
        held.append(comment)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    page.locator(f"#item-{held[0].pk}.is-current").wait_for()
    count = page.locator('[data-count="held"]')
    assert count.inner_text() == "4"

    # The colleague clears three of the four; desk's page still shows them.
    for comment in held[:3]:
        actions.reject(User.objects.get(pk=chief.pk), comment.pk, "No insults.")
    page.keyboard.press("a")
    page.locator("#live-status").filter(has_text="chief already rejected").wait_for()
    # Well before the page's next poll (every 10 seconds).
    page.wait_for_function(
        "() => document.querySelector('[data-count=\"held\"]').textContent === '1'", timeout=3000
    )
