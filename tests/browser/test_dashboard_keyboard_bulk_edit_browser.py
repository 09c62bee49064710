"""The keyboard alone carries a moderator through the decisions the keys list: `e` opens the
edit page with the caret in the text, and the ticked items (`x`) are approved with `A`
(QA walk, 2026-11-30: the edit page opened with the focus on its body, so typing went nowhere,
and "Approve selected" was 28 Shift+Tabs away from the current item)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment
from masthead.dashboard import roles
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "desk-moderator-pass-1"


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator(BY_KEYWORD)


def _three_held(make_article, make_reader) -> list[Comment]:  # type: ignore[no-untyped-def]
    roles.ensure_roles()
    desk = User.objects.create_user("desk", "desk@example.org", PASSWORD, is_staff=True)
    desk.groups.add(Group.objects.get(name="Moderators"))
    article = make_article()
    held = []
    for n in range(3):
        comment = comment_actions.post_comment(
            article, make_reader(f"Reader {n}"), comment_actions.Posting(text=f"Idiot {n}.")
        )
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.now() - dt.timedelta(minutes=10 - n)
        )
        held.append(comment)
    return held


def test_e_opens_the_edit_page_with_the_caret_in_the_text(
    page, live_server, make_article, make_reader
):
    first = _three_held(make_article, make_reader)[0]
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    page.locator(f"#item-{first.pk}.is-current").wait_for()
    page.keyboard.press("e")
    page.wait_for_url(f"**/moderation/comments/{first.pk}/edit/**")
    # autofocus is applied when the browser next renders, which may come after the load event
    # wait_for_url waits for: wait for it rather than read the focus once (flaky under load).
    page.wait_for_function("document.activeElement && document.activeElement.id === 'edit-text'")
    assert page.evaluate("document.activeElement.id") == "edit-text"


def test_shift_a_approves_the_ticked_items(page, live_server, make_article, make_reader):
    held = _three_held(make_article, make_reader)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    page.locator(f"#item-{held[0].pk}.is-current").wait_for()
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("Shift+A")
    page.locator(f"#item-{held[2].pk}.is-current").wait_for()
    statuses = {c.pk: c.status for c in Comment.objects.filter(pk__in=[c.pk for c in held])}
    assert statuses == {held[0].pk: "published", held[1].pk: "published", held[2].pk: "held"}
    shortcuts = page.get_by_role("complementary", name="Keyboard")
    assert "approve the selected" in shortcuts.inner_text()
