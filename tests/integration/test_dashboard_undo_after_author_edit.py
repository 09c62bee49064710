"""Undo never publishes, or puts back, text no moderator read: once the author has edited the
comment since the decision, an undo that would publish it or restore its earlier text is
refused and nothing changes (QA walk, 2026-11-30: a moderator kept an audit-sample comment, its
author edited it into an insult that the checks held, and the moderator's undo published the
insult). An undo that only puts the comment back into Held still works."""

from __future__ import annotations

import pytest

from masthead.comments import actions as comment_actions
from masthead.comments.errors import Conflict
from masthead.comments.models import Comment
from masthead.dashboard import actions
from masthead.dashboard.models import AuditEntry, WorkspaceSettings
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _author_edits(comment: Comment, text: str) -> Comment:
    fresh = Comment.objects.get(pk=comment.pk)
    comment_actions.edit_comment(fresh, fresh.author, text)
    return Comment.objects.get(pk=comment.pk)


def test_undoing_a_keep_does_not_publish_the_authors_held_edit(
    mod, make_article, make_reader, post, keyword_moderation
):
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    comment = post(make_article(), make_reader(), "A fair remark.")
    actions.approve(mod, comment.pk)  # kept in the audit sample
    assert _author_edits(comment, "You idiot.").status == "held"
    with pytest.raises(Conflict) as refused:
        actions.undo_last(mod)
    assert "its author edited" in refused.value.message.lower()
    comment.refresh_from_db()
    assert (comment.status, comment.text) == ("held", "You idiot.")
    assert not AuditEntry.objects.filter(action="undo").exists()


def test_undoing_an_edit_does_not_put_back_text_over_the_authors_newer_words(
    mod, make_article, make_reader, post, keyword_moderation
):
    comment = post(make_article(), make_reader(), "A fair remark, with my phone number 555.")
    actions.edit_and_approve(mod, comment.pk, "A fair remark.")
    assert _author_edits(comment, "A fair remark, and another.").status == "published"
    with pytest.raises(Conflict):
        actions.undo_last(mod)
    assert Comment.objects.get(pk=comment.pk).text == "A fair remark, and another."


def test_undoing_an_approval_after_the_authors_edit_puts_it_back_into_held(mod, held):
    comment = held("You idiot, read the report.")
    actions.approve(mod, comment.pk)
    _author_edits(comment, "Please read the report, idiot.")
    actions.undo_last(mod)
    assert Comment.objects.get(pk=comment.pk).status == "held"
