"""A sampled comment its author edited after publication, held by the checks for the edit and
then approved by a moderator: the approval settles the draw (the words the checks published
are gone, and a moderator read and published the ones there now), so the comment no longer
waits in the Audit sample, and nothing is counted in the sample's figures."""

from __future__ import annotations

import pytest

from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment
from masthead.dashboard import actions, queries, stats
from masthead.dashboard.models import AuditSample, WorkspaceSettings
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _published_then_held_after_edit(make_article, make_reader, post) -> Comment:  # type: ignore[no-untyped-def]
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    reader = make_reader()
    comment = post(make_article(), reader, "Civil at first.")
    assert AuditSample.objects.get(comment=comment).outcome == "pending"
    comment_actions.edit_comment(comment, reader, "Now you idiot.")
    comment = Comment.objects.get(pk=comment.pk)
    assert comment.status == "held"
    return comment


def _sample_figures() -> tuple[int, int, int, int]:
    total = stats.compute(1).total.counts
    in_tab = queries.tab_queryset("sample").count()
    return (
        in_tab,
        queries.counts(queries.Filters())["sample"],
        total.sample_reviewed,
        (total.sample_rejected),
    )


def test_approving_from_held_an_edit_of_a_sampled_comment_takes_it_off_the_audit_sample(
    client, mod, make_article, make_reader, post, keyword_moderation
):
    """Approved from Held, the edited text is published again: it does not show in the Audit
    sample tab (nor its count, the API's or /metrics'), and the draw counts neither as kept
    nor as rejected in the stats (the sampled words no longer exist)."""
    comment = _published_then_held_after_edit(make_article, make_reader, post)
    actions.approve(mod, comment.pk)
    assert Comment.objects.get(pk=comment.pk).status == "published"
    assert _sample_figures() == (0, 0, 0, 0)
    assert not AuditSample.objects.filter(comment=comment).exists()
    client.force_login(mod)
    assert client.get("/api/moderation/counts").json()["counts"]["sample"] == 0


def test_edit_and_approve_from_held_of_a_sampled_comment_takes_it_off_the_audit_sample(
    mod, make_article, make_reader, post, keyword_moderation
):
    """The same when the moderator edits the held text and approves it."""
    comment = _published_then_held_after_edit(make_article, make_reader, post)
    actions.edit_and_approve(mod, comment.pk, "Now civil again.")
    assert not AuditSample.objects.filter(comment=comment).exists()
    assert _sample_figures() == (0, 0, 0, 0)


def test_undoing_that_approval_puts_the_draw_back_as_it_was(
    mod, make_article, make_reader, post, keyword_moderation
):
    """Undone, the comment waits in Held again with its draw unreviewed (as before the
    approval); approving it again takes it off the sample again."""
    comment = _published_then_held_after_edit(make_article, make_reader, post)
    selected_at = AuditSample.objects.get(comment=comment).selected_at
    actions.approve(mod, comment.pk)
    actions.undo_last(mod)
    assert Comment.objects.get(pk=comment.pk).status == "held"
    sample = AuditSample.objects.get(comment=comment)
    assert (sample.outcome, sample.selected_at, sample.reviewed_by) == (
        "pending",
        selected_at,
        None,
    )
    assert _sample_figures() == (0, 0, 0, 0)
    actions.approve(mod, comment.pk)
    assert not AuditSample.objects.filter(comment=comment).exists()


def test_an_approval_outside_the_workspace_of_that_edit_takes_it_off_the_audit_sample(
    moderator_user, make_article, make_reader, post, keyword_moderation
):
    """Approved from the admin or a script, the same."""
    comment = _published_then_held_after_edit(make_article, make_reader, post)
    comment_actions.approve_comment(comment, moderator_user)
    assert not AuditSample.objects.filter(comment=comment).exists()
    assert _sample_figures() == (0, 0, 0, 0)


def test_keeping_a_sampled_comment_still_on_the_published_text_reviews_its_draw(
    mod, make_article, make_reader, post, keyword_moderation
):
    """The draw of a comment approved while its published text is the one drawn is still
    reviewed and kept, counted in the sample (the case the change must not touch)."""
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    comment = post(make_article(), make_reader(), "Civil, and it stays so.")
    actions.approve(mod, comment.pk)
    assert AuditSample.objects.get(comment=comment).outcome == "confirmed"
    assert _sample_figures() == (0, 0, 1, 0)
