"""QA review of the moderators' workspace: decisions on comments someone already decided, the
queues' scores and tabs, the health of the checks, what readers are told."""

from __future__ import annotations

import pytest

from masthead.comments.errors import Conflict
from masthead.comments.models import Comment
from masthead.dashboard import actions
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


# --- decisions on comments already decided (stale page, two moderators, double submit) -------


def test_a_second_moderator_cannot_publish_what_the_first_rejected(mod, make_staff, held):
    other = make_staff("other", "Moderators")
    comment = held()
    actions.reject(mod, comment.pk, "Personal attacks are not allowed.")
    with pytest.raises(Conflict) as raised:
        actions.approve(other, comment.pk)  # from a page loaded before mod's decision
    assert "mod already rejected" in raised.value.message
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert comment.rejection_reason == "Personal attacks are not allowed."
    assert not AuditEntry.objects.filter(actor=other).exists()
    with pytest.raises(Conflict):
        actions.edit_and_approve(other, comment.pk, "Tidied up.")
    assert Comment.objects.get(pk=comment.pk).status == "rejected"


def test_a_double_submitted_decision_is_refused_not_logged_twice(mod, make_staff, held):
    first, second = held("idiot one"), held("idiot two")
    actions.approve(mod, first.pk)
    with pytest.raises(Conflict):
        actions.approve(mod, first.pk)
    actions.reject(mod, second.pk, "No insults.")
    with pytest.raises(Conflict):
        actions.reject(mod, second.pk, "Something else.")
    assert Comment.objects.get(pk=second.pk).rejection_reason == "No insults."
    assert AuditEntry.objects.filter(actor=mod).count() == 2
    # Taking down what a colleague just approved from a stale held page is refused too.
    other = make_staff("other", "Moderators")
    with pytest.raises(Conflict) as raised:
        actions.reject(other, first.pk, "Rude.")
    assert "mod already approved" in raised.value.message
    assert Comment.objects.get(pk=first.pk).status == "published"


def test_the_form_answers_a_stale_decision_with_a_409_page(client, mod, make_staff, held):
    comment = held()
    actions.reject(make_staff("other", "Moderators"), comment.pk, "No insults.")
    client.force_login(mod)
    response = client.post(f"/moderation/comments/{comment.pk}/approve/")
    assert response.status_code == 409
    assert "other already rejected this comment" in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == "rejected"


def test_bulk_leaves_comments_decided_meanwhile_and_says_which(client, mod, make_staff, held):
    from masthead.comments import actions as comment_actions

    comments = [held(f"idiot {i}") for i in range(4)]
    actions.reject(make_staff("other", "Moderators"), comments[1].pk, "No insults.")
    author = comments[2].author
    comment_actions.delete_comment(Comment.objects.get(pk=comments[2].pk), author)
    client.force_login(mod)
    response = client.post(
        "/moderation/bulk/", {"action": "approve", "ids": [c.pk for c in comments]}, follow=True
    )
    page = response.content.decode()
    assert "2 comments done" in page
    assert f"no. {comments[1].pk}" in page and f"no. {comments[2].pk}" in page
    statuses = dict(
        Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("pk", "status")
    )
    assert [statuses[c.pk] for c in comments] == ["published", "rejected", "deleted", "published"]
    # Nothing left to do at all: a 409 with the reason, nothing written.
    before = AuditEntry.objects.count()
    response = client.post(
        "/moderation/bulk/", {"action": "reject", "ids": [comments[1].pk], "reason": "x"}
    )
    assert response.status_code == 409
    assert AuditEntry.objects.count() == before
