"""A queue page loaded before a colleague decided an item: pressing `a` on it says who decided
it and takes it off the list, like a decision, with the next item current, so the moderator
goes on with `a`/`r` at once (QA walk, 2026-11-30: the item stayed current with the refusal,
and every key pressed on it was refused again until the moderator moved on or reloaded)."""

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


def _held(article, author, text: str, minutes_ago: int) -> Comment:  # type: ignore[no-untyped-def]
    comment = comment_actions.post_comment(article, author, comment_actions.Posting(text=text))
    assert comment.status == "held"
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return comment


def test_an_item_a_colleague_decided_meanwhile_leaves_the_list_when_refused(
    page, live_server, make_article, make_reader
):
    roles.ensure_roles()
    desk = User.objects.create_user("desk", "desk@example.org", PASSWORD, is_staff=True)
    desk.groups.add(Group.objects.get(name="Moderators"))
    chief = User.objects.create_user("chief", "chief@example.org", PASSWORD, is_staff=True)
    chief.groups.add(Group.objects.get(name="Moderation leads"))
    article = make_article()
    first = _held(article, make_reader("Ann"), "An idiot's guide, but a fair one.", 20)
    second = _held(article, make_reader("Bob"), "Idiot-proof, at last.", 10)
    log_in(page, live_server.url, "desk", PASSWORD, "/moderation/queue/held/")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(first.pk)
    actions.reject(User.objects.get(pk=chief.pk), first.pk, "No insults.")
    page.keyboard.press("a")
    page.locator(f"#item-{first.pk}").wait_for(state="hidden")
    assert page.locator(".item.is-current").get_attribute("data-id") == str(second.pk)
    status = page.locator("#live-status")
    status.filter(has_text="chief already rejected this comment").wait_for()
    assert "Press u to undo" not in status.inner_text()
    assert Comment.objects.get(pk=first.pk).status == "rejected"
    page.keyboard.press("a")
    page.locator(f"#item-{second.pk}").wait_for(state="hidden")
    assert Comment.objects.get(pk=second.pk).status == "published"
