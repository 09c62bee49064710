"""The gateway: comments' port -> pure core with the stored policy -> ModerationOutcome."""

from __future__ import annotations

import pytest

from masthead.comments.ports import CommentForModeration, ModerationOutcome
from masthead.moderation import actions, gateway
from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.classifiers.loader import ModelUnavailable
from masthead.moderation.models import ModerationPolicy
from masthead.moderation.policy import current_policy


@pytest.fixture
def fake_models(monkeypatch):
    monkeypatch.setattr(gateway, "get_classifiers", fake_classifiers)


def comment(text: str, **fields) -> CommentForModeration:
    defaults = dict(
        comment_id=None,
        text=text,
        article_id=1,
        article_headline="Council approves new river crossing",
        article_standfirst="The bridge will link the town by 2029.",
        article_body="The council voted for the bridge over the river.",
        article_comments_mode="open",
        author_published_count=3,
    )
    defaults.update(fields)
    return CommentForModeration(**defaults)


@pytest.mark.django_db
def test_civil_on_topic_comment_is_published(fake_models):
    outcome = gateway.moderate_comment(comment("The bridge is overdue"))
    assert isinstance(outcome, ModerationOutcome)
    assert outcome.decision == "publish"
    assert outcome.explanation == ""
    assert "fake-abuse-1" in outcome.model_version


@pytest.mark.django_db
def test_abusive_comment_is_held_with_explanation_and_spans(fake_models):
    text = "The bridge council are idiot planners"
    outcome = gateway.moderate_comment(comment(text))
    assert outcome.decision == "hold"
    assert "abusive" in outcome.reasons
    assert "Our automatic check read it as possibly abusive." in outcome.explanation
    assert not outcome.explanation.startswith("Your comment")  # the reasons only, no opening
    assert [text[s.start : s.end] for s in outcome.spans] == ["idiot"]


@pytest.mark.django_db
def test_banned_word_from_the_stored_policy_rejects(fake_models):
    actions.update_policy(banned_words_reject="scumbag\n")
    outcome = gateway.moderate_comment(comment("What a scumbag bridge"))
    assert outcome.decision == "reject"
    assert outcome.reasons == ("banned_word",)


@pytest.mark.django_db
def test_stored_thresholds_override_the_defaults(fake_models):
    actions.update_policy(abuse_threshold=0.99, abuse_threshold_trusted=0.99)
    assert current_policy().thresholds.abuse == 0.99
    assert gateway.moderate_comment(comment("bridge idiot")).decision == "publish"


@pytest.mark.django_db
def test_shadow_mode_records_the_verdict_but_publishes(fake_models):
    actions.set_shadow_mode(True)
    outcome = gateway.moderate_comment(comment("bridge idiot"))
    assert outcome.decision == "publish"
    assert outcome.shadow and outcome.shadow_decision == "hold"


@pytest.mark.django_db
def test_premoderated_article_holds_even_in_shadow_mode(fake_models):
    actions.set_shadow_mode(True)
    outcome = gateway.moderate_comment(comment("bridge", article_comments_mode="premoderated"))
    assert outcome.decision == "hold"
    assert "pre_moderation" in outcome.reasons


@pytest.mark.django_db
def test_site_wide_premoderation_holds_what_the_checks_would_publish(fake_models):
    actions.update_policy(premoderate_everything=True)
    outcome = gateway.moderate_comment(comment("The bridge is overdue"))
    assert outcome.decision == "hold"
    assert "pre_moderation" in outcome.reasons
    actions.update_policy(premoderate_everything=False)
    assert gateway.moderate_comment(comment("The bridge is overdue")).decision == "publish"


@pytest.mark.django_db
def test_new_reader_premoderation_holds_first_comment(fake_models):
    actions.update_policy(premoderate_new_readers=True)
    outcome = gateway.moderate_comment(comment("bridge", author_published_count=0))
    assert outcome.reasons == ("first_comment",)


@pytest.mark.django_db
def test_missing_models_hold_as_classifier_unavailable(monkeypatch):
    def broken():
        raise ModelUnavailable("abuse.npz is missing")

    monkeypatch.setattr(gateway, "get_classifiers", broken)
    outcome = gateway.moderate_comment(comment("The bridge is overdue"))
    assert (outcome.decision, outcome.reasons) == ("hold", ("classifier_unavailable",))


@pytest.mark.django_db
def test_policy_validation_rejects_bad_values():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.update_policy(abuse_threshold=1.5)
    with pytest.raises(ValidationError):
        actions.update_policy(colour="red")
    assert ModerationPolicy.load().abuse_threshold is None


@pytest.mark.django_db
def test_word_lists_are_cleaned_and_deduplicated():
    policy = actions.set_words("suspect_words", ["  Lawsuit ", "lawsuit", "", "libel"])
    assert policy.suspect_words == "lawsuit\nlibel"
    assert current_policy().suspect_words == ("lawsuit", "libel")


@pytest.mark.django_db
def test_same_reader_posting_the_same_text_again_is_held_as_repeated(fake_models, make_article):
    from django.contrib.auth import get_user_model

    from masthead.comments.models import Comment

    user = get_user_model().objects.create_user("reader", password="x-long-password-1")
    article = make_article()
    first = Comment.objects.create(article=article, author=user, text="Buy the bridge bonds")
    again = comment("Buy the bridge bonds", author_id=user.pk, comment_id=first.pk + 1)
    assert gateway.moderate_comment(again).reasons == ("repeated",)
    other_reader = comment("Buy the bridge bonds", author_id=user.pk + 1)
    assert gateway.moderate_comment(other_reader).decision == "publish"


GERMAN = "Ich finde es gut, dass die Stadt endlich eine neue Brücke baut, aber sie ist zu teuer."


@pytest.mark.django_db
def test_a_comment_in_another_language_is_held_and_its_author_told_why(fake_models):
    outcome = gateway.moderate_comment(comment(GERMAN))
    assert outcome.decision == "hold"
    assert outcome.reasons == ("other_language",)
    assert "another language" in outcome.explanation
    assert "abusive" not in outcome.explanation


@pytest.mark.django_db
def test_the_language_hold_follows_the_site_setting(fake_models, settings):
    settings.MASTHEAD = {**settings.MASTHEAD, "MODERATION_HOLD_OTHER_LANGUAGES": False}
    assert current_policy().hold_other_languages is False
    assert "other_language" not in gateway.moderate_comment(comment(GERMAN)).reasons
