"""A comment keeps the versions of every model that judged it (the field held 100 characters
until 2026-11-30, and the shipped abuse model's version alone is over 90: the on-topic and spam
models' versions were cut off)."""

from __future__ import annotations

import pytest

from masthead.comments.models import MODEL_VERSION_LENGTH, Comment
from masthead.comments.ports import ModerationOutcome
from masthead.moderation.core.classifiers.loader import load_classifiers
from masthead.moderation.core.pipeline import model_versions
from masthead.moderation.core.types import Verdict
from masthead.moderation.gateway import to_outcome

pytestmark = pytest.mark.django_db

LONG = "abuse=" + "a" * 120 + ";spam=" + "s" * 40 + ";topic=" + "t" * 70


def long_version(comment: object) -> ModerationOutcome:
    return ModerationOutcome(decision="publish", scores={"toxicity": 0.01}, model_version=LONG)


def too_long_version(comment: object) -> ModerationOutcome:
    return ModerationOutcome(
        decision="publish",
        scores={"toxicity": 0.01},
        model_version="x" * (MODEL_VERSION_LENGTH + 50),
    )


def test_a_verdict_naming_three_long_model_versions_is_stored_whole(
    use_moderator, make_article, make_reader, post
):
    use_moderator(f"{__name__}.long_version")
    comment = post(make_article(), make_reader(), "The bridge should have a cycle lane.")
    comment.refresh_from_db()
    assert len(LONG) > 200
    assert comment.model_version == LONG


def test_a_version_longer_than_the_field_is_cut_to_it_and_the_comment_still_posts(
    use_moderator, make_article, make_reader, post
):
    use_moderator(f"{__name__}.too_long_version")
    comment = post(make_article(), make_reader(), "The bridge should have a cycle lane.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.model_version == "x" * MODEL_VERSION_LENGTH


def test_the_shipped_models_versions_fit_the_field_with_room_to_spare():
    classifiers = load_classifiers()
    verdict = Verdict(
        decision="publish", reasons=(), scores={}, model_versions=model_versions(classifiers)
    )
    stored = to_outcome(verdict).model_version
    assert {part.split("=")[0] for part in stored.split(";")} == {"abuse", "spam", "topic"}
    assert len(stored) > 100  # what the old field cut off
    assert len(stored) <= MODEL_VERSION_LENGTH // 2
