"""The queue's live updates find comments by when they entered the queue, not by id: a comment
coming back (held again after its author's edit, a colleague's undo) is offered without a
reload, and what did not change since the last poll is not offered again."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment, CommentReport
from masthead.dashboard import actions, queries
from masthead.dashboard.models import AuditEntry, AuditSample
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
AGO = dt.timedelta(minutes=2)  # longer ago than a poll looks back (queries.LATE_COMMIT)


def settle(*comments: Comment) -> None:
    """Make everything about these comments older than the page about to be loaded."""
    ids = [c.pk for c in comments]
    then = timezone.now() - AGO
    Comment.objects.filter(pk__in=ids).update(created_at=then, updated_at=then)
    AuditEntry.objects.filter(comment_id__in=ids).update(created_at=then)
    CommentReport.objects.filter(comment_id__in=ids).update(created_at=then)
    AuditSample.objects.filter(comment_id__in=ids).update(selected_at=then)


def page_since(client, tab: str = "held") -> str:  # type: ignore[no-untyped-def]
    page = client.get(f"/moderation/queue/{tab}/").content.decode()
    return re.search(r'data-since="([^"]+)"', page).group(1)


def poll(client, since: str, tab: str = "held") -> dict:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/moderation/queues/{tab}/new", {"since": since})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_comment_back_in_the_queue_after_a_colleagues_undo_is_offered(
    client, mod, make_staff, held
):
    old, newer = held("idiot old"), held("idiot newer")
    colleague = make_staff("colleague", "Moderators")
    actions.approve(colleague, old.pk)
    settle(old, newer)
    client.force_login(mod)
    since = page_since(client)  # shows `newer` only: the newest id on the page is newer's
    actions.undo_last(colleague)  # `old`, an older id, is held again
    body = poll(client, since)
    assert [item["id"] for item in body["items"]] == [old.pk]
    assert f'id="item-{old.pk}"' in body["items"][0]["html"]
    assert body["counts"]["held"] == 2 and body["more"] is False
    assert body["cursor"]


def test_a_comment_held_again_after_its_authors_edit_is_offered(client, mod, held):
    comment = held("idiot at first")
    actions.approve(mod, comment.pk)
    other = held("idiot other")
    settle(comment, other)
    client.force_login(mod)
    since = page_since(client)
    comment_actions.edit_comment(Comment.objects.get(pk=comment.pk), comment.author, "idiot now")
    assert Comment.objects.get(pk=comment.pk).status == "held"
    assert [item["id"] for item in poll(client, since)["items"]] == [comment.pk]


def test_what_did_not_change_since_the_last_poll_is_not_offered_again(client, mod, held):
    waiting = held("idiot waiting")
    settle(waiting)
    client.force_login(mod)
    since = page_since(client)
    assert poll(client, since)["items"] == []
    new = held("idiot new")
    body = poll(client, since)
    assert [item["id"] for item in body["items"]] == [new.pk]


def test_more_changes_than_one_answer_holds_are_flagged(mod, held):
    first, second = held("idiot one"), held("idiot two")
    since = timezone.now() - dt.timedelta(minutes=1)
    items, more = queries.changed_items("held", queries.Filters(), since, limit=1)
    assert [item.id for item in items] == [first.pk] and more is True
    items, more = queries.changed_items("held", queries.Filters(), since, limit=2)
    assert [item.id for item in items] == [first.pk, second.pk] and more is False


@pytest.mark.parametrize("since", ["yesterday", "2026-11-29T10:00:00", "nan"])
def test_a_bad_cursor_is_a_400_with_a_message(client, mod, since):
    client.force_login(mod)
    response = client.get("/api/moderation/queues/held/new", {"since": since})
    assert response.status_code == 400
    assert "reload the page" in response.json()["error"]["message"]


def test_the_queue_page_script_polls_with_the_cursor_not_the_newest_id():
    from pathlib import Path

    import masthead

    script = (Path(masthead.__file__).parent / "static/dashboard/dashboard.js").read_text()
    assert '"since=" + encodeURIComponent(since)' in script
    assert "after_id" not in script


def test_a_sample_back_after_an_undo_and_a_newly_reported_comment_are_offered(
    client, mod, make_staff, make_article, make_reader, post, keyword_moderation
):
    from masthead.dashboard.models import WorkspaceSettings

    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article = make_article()
    sampled = post(article, make_reader(), "One remark.")
    WorkspaceSettings.objects.filter(pk=1).update(audit_sample_rate=0.0)
    civil = post(article, make_reader(), "A civil remark.")
    colleague = make_staff("colleague", "Moderators")
    actions.approve(colleague, sampled.pk)  # confirmed: out of the sample queue
    settle(sampled, civil)
    client.force_login(mod)
    sample_since, reported_since = page_since(client, "sample"), page_since(client, "reported")
    actions.undo_last(colleague)  # the comment itself is not saved: only its sample row
    comment_actions.report_comment(civil, make_reader(), "abuse")
    assert [i["id"] for i in poll(client, sample_since, "sample")["items"]] == [sampled.pk]
    assert [i["id"] for i in poll(client, reported_since, "reported")["items"]] == [civil.pk]
