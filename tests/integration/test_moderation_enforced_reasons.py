"""Which of a verdict's reasons were enforced: decided once by the pipeline, stored with the
comment, and read by what the reader is told and by the workspace's Pre-moderated tab."""

from __future__ import annotations

import functools
import importlib

import pytest
from django.apps import apps as django_apps

from masthead.comments.models import Comment
from masthead.dashboard import queries
from masthead.dashboard.receivers import index_comment
from masthead.moderation import actions as policy_actions
from masthead.moderation import gateway
from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.classifiers.loader import ModelUnavailable
from masthead.moderation.core.pipeline import PHASES, moderate
from masthead.moderation.core.types import PhaseResult
from tests.support.comment_fixtures import HOLD_ALL, PUBLISH_ALL

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway_with_fakes(use_moderator, masthead_settings, monkeypatch):
    """The real gateway and pipeline, with the small fake models."""
    use_moderator("masthead.moderation.gateway.moderate_comment")
    masthead_settings(COMMENT_RATE_PER_READER="10000/60")
    monkeypatch.setattr(gateway, "get_classifiers", fake_classifiers)


@pytest.fixture
def with_hard_house_rule(monkeypatch):
    """A hard rule no hand-kept list knew: holds every comment for the author's history."""

    def house_rule(submission, policy, classifiers):
        return PhaseResult(decision="hold", reasons=("author_history",), hard=True)

    phases = (*PHASES, ("house", house_rule))
    monkeypatch.setattr(gateway, "moderate", functools.partial(moderate, phases=phases))


def premoderated_and_held_counts() -> tuple[int, int]:
    counts = queries.counts(queries.Filters())
    return counts["premoderated"], counts["held"]


# --- what the reader is told ------------------------------------------------------------------


def test_in_shadow_mode_a_new_readers_insult_is_stored_as_held_for_their_first_comment_only(
    make_article, make_reader, post, gateway_with_fakes
):
    policy_actions.update_policy(shadow_mode=True, premoderate_new_readers=True)
    comment = post(make_article(), make_reader(), "The bridge council are idiot planners")
    assert comment.status == "held" and comment.shadow_decision == "hold"
    assert "insult" in comment.reasons and "first_comment" in comment.reasons
    assert comment.enforced_reasons == ["first_comment"]
    assert "First comments from new readers" in comment.explanation
    assert "insult" not in comment.explanation


def test_in_shadow_mode_a_hard_rule_no_list_knew_is_explained_to_the_reader(
    make_article, make_reader, post, gateway_with_fakes, with_hard_house_rule
):
    policy_actions.update_policy(shadow_mode=True)
    comment = post(make_article(), make_reader(), "The bridge council are idiot planners")
    assert comment.status == "held"
    assert comment.enforced_reasons == ["author_history"]
    # Before, the gateway's own list of hard codes dropped it: "A moderator will look at it".
    assert "Several of your earlier comments were not published." in comment.explanation
    assert "insult" not in comment.explanation


def test_outside_shadow_mode_the_reader_is_told_every_reason(
    make_article, make_reader, post, gateway_with_fakes
):
    policy_actions.update_policy(premoderate_new_readers=True)
    comment = post(make_article(), make_reader(), "The bridge council are idiot planners")
    assert comment.status == "held" and comment.shadow_decision == ""
    assert comment.enforced_reasons == comment.reasons
    assert "personal insult" in comment.explanation
    assert "First comments from new readers" in comment.explanation


def test_in_shadow_mode_models_that_cannot_load_hold_and_say_so(monkeypatch):
    from tests.integration.test_moderation_gateway import comment

    def unavailable():
        raise ModelUnavailable("no weights")

    monkeypatch.setattr(gateway, "get_classifiers", unavailable)
    policy_actions.set_shadow_mode(True)
    outcome = gateway.moderate_comment(comment("The bridge is overdue"))
    assert outcome.decision == "hold" and outcome.enforced_reasons == ("classifier_unavailable",)
    assert "could not run" in outcome.explanation


