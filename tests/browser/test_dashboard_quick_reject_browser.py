"""Rejecting from the keyboard takes two keys, like approving: `r` then Enter rejects with the
standard reason suggested by why the comment was held, and `r` then a digit rejects with that
numbered standard reason. Before (QA walk, 2026-11-30) a reason had to be typed each time:
`r`, some ten keys, Enter. The reason is still the moderator's text as far as the server is
concerned (checked by dashboard.actions.check_reason as before) and the author reads it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

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


def _held(article, reader, text):  # type: ignore[no-untyped-def]
    comment = comment_actions.post_comment(article, reader, comment_actions.Posting(text=text))
    assert comment.status == "held", comment.reasons
    return comment


def test_reject_takes_r_and_enter_or_r_and_a_digit(page, live_server, make_article, make_reader):
    roles.ensure_roles()
    desk = User.objects.create_user("desk", "desk@example.org", PASSWORD, is_staff=True)
    desk.groups.add(Group.objects.get(name="Moderators"))
    article = make_article()
    first = _held(article, make_reader("Ann"), "Only an idiot would say that.")
    second = _held(article, make_reader("Bob"), "What an idiot, and my cat is lost.")
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(first.pk)

    # r opens the box with the reason suggested by the hold (insult: a personal attack).
    page.keyboard.press("r")
    box = page.get_by_role("dialog", name="Reject this comment")
    assert box.get_by_label("Reason (the author sees it)").input_value() == TEXTS["Personal attack"]
    page.keyboard.press("Enter")
    page.locator(f"#item-{first.pk}").wait_for(state="hidden", timeout=5000)

    # r, 2: the second standard reason, whatever the suggestion; the button says its key.
    page.keyboard.press("r")
    two = box.get_by_role("button", name="Off-topic")
    assert two.get_attribute("aria-keyshortcuts") == "2"
    page.keyboard.press("2")
    page.locator(f"#item-{second.pk}").wait_for(state="hidden", timeout=5000)

    reasons = dict(Comment.objects.values_list("pk", "rejection_reason"))
    assert reasons[first.pk] == TEXTS["Personal attack"]
    assert reasons[second.pk] == TEXTS["Off-topic"]
    assert Comment.objects.get(pk=second.pk).status == "rejected"


def test_own_words_still_reject_and_a_digit_in_them_is_typed(
    page, live_server, make_article, make_reader
):
    roles.ensure_roles()
    desk = User.objects.create_user("desk", "desk@example.org", PASSWORD, is_staff=True)
    desk.groups.add(Group.objects.get(name="Moderators"))
    article = make_article()
    comment = _held(article, make_reader("Ann"), "You idiot.")
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    page.keyboard.press("r")
    # Typing replaces the suggestion; once typing has started, digits are text.
    page.keyboard.type("Name-calling: 2 insults")
    page.keyboard.press("Enter")
    page.locator(f"#item-{comment.pk}").wait_for(state="hidden", timeout=5000)
    assert Comment.objects.get(pk=comment.pk).rejection_reason == "Name-calling: 2 insults"
