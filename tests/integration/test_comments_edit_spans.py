"""Highlight spans belong to the text the automatic checks read: an edit that changes the text
leaves none behind pointing at the wrong characters."""

from __future__ import annotations

import pytest

from masthead.comments import actions
from masthead.comments.models import Comment
from masthead.comments.ports import CommentForModeration, ModerationOutcome
from masthead.dashboard import present
from tests.support import moderators

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def decided_while_checking(comment: CommentForModeration) -> ModerationOutcome:
    """A moderator holds an edited comment while its new text is being checked (theirs stands)."""
    if comment.is_edit:
        Comment.objects.filter(pk=comment.comment_id).update(status=Comment.Status.HELD)
    return moderators.by_keyword(comment)


def test_moderator_edit_clears_the_spans_of_the_old_text(
    make_article, make_reader, post, moderator_user
):
    held = post(make_article(), make_reader(), "Well, you idiot, the bridge is fine.")
    assert held.spans == [{"start": 10, "end": 15, "reason": "insult"}]
    edited = actions.edit_and_approve_comment(held, moderator_user, "Well, the bridge is fine.")
    # Reported and taken down again, it is back in the queue: nothing is marked in the new text.
    actions.hold_comment(edited, moderator_user)
    again = Comment.objects.get(pk=held.pk)
    assert again.text == "Well, the bridge is fine." and again.spans == []
    assert "<mark" not in present.highlight(again.text, again.spans)
    # The automatic verdict's reasons stay: they say why it was first held.
    assert again.reasons == ["insult"]


def test_moderator_approving_the_same_text_keeps_its_spans(
    make_article, make_reader, post, moderator_user
):
    held = post(make_article(), make_reader(), "Well, you idiot, the bridge is fine.")
    actions.edit_and_approve_comment(held, moderator_user, held.text, "no change")
    assert Comment.objects.get(pk=held.pk).spans == held.spans


def test_reader_edit_decided_by_a_moderator_mid_check_keeps_no_old_spans(
    make_article, make_reader, post, use_moderator
):
    reader = make_reader()
    held = post(make_article(), reader, "Well, you idiot, the bridge is fine.")
    assert held.spans
    use_moderator(f"{__name__}.decided_while_checking")
    edited = actions.edit_comment(held, reader, "The bridge is fine, the toll is not.")
    # The moderator's hold stood, so no verdict on the new text was stored: no spans either.
    assert edited.status == Comment.Status.HELD
    assert edited.text == "The bridge is fine, the toll is not." and edited.spans == []


def test_reader_edit_stores_the_spans_of_the_new_text(make_article, make_reader, post):
    reader = make_reader()
    held = post(make_article(), reader, "Well, you idiot, the bridge is fine.")
    edited = actions.edit_comment(held, reader, "Idiot.")
    assert edited.spans == [{"start": 0, "end": 5, "reason": "insult"}]


def test_deleting_a_comment_drops_its_spans_with_its_words(make_article, make_reader, post):
    reader = make_reader()
    held = post(make_article(), reader, "Well, you idiot, the bridge is fine.")
    actions.delete_comment(held, reader)
    gone = Comment.objects.get(pk=held.pk)
    assert gone.text == "" and gone.spans == []
