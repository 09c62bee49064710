"""Migration comments/0008: explanations stored while the gateway opened them with "Your comment
is waiting for a moderator." / "Your comment was not published." keep only the reasons, and the
author is told exactly what they were told before."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from masthead.comments.models import Comment
from masthead.comments.views import outcome_message
from tests.support.comment_fixtures import HOLD_ALL

pytestmark = pytest.mark.django_db


def stored_with(comment: Comment, explanation: str, status: str) -> Comment:
    Comment.objects.filter(pk=comment.pk).update(explanation=explanation, status=status)
    return Comment.objects.get(pk=comment.pk)


def test_the_migration_strips_the_old_opening_and_the_author_is_told_the_same(
    make_article, make_reader, post, use_moderator
):
    use_moderator(HOLD_ALL)
    article, reader = make_article(), make_reader()
    held = stored_with(
        post(article, reader, "one"),
        "Your comment is waiting for a moderator. It reads as a threat.",
        Comment.Status.HELD,
    )
    rejected = stored_with(
        post(article, reader, "two"),
        "Your comment was not published. It contains a word this site does not allow.",
        Comment.Status.REJECTED,
    )
    plain = stored_with(
        post(article, reader, "three"),
        "Comments here are read by a moderator before they appear.",
        Comment.Status.HELD,
    )
    told_before = {
        held.pk: "Your comment is held for review. Only you can see it until a moderator "
        "decides. It reads as a threat.",
        rejected.pk: "Your comment was not published. It contains a word this site does not allow.",
        plain.pk: outcome_message(plain),
    }
    migration = importlib.import_module(
        "masthead.comments.migrations.0008_explanation_reasons_only"
    )
    migration.strip_openings(django_apps, None)
    held, rejected, plain = (Comment.objects.get(pk=c.pk) for c in (held, rejected, plain))
    assert held.explanation == "It reads as a threat."
    assert rejected.explanation == "It contains a word this site does not allow."
    assert plain.explanation == "Comments here are read by a moderator before they appear."
    for comment in (held, rejected, plain):
        assert outcome_message(comment) == told_before[comment.pk]
