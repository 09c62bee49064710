"""Time in queue counts every stay of a comment in Held that a moderator's decision ended:
from posting (or from being put back) to the next decision that stands (docs/moderators.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.comments import actions as comments
from masthead.comments.models import Comment, CommentRevision
from masthead.dashboard import actions, stats
from masthead.dashboard.models import AuditEntry
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

# Today and yesterday: comments back-dated by up to 3 hours stay in the window when the tests
# run just after midnight (with one day they fell out of it from 00:00 to 03:00).
DAYS = 2


@pytest.fixture
def published(make_article, make_reader, post, keyword_moderation):  # type: ignore[no-untyped-def]
    def make() -> Comment:
        comment = post(make_article(), make_reader(), "A sensible remark.")
        assert comment.status == "published"
        return comment

    return make


def _at(entry: AuditEntry, minutes: float) -> None:
    """Date an entry `minutes` after its comment was posted."""
    posted = Comment.objects.get(pk=entry.comment_id).created_at
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=posted + dt.timedelta(minutes=minutes))


def _stats_queries() -> int:
    """How many queries one `stats.compute` makes."""
    with CaptureQueriesContext(connection) as captured:
        stats.compute(DAYS)
    return len(captured)


def _last_entry(comment: Comment) -> AuditEntry:
    return AuditEntry.objects.filter(comment=comment).order_by("-id").first()  # type: ignore[return-value]


def _held_approved_put_back_rejected(mod, held) -> Comment:  # type: ignore[no-untyped-def]
    comment = held()
    _at(actions.approve(mod, comment.pk), 10)
    comments.hold_comment(Comment.objects.get(pk=comment.pk), mod)  # a script, the shell
    hold = _last_entry(comment)
    assert hold.action == AuditEntry.Action.HOLD
    _at(hold, 30)
    _at(actions.reject(mod, comment.pk, "Insult after all."), 55)
    return comment


def test_a_comment_put_back_into_held_and_decided_again_counts_both_stays(mod, held):
    _held_approved_put_back_rejected(mod, held)
    total = stats.compute(DAYS).total
    # 10 minutes from posting to the approval, 25 from being put back to the rejection.
    assert sorted(total.queue_minutes) == [10.0, 25.0]
    assert total.queue_median == pytest.approx(17.5)
    # The quality of automatic publishing still reads the first decision that stands.
    assert (total.counts.held_decided, total.counts.held_approved) == (1, 1)


def test_a_published_comment_a_moderator_put_into_held_counts_from_then(mod, published):
    comment = published()
    comments.hold_comment(comment, mod)
    _at(_last_entry(comment), 60)
    _at(actions.approve(mod, comment.pk), 75)
    total = stats.compute(DAYS).total
    assert total.queue_minutes == [15.0]
    # Not held by the checks: no decision on their hold.
    assert total.counts.held_decided == 0


def test_an_undone_decision_does_not_end_the_stay(mod, held):
    comment = held()
    _at(actions.approve(mod, comment.pk), 10)
    actions.undo_last(mod)  # back into Held
    _at(actions.reject(mod, comment.pk, "Insult."), 40)
    assert stats.compute(DAYS).total.queue_minutes == [40.0]


def test_stays_begun_by_a_verdict_after_an_edit(mod, make_article, make_reader):
    """Rows written directly: a later automatic hold (an edit checked again) begins a stay when
    it was written; a stay the checks ended by publishing the edit is not counted."""
    article, reader = make_article(), make_reader()
    posted = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    edited, republished = Comment.objects.bulk_create(
        Comment(article=article, author=reader, text=name, created_at=posted)
        for name in ("edited", "republished")
    )

    def entry(comment: Comment, action: str, minutes: float, **more) -> AuditEntry:  # type: ignore[no-untyped-def]
        return AuditEntry(
            comment=comment,
            action=action,
            reason="insult" if action == "auto_hold" else "",
            created_at=posted + dt.timedelta(minutes=minutes),
            **more,
        )

    human = {"actor": mod, "actor_name": "mod", "before": {"status": "held"}}
    AuditEntry.objects.bulk_create(
        [
            entry(edited, "auto_publish", 0.05),
            entry(edited, "auto_hold", 60),  # the edit held: waits from here
            entry(edited, "approve", 80, **human),
            entry(republished, "auto_hold", 0.05),
            entry(republished, "auto_publish", 30),  # edited and published: no decision
            entry(republished, "hold", 50, actor=mod, actor_name="mod"),
            entry(republished, "reject", 70, **human),
        ]
    )
    assert sorted(stats.compute(DAYS).total.queue_minutes) == [20.0, 20.0]


def test_time_in_queue_reads_a_fixed_number_of_queries(mod, held):
    _held_approved_put_back_rejected(mod, held)
    one = _stats_queries()
    for _ in range(3):
        _held_approved_put_back_rejected(mod, held)
    assert len(stats.compute(DAYS).total.queue_minutes) == 8
    assert _stats_queries() == one


@pytest.fixture
def unchecked(make_article, make_reader):  # type: ignore[no-untyped-def]
    """A comment whose check never finished: still "pending" 40 minutes after posting, shown in
    Held."""

    def make() -> Comment:
        comment = Comment.objects.create(
            article=make_article(), author=make_reader(), text="Lost its check.", status="pending"
        )
        posted = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=40)
        Comment.objects.filter(pk=comment.pk).update(created_at=posted)
        return Comment.objects.get(pk=comment.pk)

    return make


def test_a_comment_decided_while_its_check_never_finished_waited_from_posting(mod, unchecked):
    comment = unchecked()
    decision = actions.approve(mod, comment.pk)
    assert decision.before["status"] == "pending"
    _at(decision, 35)
    total = stats.compute(DAYS).total
    assert total.queue_minutes == [35.0]
    # No check held it: no decision on the checks' hold for precision and recall.
    assert total.counts.held_decided == 0


def test_an_undone_decision_on_an_unchecked_comment_does_not_end_its_stay(mod, unchecked):
    comment = unchecked()
    _at(actions.approve(mod, comment.pk), 10)
    actions.undo_last(mod)  # Undo puts it into Held: it still waits from posting
    assert Comment.objects.get(pk=comment.pk).status == "held"
    _at(actions.reject(mod, comment.pk, "Insult."), 30)
    assert stats.compute(DAYS).total.queue_minutes == [30.0]


def test_decisions_on_comments_pending_after_an_edit(mod, make_article, make_reader):
    """Rows written directly: a held comment whose author's edit was never checked waited from
    its hold to the decision; a published one with no revision recording when an edit sent it
    back to waiting is not counted; neither changes the decisions on held comments."""
    article, reader = make_article(), make_reader()
    posted = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    was_held, was_published = Comment.objects.bulk_create(
        Comment(article=article, author=reader, text=name, created_at=posted, status="pending")
        for name in ("was held", "was published")
    )
    human = {"actor": mod, "actor_name": "mod", "before": {"status": "pending"}}
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(comment=was_held, action="auto_hold", reason="insult",
                       created_at=posted + dt.timedelta(minutes=0.05)),
            AuditEntry(comment=was_held, action="reject",
                       created_at=posted + dt.timedelta(minutes=45), **human),
            AuditEntry(comment=was_published, action="auto_publish",
                       created_at=posted + dt.timedelta(minutes=0.05)),
            AuditEntry(comment=was_published, action="approve",
                       created_at=posted + dt.timedelta(minutes=50), **human),
        ]
    )  # fmt: skip
    total = stats.compute(DAYS).total
    assert total.queue_minutes == [45.0]
    assert total.counts.held_decided == 0


def test_unchecked_comments_read_no_more_queries(mod, held, unchecked):
    _held_approved_put_back_rejected(mod, held)
    one = _stats_queries()
    for _ in range(3):
        _at(actions.approve(mod, unchecked().pk), 20)
    assert len(stats.compute(DAYS).total.queue_minutes) == 5
    assert _stats_queries() == one


def _edited_and_never_checked(comment: Comment, monkeypatch, minutes: float) -> None:  # type: ignore[no-untyped-def]
    """Its author edits it `minutes` after posting and the new check never finishes (the
    process died): it stays "pending", shown in Held, with only its revision recording when."""
    with monkeypatch.context() as patched:

        def died(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise RuntimeError("the worker died during the check")

        patched.setattr(comments, "_ask_moderation", died)
        with pytest.raises(RuntimeError):
            comments.edit_comment(comment, comment.author, f"{comment.text} Edited.")
    assert Comment.objects.get(pk=comment.pk).status == "pending"
    revision = CommentRevision.objects.filter(comment=comment).latest("created_at", "id")
    CommentRevision.objects.filter(pk=revision.pk).update(
        created_at=comment.created_at + dt.timedelta(minutes=minutes)
    )


def test_a_published_comment_whose_authors_edit_was_never_checked_waited_from_the_edit(
    mod, published, monkeypatch
):
    comment = published()
    _edited_and_never_checked(comment, monkeypatch, 5)
    decision = actions.reject(mod, comment.pk, "Insult.")
    assert decision.before["status"] == "pending"
    _at(decision, 35)
    total = stats.compute(DAYS).total
    assert total.queue_minutes == [30.0]
    # No check held it: not a decision on the checks' hold for precision and recall.
    assert total.counts.held_decided == 0


def test_an_approved_comment_edited_and_never_checked_waits_again_from_the_edit(
    mod, held, monkeypatch
):
    """Published by a moderator, then edited: a second stay, from the edit to the decision that
    stands (an undone one ends none), as well as the first."""
    comment = held()
    _at(actions.approve(mod, comment.pk), 10)
    _edited_and_never_checked(Comment.objects.get(pk=comment.pk), monkeypatch, 20)
    _at(actions.approve(mod, comment.pk), 30)
    actions.undo_last(mod)  # back into Held: still waiting since the edit
    _at(actions.reject(mod, comment.pk, "Insult."), 45)
    total = stats.compute(DAYS).total
    assert sorted(total.queue_minutes) == [10.0, 25.0]
    # The first decision on the checks' hold is unchanged.
    assert (total.counts.held_decided, total.counts.held_approved) == (1, 1)


def test_a_moderators_own_edit_does_not_start_the_wait(mod, published, monkeypatch):
    """Edit and approve writes a revision too (the moderator's, just before the decision): the
    wait runs from the author's edit, not from it."""
    comment = published()
    _edited_and_never_checked(comment, monkeypatch, 5)
    _at(actions.edit_and_approve(mod, comment.pk, "A sensible remark, trimmed."), 25)
    assert CommentRevision.objects.filter(comment=comment).count() == 2
    assert stats.compute(DAYS).total.queue_minutes == [20.0]


def test_edits_never_checked_read_no_more_queries(mod, held, published, monkeypatch):
    _held_approved_put_back_rejected(mod, held)
    one = _stats_queries()
    for _ in range(3):
        comment = published()
        _edited_and_never_checked(comment, monkeypatch, 5)
        _at(actions.approve(mod, comment.pk), 20)
    assert len(stats.compute(DAYS).total.queue_minutes) == 5
    assert _stats_queries() == one
