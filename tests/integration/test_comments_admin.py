"""The newsroom admin changes comments only through the comment actions."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def test_moderator_approves_a_held_reply_from_the_admin_and_its_parent_author_hears(
    make_article, make_reader, post, moderator_user, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    moderator_user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    article = make_article()
    top = post(article, make_reader("Alice"), "Top.")
    held = post(article, make_reader("Bob"), "idiot reply", parent=top)
    client = Client()
    client.force_login(moderator_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/comments/comment/",
            {"action": "approve", "_selected_action": [held.pk]},
        )
    assert response.status_code == 302
    assert Comment.objects.get(pk=held.pk).status == "published"
    assert len(mailoutbox) == 1


def _superuser_client() -> Client:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw-123456789"))
    return client


def test_deleting_comments_in_the_admin_is_refused_and_the_replies_stay(
    make_article, make_reader, post
):
    # "Delete selected" removed the comment and, by cascade, every reply under it, with no
    # audit entry.
    article = make_article()
    top = post(article, make_reader("Alice"), "Top.")
    reply = post(article, make_reader("Bob"), "A reply.", parent=top)
    client = _superuser_client()
    client.post(
        "/admin/comments/comment/",
        {"action": "delete_selected", "_selected_action": [top.pk], "post": "yes"},
    )
    assert client.get(f"/admin/comments/comment/{top.pk}/delete/").status_code == 403
    assert Comment.objects.filter(pk__in=[top.pk, reply.pk]).count() == 2


def test_every_decision_the_admin_offers_is_written_to_the_audit_log(
    make_article, make_reader, post
):
    # Editors' picks and trusting or banning readers left no audit entry from here; they are
    # the workspace's, which records them.
    from masthead.comments.admin import CommentAdmin, ReaderProfileAdmin
    from masthead.dashboard.models import AuditEntry

    article = make_article()
    readers = [make_reader(name) for name in ("Alice", "Bob")]
    held = [post(article, reader, "idiot, I say") for reader in readers]
    client = _superuser_client()
    offered = [name for name in CommentAdmin.actions if name != "delete_selected"]
    assert offered == ["approve", "reject_off_topic"]
    for name, comment in zip(offered, held, strict=True):
        before = AuditEntry.objects.filter(comment=comment).count()
        client.post("/admin/comments/comment/", {"action": name, "_selected_action": [comment.pk]})
        assert AuditEntry.objects.filter(comment=comment).count() == before + 1, name
    assert not ReaderProfileAdmin.actions
    page = client.get("/admin/comments/readerprofile/").content.decode()
    assert 'value="ban"' not in page and 'value="delete_selected"' not in page


def test_reports_cannot_be_added_changed_or_deleted_in_the_admin(make_article, make_reader, post):
    from masthead.comments import actions
    from masthead.comments.models import CommentReport

    comment = post(make_article(), make_reader("Alice"), "Top.")
    report = actions.report_comment(comment, make_reader("Bob"), "spam")
    client = _superuser_client()
    assert client.get("/admin/comments/commentreport/add/").status_code == 403
    assert client.get(f"/admin/comments/commentreport/{report.pk}/delete/").status_code == 403
    client.post(
        f"/admin/comments/commentreport/{report.pk}/change/", {"reason": "other", "note": "x"}
    )
    assert CommentReport.objects.get(pk=report.pk).reason == "spam"
