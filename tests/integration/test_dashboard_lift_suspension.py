"""Lift suspension (2026-11-30): a suspended reader's suspension can be ended early by any
moderator, with a reason the audit log keeps, from the queue item's reader actions, the comment's
page and the workspace API. Before, only the moderator who set it could end it (by Undo, while
it was still their last decision), and not at all once a colleague had acted on the reader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from masthead.comments import actions as comment_actions
from masthead.comments.models import ReaderProfile
from masthead.dashboard import actions
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

API = "/api/moderation/readers/{}/lift-suspension"
CSRF = {"X-CSRFToken": "x"}


def _until(reader_id: int) -> dt.datetime | None:
    return ReaderProfile.objects.get(user_id=reader_id).suspended_until


def _suspended(mod, held, days: int = 30):  # type: ignore[no-untyped-def]
    comment = held()
    actions.suspend(mod, comment.author_id, days, "Insults")
    assert _until(comment.author_id) > timezone.now()
    return comment


def test_the_form_lifts_a_colleagues_suspension_and_the_reader_may_post_at_once(
    client, mod, make_staff, held, post
):
    comment = _suspended(make_staff("mod2", "Moderators"), held)
    reader = comment.author
    assert comment_actions.standing_refusal(reader) is not None
    client.force_login(mod)
    response = client.post(
        f"/moderation/readers/{reader.pk}/lift-suspension/",
        {"reason": "Suspended  by mistake", "next": f"/moderation/comments/{comment.pk}/"},
    )
    assert response.status_code == 302
    assert response.url == f"/moderation/comments/{comment.pk}/"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Suspension lifted: this reader may post again now.")
    assert comment_actions.standing_refusal(reader) is None
    assert _until(reader.pk) is None
    again = post(comment.article, reader, "Thanks for looking again at the figures.")
    assert again.status == "published"


def test_the_audit_log_records_who_lifted_it_why_and_the_end_it_had(mod, held):
    comment = _suspended(mod, held)
    end = _until(comment.author_id)
    entry = actions.lift_suspension(mod, comment.author_id, "Apologised by e-mail")
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.action == "lift_suspension"
    assert stored.get_action_display() == "Lifted the author's suspension"
    assert stored.actor_name == mod.get_username()
    assert stored.subject_id == comment.author_id
    assert stored.reason == "Suspension lifted: Apologised by e-mail"
    assert stored.before["suspended_until"] == end.isoformat()
    assert stored.after["suspended_until"] is None


def test_the_api_lifts_it_and_answers_with_the_entry(client, mod, held):
    comment = _suspended(mod, held)
    client.force_login(mod)
    response = client.post(
        API.format(comment.author_id),
        {"reason": "Wrong reader"},
        content_type="application/json",
        headers=CSRF,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["message"].startswith("Suspension lifted")
    [entry] = body["entries"]
    assert entry["action"] == "lift_suspension"
    assert entry["after"]["suspended_until"] is None
    assert _until(comment.author_id) is None


def test_lifting_when_not_suspended_is_refused_with_409(client, mod, held):
    comment = held()
    client.force_login(mod)
    response = client.post(
        API.format(comment.author_id),
        {"reason": "x"},
        content_type="application/json",
        headers=CSRF,
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_suspended"
    assert "not suspended" in response.json()["error"]["message"]
    page = client.post(f"/moderation/readers/{comment.author_id}/lift-suspension/", {"reason": "x"})
    assert page.status_code == 409
    assert "This reader is not suspended" in page.content.decode()
    assert not AuditEntry.objects.filter(action="lift_suspension").exists()


def test_lifting_an_ended_suspension_is_refused_and_says_when_it_ended(mod, held):
    from masthead.comments.errors import Conflict

    comment = held()
    comment_actions.suspend_reader(comment.author, mod, timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(Conflict, match="suspension ended at"):
        actions.lift_suspension(mod, comment.author_id, "Done")


def test_a_second_lift_of_the_same_suspension_is_refused(mod, make_staff, held):
    from masthead.comments.errors import Conflict

    comment = _suspended(mod, held)
    actions.lift_suspension(mod, comment.author_id, "Mistake")
    with pytest.raises(
        Conflict, match=f"not suspended \\({mod.get_username()} lifted the suspension at "
    ):
        actions.lift_suspension(make_staff("mod2", "Moderators"), comment.author_id, "Mistake")
    assert AuditEntry.objects.filter(action="lift_suspension").count() == 1


def test_a_lift_without_a_reason_is_refused_with_400(client, mod, held):
    comment = _suspended(mod, held)
    client.force_login(mod)
    response = client.post(
        API.format(comment.author_id),
        {"reason": "  "},
        content_type="application/json",
        headers=CSRF,
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_required"
    page = client.post(f"/moderation/readers/{comment.author_id}/lift-suspension/", {})
    assert page.status_code == 400
    assert _until(comment.author_id) > timezone.now()


@pytest.mark.parametrize("who", ["editor", "staff", "reader"])
def test_people_without_the_moderator_role_cannot_lift_by_a_direct_post(
    who, mod, editor, make_staff, make_reader, held
):
    comment = _suspended(mod, held)
    end = _until(comment.author_id)
    outsider = {"editor": editor, "staff": make_staff("staffer", None), "reader": make_reader()}[
        who
    ]
    client = Client()
    client.force_login(outsider)
    page = client.post(
        f"/moderation/readers/{comment.author_id}/lift-suspension/", {"reason": "Let me in"}
    )
    assert page.status_code == 403
    api = client.post(
        API.format(comment.author_id),
        {"reason": "Let me in"},
        content_type="application/json",
        headers=CSRF,
    )
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "forbidden"
    assert _until(comment.author_id) == end
    assert not AuditEntry.objects.filter(action="lift_suspension").exists()


def test_undo_puts_the_suspension_back(mod, held):
    comment = _suspended(mod, held)
    end = _until(comment.author_id)
    actions.lift_suspension(mod, comment.author_id, "Mistake")
    undone = actions.undo_last(mod)
    assert undone.summary() == (
        f"Undone: Lifted the author's suspension (reader no. {comment.author_id})."
    )
    assert _until(comment.author_id) == end


def test_a_ban_stands_after_the_suspension_is_lifted(mod, held):
    comment = _suspended(mod, held)
    actions.ban(mod, comment.author_id, "Spam")
    entry = actions.lift_suspension(mod, comment.author_id, "Ban is enough")
    assert actions.lift_message(entry).startswith("Suspension lifted; this reader is still banned")
    assert comment_actions.standing_refusal(comment.author).code == "banned"


def test_the_queue_and_the_comment_page_offer_it_only_while_suspended(client, mod, held):
    comment = held()
    form = f'action="/moderation/readers/{comment.author_id}/lift-suspension/"'
    client.force_login(mod)
    assert form not in client.get("/moderation/queue/held/").content.decode()
    assert form not in client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    actions.suspend(mod, comment.author_id, 7)
    queue = client.get("/moderation/queue/held/").content.decode()
    assert form in queue
    assert f'<label for="lift-reason-{comment.pk}">' in queue
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert form in page
    assert '<label for="lift-reason">' in page


def test_the_comment_page_offers_undo_after_a_lift_made_there(client, mod, held):
    comment = _suspended(mod, held)
    client.force_login(mod)
    client.post(
        f"/moderation/readers/{comment.author_id}/lift-suspension/",
        {"reason": "Mistake", "next": f"/moderation/comments/{comment.pk}/"},
    )
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert 'id="undo-form"' in page
    assert "lift-suspension" not in page  # no longer suspended: no form
