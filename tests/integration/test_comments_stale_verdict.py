"""A verdict belongs to the text it was computed for: when the author's edit lands while the
previous text is still being checked, that check's verdict must not publish (or hold, or mark)
the new words; the edit's own check decides them."""

from __future__ import annotations

import pytest

from masthead.comments import actions
from masthead.comments.models import Comment
from masthead.comments.ports import CommentForModeration, ModerationOutcome
from tests.support import moderators

pytestmark = pytest.mark.django_db

NEW_TEXT = "Well, you idiot, the bridge is fine."


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def edited_while_checking(comment: CommentForModeration) -> ModerationOutcome:
    """The author's edit (its save, not yet its own check) commits while the first text is
    being checked: the edit request's first half, run here, at the worst moment."""
    if not comment.is_edit:
        stored = Comment.objects.get(pk=comment.comment_id)
        actions._revise(stored, NEW_TEXT, stored.author)
    return moderators.by_keyword(comment)


def test_a_verdict_on_the_old_text_does_not_publish_an_edit_made_during_its_check(
    make_article, make_reader, post, use_moderator
):
    use_moderator(f"{__name__}.edited_while_checking")
    comment = post(make_article(), make_reader(), "The bridge is fine.")
    stored = Comment.objects.get(pk=comment.pk)
    # The first check read "The bridge is fine." (publish); the words now stored are the edit's.
    assert stored.text == NEW_TEXT
    assert stored.status == Comment.Status.PENDING
    assert stored.decision == "" and stored.spans == []


def test_the_edits_own_check_then_decides_the_new_words(
    make_article, make_reader, post, use_moderator
):
    use_moderator(f"{__name__}.edited_while_checking")
    comment = post(make_article(), make_reader(), "The bridge is fine.")
    use_moderator("tests.support.moderators.by_keyword")
    # The edit request's second half: its own check of the text it saved.
    decided = actions._moderate_now(
        Comment.objects.select_related("article", "parent").get(pk=comment.pk), is_edit=True
    )
    assert decided.status == Comment.Status.HELD
    assert decided.reasons == ["insult"]
    assert decided.spans == [{"start": 10, "end": 15, "reason": "insult"}]


def test_a_verdict_for_the_current_text_is_applied_as_before(make_article, make_reader, post):
    comment = post(make_article(), make_reader(), "The bridge is fine.")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED
