"""Lift ban (2026-11-30): any moderator (the ban's own permission) can lift a reader's ban with a
reason the audit log keeps, from the queue item's reader actions, the comment's page and the
workspace API. It goes through comments' own unban, so the blocked e-mail address goes too.
Before, a ban could only be reversed by Undo, by the moderator who set it, while it was still
their last decision on the reader. Also: the reader's line no longer says "suspended until" a
date that has passed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from masthead.comments import actions as comment_actions
from masthead.comments.errors import Conflict
from masthead.comments.models import ReaderProfile
from masthead.dashboard import actions
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

API = "/api/moderation/readers/{}/lift-ban"
CSRF = {"X-CSRFToken": "x"}


def _banned(reader_id: int) -> bool:
    return ReaderProfile.objects.get(user_id=reader_id).banned


def _address_blocked(reader) -> bool:  # type: ignore[no-untyped-def]
    return comment_actions.is_address_blocked(comment_actions.account_address(reader))


def _ban(mod, held):  # type: ignore[no-untyped-def]
    comment = held()
    actions.ban(mod, comment.author_id, "Spam")
    assert _banned(comment.author_id) and _address_blocked(comment.author)
    return comment


def test_the_form_lifts_a_colleagues_ban_unblocks_the_address_and_the_reader_may_post(
    client, mod, make_staff, held, post
):
    comment = _ban(make_staff("mod2", "Moderators"), held)
    reader = comment.author
    assert comment_actions.standing_refusal(reader).code == "banned"
    client.force_login(mod)
    response = client.post(
        f"/moderation/readers/{reader.pk}/lift-ban/",
        {"reason": "Banned  by mistake", "next": f"/moderation/comments/{comment.pk}/"},
    )
    assert response.status_code == 302
    assert response.url == f"/moderation/comments/{comment.pk}/"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Ban lifted: this reader may post again now. Undo reverses it."
    assert not _banned(reader.pk)
    assert not _address_blocked(reader)
    assert comment_actions.standing_refusal(reader) is None
    again = post(comment.article, reader, "Thanks for looking again at the figures.")
    assert again.status == "published"


def test_the_audit_log_records_who_lifted_it_why_and_the_address_block(mod, held):
    comment = _ban(mod, held)
    entry = actions.lift_ban(mod, comment.author_id, "Apologised by e-mail")
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.action == "lift_ban"
    assert stored.get_action_display() == "Lifted the author's ban"
    assert stored.actor_name == mod.get_username()
    assert stored.subject_id == comment.author_id
    assert stored.reason == "Ban lifted: Apologised by e-mail"
    assert stored.before["banned"] is True and stored.before["address_blocked"] is True
    assert stored.after["banned"] is False and stored.after["address_blocked"] is False


def test_the_api_lifts_it_and_answers_with_the_entry(client, mod, held):
    comment = _ban(mod, held)
    client.force_login(mod)
    response = client.post(
        API.format(comment.author_id),
        {"reason": "Wrong reader"},
        content_type="application/json",
        headers=CSRF,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["message"].startswith("Ban lifted")
    [entry] = body["entries"]
    assert entry["action"] == "lift_ban"
    assert entry["after"]["banned"] is False
    assert not _banned(comment.author_id)
    assert not _address_blocked(comment.author)


def test_lifting_when_not_banned_is_refused_with_409(client, mod, held):
    comment = held()
    client.force_login(mod)
    response = client.post(
        API.format(comment.author_id),
        {"reason": "x"},
        content_type="application/json",
        headers=CSRF,
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_banned"
    assert "not banned" in response.json()["error"]["message"]
    page = client.post(f"/moderation/readers/{comment.author_id}/lift-ban/", {"reason": "x"})
    assert page.status_code == 409
    assert "This reader is not banned" in page.content.decode()
    assert not AuditEntry.objects.filter(action="lift_ban").exists()


def test_a_second_lift_of_the_same_ban_is_refused_and_names_who_lifted_it(mod, make_staff, held):
    comment = _ban(mod, held)
    actions.lift_ban(mod, comment.author_id, "Mistake")
    with pytest.raises(Conflict, match=f"not banned \\({mod.get_username()} lifted the ban at "):
        actions.lift_ban(make_staff("mod2", "Moderators"), comment.author_id, "Mistake")
    assert AuditEntry.objects.filter(action="lift_ban").count() == 1


def test_a_lift_without_a_reason_is_refused_with_400(client, mod, held):
    comment = _ban(mod, held)
    client.force_login(mod)
    response = client.post(
        API.format(comment.author_id),
        {"reason": " "},
        content_type="application/json",
        headers=CSRF,
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_required"
    assert "why the ban is lifted" in response.json()["error"]["message"]
    page = client.post(f"/moderation/readers/{comment.author_id}/lift-ban/", {})
    assert page.status_code == 400
    assert _banned(comment.author_id) and _address_blocked(comment.author)


@pytest.mark.parametrize("who", ["editor", "staff", "reader"])
def test_people_without_the_moderator_role_cannot_lift_a_ban_by_a_direct_post(
    who, mod, editor, make_staff, make_reader, held
):
    comment = _ban(mod, held)
    outsider = {"editor": editor, "staff": make_staff("staffer", None), "reader": make_reader()}[
        who
    ]
    client = Client()
    client.force_login(outsider)
    page = client.post(f"/moderation/readers/{comment.author_id}/lift-ban/", {"reason": "Let me"})
    assert page.status_code == 403
    api = client.post(
        API.format(comment.author_id),
        {"reason": "Let me"},
        content_type="application/json",
        headers=CSRF,
    )
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "forbidden"
    assert _banned(comment.author_id) and _address_blocked(comment.author)
    assert not AuditEntry.objects.filter(action="lift_ban").exists()


def test_undo_bans_again_and_blocks_the_address_again(mod, held):
    comment = _ban(mod, held)
    actions.lift_ban(mod, comment.author_id, "Mistake")
    undone = actions.undo_last(mod)
    assert undone.summary() == f"Undone: Lifted the author's ban (reader no. {comment.author_id})."
    assert _banned(comment.author_id) and _address_blocked(comment.author)


def test_a_running_suspension_stands_after_the_ban_is_lifted(mod, held):
    comment = _ban(mod, held)
    actions.suspend(mod, comment.author_id, 7, "Insults")
    entry = actions.lift_ban(mod, comment.author_id, "Ban was too much")
    assert actions.lift_ban_message(entry).startswith(
        "Ban lifted; this reader is still suspended until "
    )
    assert comment_actions.standing_refusal(comment.author).code == "suspended"


def test_an_address_another_banned_account_shares_stays_blocked_and_the_message_says_so(
    mod, make_reader, held
):
    comment = held()
    local, domain = comment_actions.account_address(comment.author).split("@")
    twin = make_reader("Twin", f"{local}+again@{domain}")  # the same mailbox, made before a ban
    actions.ban(mod, comment.author_id, "Spam")
    actions.ban(mod, twin.pk, "Same person")
    entry = actions.lift_ban(mod, comment.author_id, "Not them")
    assert _address_blocked(comment.author)
    assert "stays blocked" in actions.lift_ban_message(entry)


def test_the_queue_and_the_comment_page_offer_it_only_while_banned(client, mod, held):
    comment = held()
    form = f'action="/moderation/readers/{comment.author_id}/lift-ban/"'
    client.force_login(mod)
    assert form not in client.get("/moderation/queue/held/").content.decode()
    assert form not in client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    actions.ban(mod, comment.author_id)
    queue = client.get("/moderation/queue/held/").content.decode()
    assert form in queue
    assert f'<label for="lift-ban-reason-{comment.pk}">' in queue
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert form in page
    assert '<label for="lift-ban-reason">' in page


def test_the_comment_page_offers_undo_after_a_lift_made_there(client, mod, held):
    comment = _ban(mod, held)
    client.force_login(mod)
    client.post(
        f"/moderation/readers/{comment.author_id}/lift-ban/",
        {"reason": "Mistake", "next": f"/moderation/comments/{comment.pk}/"},
    )
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert 'id="undo-form"' in page
    assert "lift-ban" not in page


def test_an_ended_suspension_is_not_shown_as_running(client, mod, held):
    comment = held()
    ended = timezone.now() - dt.timedelta(days=2)
    comment_actions.suspend_reader(comment.author, mod, ended)
    client.force_login(mod)
    for url in ("/moderation/queue/held/", f"/moderation/comments/{comment.pk}/"):
        page = client.get(url).content.decode()
        assert "suspended until" not in page, url
        assert "suspension ended <time" in page, url
    actions.suspend(mod, comment.author_id, 3)
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert "suspended until <time" in page
    assert "suspension ended" not in page