def test_a_moderator_that_does_not_say_enforces_the_reasons_it_gives(
    make_article, make_reader, post, use_moderator
):
    use_moderator(HOLD_ALL)
    comment = post(make_article(), make_reader(), "The bridge is overdue")
    assert comment.enforced_reasons == ["needs_review"]
    use_moderator(PUBLISH_ALL)
    published = post(make_article(), make_reader(), "The bridge is late")
    assert published.status == "published" and published.enforced_reasons == []
    # An article set to pre-moderated holds what the moderator published: for that alone.
    premod = post(make_article(comments_mode="premoderated"), make_reader(), "The bridge")
    assert premod.status == "held" and premod.enforced_reasons == ["pre_moderation"]


# --- the Pre-moderated tab ---------------------------------------------------------------------


def test_in_shadow_mode_pre_moderation_alone_puts_a_new_readers_insult_in_pre_moderated(
    make_article, make_reader, post, gateway_with_fakes
):
    policy_actions.update_policy(shadow_mode=True, premoderate_new_readers=True)
    post(make_article(), make_reader(), "The bridge council are idiot planners")
    assert premoderated_and_held_counts() == (1, 0)


def test_in_shadow_mode_a_hold_by_another_hard_rule_as_well_waits_in_held(
    make_article, make_reader, post, gateway_with_fakes, with_hard_house_rule
):
    # Read from what was enforced, not "any pre-moderation code in the reasons": the house
    # rule held it too, so it is no pre-moderation-only hold.
    policy_actions.update_policy(shadow_mode=True, premoderate_new_readers=True)
    comment = post(make_article(), make_reader(), "The bridge is overdue")
    assert set(comment.enforced_reasons) == {"first_comment", "author_history"}
    assert premoderated_and_held_counts() == (0, 1)


# --- verdicts stored before the enforced reasons were ------------------------------------------


def stored_before(comment: Comment, reasons: list[str], shadow_decision: str = "") -> Comment:
    Comment.objects.filter(pk=comment.pk).update(
        reasons=reasons, shadow_decision=shadow_decision, enforced_reasons=None
    )
    return Comment.objects.get(pk=comment.pk)


def test_an_older_verdict_outside_shadow_mode_enforced_all_its_reasons(
    make_article, make_reader, post, use_moderator
):
    use_moderator(HOLD_ALL)
    article, reader = make_article(), make_reader()
    first = stored_before(post(article, reader, "one"), ["first_comment"])
    both = stored_before(post(article, reader, "two"), ["insult", "first_comment"])
    assert first.enforced_reason_codes() == ["first_comment"]
    assert both.enforced_reason_codes() == ["insult", "first_comment"]
    assert index_comment(first).premoderated and not index_comment(both).premoderated


def test_older_shadow_verdicts_are_filled_in_by_the_migration(
    make_article, make_reader, post, use_moderator
):
    use_moderator(HOLD_ALL)
    article, reader = make_article(), make_reader()
    held = stored_before(post(article, reader, "one"), ["insult", "first_comment"], "hold")
    Comment.objects.filter(pk=held.pk).update(decision="hold")
    rejected = stored_before(post(article, reader, "two"), ["insult", "banned_word"], "reject")
    Comment.objects.filter(pk=rejected.pk).update(decision="reject")
    enforced_all = stored_before(post(article, reader, "three"), ["insult"])
    migration = importlib.import_module(
        "masthead.comments.migrations.0007_comment_enforced_reasons"
    )
    migration.fill_shadow_verdicts(django_apps, None)
    held, rejected, enforced_all = (
        Comment.objects.get(pk=c.pk) for c in (held, rejected, enforced_all)
    )
    assert held.enforced_reasons == ["first_comment"]
    assert rejected.enforced_reasons == ["banned_word"]
    assert enforced_all.enforced_reasons is None  # not shadow: read as all its reasons
    assert index_comment(held).premoderated
