"""`R` (Shift+r) rejects the ticked items from the keyboard, with the same dialog as `r`: a
digit picks a standard reason, Enter sends the suggested (or typed) one. Before (keyboard walk,
2026-11-30) "Reject selected" had no key: the moderator had to Tab to the bulk reason box. The
reason still goes to the server through the bulk form, which checks it as before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment
from masthead.dashboard import roles
from masthead.dashboard.views import QUICK_REASONS
from tests.browser.conftest import log_in
from tests.support.comment_fixtures import BY_KEYWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "desk-moderator-pass-1"
TEXTS = {label: text for label, text, _codes in QUICK_REASONS}


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
        assert comment.status == "held", comment.reasons
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.now() - dt.timedelta(minutes=10 - n)
        )
        held.append(comment)
    return held


def _tick_first_two(page, held) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"#item-{held[0].pk}.is-current").wait_for()
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")


def test_shift_r_then_a_digit_rejects_the_ticked_items(
    page, live_server, make_article, make_reader
):
    held = _three_held(make_article, make_reader)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    _tick_first_two(page, held)
    page.keyboard.press("Shift+R")
    dialog = page.get_by_role("dialog", name="Reject the 2 selected comments")
    dialog.wait_for()
    page.keyboard.press("3")
    page.locator(f"#item-{held[2].pk}.is-current").wait_for()
    rows = {c.pk: (c.status, c.rejection_reason) for c in Comment.objects.all()}
    assert rows[held[0].pk] == ("rejected", TEXTS["Spam"])
    assert rows[held[1].pk] == ("rejected", TEXTS["Spam"])
    assert rows[held[2].pk][0] == "held"
    shortcuts = page.get_by_role("complementary", name="Keyboard")
    assert "reject the selected" in shortcuts.inner_text()


def test_shift_r_then_enter_rejects_with_the_shared_suggestion(
    page, live_server, make_article, make_reader
):
    held = _three_held(make_article, make_reader)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    _tick_first_two(page, held)
    page.keyboard.press("Shift+R")
    box = page.get_by_role("dialog", name="Reject the 2 selected comments")
    assert box.get_by_label("Reason (the author sees it)").input_value() == TEXTS["Personal attack"]
    page.keyboard.press("Enter")
    page.locator(f"#item-{held[2].pk}.is-current").wait_for()
    reasons = dict(Comment.objects.filter(status="rejected").values_list("pk", "rejection_reason"))
    assert reasons == {held[0].pk: TEXTS["Personal attack"], held[1].pk: TEXTS["Personal attack"]}
    # After the bulk dialog, r on one item asks about "this comment" again.
    page.keyboard.press("r")
    page.get_by_role("dialog", name="Reject this comment").wait_for()


def test_shift_r_with_nothing_ticked_says_so_and_opens_nothing(
    page, live_server, make_article, make_reader
):
    held = _three_held(make_article, make_reader)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    page.locator(f"#item-{held[0].pk}.is-current").wait_for()
    page.keyboard.press("Shift+R")
    page.get_by_text("Nothing is selected: tick items with x first.").wait_for()
    assert not page.locator("#reject-dialog").evaluate("d => d.open")
    assert Comment.objects.filter(status="held").count() == 3
