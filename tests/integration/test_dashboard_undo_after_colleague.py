"""Undo reverses the moderator's own last decision, never a colleague's later one: when someone
else has decided the same comment (or acted on the same reader) since, the undo is refused with
who did what, and nothing changes (QA walk, 2026-11-30: a moderator's undo of an approval put
back into Held a comment the lead had taken down meanwhile, leaving the lead's rejection in the
log as if it stood)."""

from __future__ import annotations

import pytest

from masthead.comments.errors import Conflict
from masthead.comments.models import Comment, ReaderProfile
from masthead.dashboard import actions
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_undo_is_refused_when_a_colleague_took_the_comment_down_since(mod, lead, held):
    comment = held()
    actions.approve(mod, comment.pk)
    actions.take_down(lead, comment.pk, "Personal attacks are not allowed.")
    with pytest.raises(Conflict) as refused:
        actions.undo_last(mod)
    assert "lead" in refused.value.message and f"no. {comment.pk}" in refused.value.message
    assert "nothing was undone" in refused.value.message
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert comment.rejection_reason == "Personal attacks are not allowed."
    assert not AuditEntry.objects.filter(action="undo").exists()
    assert not AuditEntry.objects.filter(undone_at__isnull=False).exists()


def test_undo_is_refused_when_a_colleague_changed_the_readers_standing_since(mod, lead, held):
    comment = held()
    actions.suspend(mod, comment.author_id, 7)
    actions.suspend(lead, comment.author_id, 30)
    until = ReaderProfile.objects.get(user_id=comment.author_id).suspended_until
    with pytest.raises(Conflict):
        actions.undo_last(mod)
    assert ReaderProfile.objects.get(user_id=comment.author_id).suspended_until == until


def test_a_bulk_undo_is_refused_whole_when_a_colleague_decided_one_of_its_comments(mod, lead, held):
    first, second = held("idiot one"), held("idiot two")
    actions.bulk(mod, "approve", [first.pk, second.pk])
    actions.take_down(lead, second.pk, "No insults.")
    with pytest.raises(Conflict):
        actions.undo_last(mod)
    statuses = dict(
        Comment.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "status")
    )
    assert statuses == {first.pk: "published", second.pk: "rejected"}


def test_undo_still_works_after_a_colleagues_decision_they_undid_themselves(mod, lead, held):
    comment = held()
    actions.approve(mod, comment.pk)
    actions.take_down(lead, comment.pk, "No insults.")
    actions.undo_last(lead)  # published again, as the moderator left it
    actions.undo_last(mod)
    comment.refresh_from_db()
    assert comment.status == "held"


def test_undo_still_works_after_a_colleagues_decision_on_another_comment(mod, lead, held):
    mine, theirs = held("idiot one"), held("idiot two")
    actions.approve(mod, mine.pk)
    actions.reject(lead, theirs.pk, "No insults.")
    actions.undo_last(mod)
    mine.refresh_from_db()
    assert mine.status == "held"


def test_the_comment_page_offers_no_undo_a_colleagues_later_decision_would_refuse(
    client, mod, lead, held
):
    comment = held()
    actions.approve(mod, comment.pk)
    client.force_login(mod)
    assert 'id="undo-form"' in client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    actions.take_down(lead, comment.pk, "No insults.")
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert 'id="undo-form"' not in page
