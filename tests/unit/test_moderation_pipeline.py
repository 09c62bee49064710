"""The pipeline: order, strictest decision wins, shadow mode, and failing closed."""

import itertools

from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.classifiers.fake import (
    FakeAbuse,
    FakeSpam,
    FakeTopic,
    fake_classifiers,
)
from masthead.moderation.core.pipeline import PHASES, moderate
from masthead.moderation.core.types import AuthorHistory, PhaseResult, Policy
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()


def test_civil_on_topic_comment_is_published_with_scores_and_versions():
    verdict = moderate(submission("The bridge is a good idea for the town"), Policy(), FAKES)
    assert verdict.decision == "publish"
    assert verdict.reasons == ()
    assert set(verdict.scores) >= {"abuse", "off_topic", "spam"}
    assert verdict.model_versions["abuse"] == "fake-abuse-1"
    assert verdict.explanation == ""


def test_abusive_comment_is_held_with_reason_and_explanation():
    verdict = moderate(submission("The bridge vote was by an idiot council"), Policy(), FAKES)
    assert verdict.decision == "hold"
    assert verdict.reasons[:2] == ("abusive", "insult")
    assert "insult" in verdict.explanation


def test_reject_beats_hold():
    policy = Policy(banned_words_reject=("idiot",))
    verdict = moderate(submission("bridge idiot"), policy, FAKES)
    assert verdict.decision == "reject"


def test_every_phase_has_a_name_and_runs_in_order():
    names = [name for name, _ in PHASES]
    assert names.index("word_lists") < names.index("abuse") < names.index("topic")
    verdict = moderate(submission("The bridge is fine"), Policy(), FAKES)
    assert list(verdict.timings_ms) == names


class Broken:
    version = "broken"

    def score(self, *args, **kwargs):
        raise RuntimeError("model file is corrupt")


def test_a_phase_that_raises_holds_the_comment_as_classifier_unavailable():
    broken = Classifiers(abuse=Broken(), topic=FakeTopic(), spam=FakeSpam())
    verdict = moderate(submission("The bridge is a good idea"), Policy(), broken)
    assert verdict.decision == "hold"
    assert verdict.reasons == ("classifier_unavailable",)


def test_a_broken_topic_model_also_fails_closed():
    broken = Classifiers(abuse=FakeAbuse(), topic=Broken(), spam=FakeSpam())
    assert moderate(submission("Bridge"), Policy(), broken).reasons == ("classifier_unavailable",)


def test_running_past_the_time_budget_fails_closed():
    ticks = itertools.count(0.0, 1.0)  # every clock reading is one second later
    verdict = moderate(
        submission("The bridge is fine"),
        Policy(time_budget_s=2.5),
        FAKES,
        clock=lambda: next(ticks),
    )
    assert verdict.reasons == ("classifier_unavailable",)


def test_shadow_mode_records_but_publishes():
    verdict = moderate(submission("bridge idiot"), Policy(shadow=True), FAKES)
    assert verdict.decision == "publish"
    assert verdict.shadow and verdict.shadow_decision == "hold"
    assert "abusive" in verdict.reasons


def test_shadow_mode_still_enforces_hard_rules():
    policy = Policy(shadow=True, banned_words_reject=("idiot",))
    assert moderate(submission("bridge idiot"), policy, FAKES).decision == "reject"
    verdict = moderate(submission("bridge", premoderated=True), Policy(shadow=True), FAKES)
    assert verdict.decision == "hold"


def test_shadow_mode_still_fails_closed():
    broken = Classifiers(abuse=Broken(), topic=FakeTopic(), spam=FakeSpam())
    verdict = moderate(submission("bridge"), Policy(shadow=True), broken)
    assert verdict.decision == "hold"


# --- which reasons a verdict enforced ----------------------------------------------------------


def test_outside_shadow_mode_every_reason_of_the_verdict_is_enforced():
    policy = Policy(premoderation=frozenset({"new_readers"}))
    new_reader = AuthorHistory(published=0)
    verdict = moderate(submission("bridge idiot", author=new_reader), policy, FAKES)
    assert verdict.decision == "hold"
    assert verdict.enforced_reasons == verdict.reasons
    assert {"abusive", "first_comment"} <= set(verdict.enforced_reasons or ())


def test_a_published_verdict_enforces_no_reason():
    for policy in (Policy(), Policy(shadow=True)):
        verdict = moderate(submission("The bridge is a good idea"), policy, FAKES)
        assert verdict.decision == "publish" and verdict.enforced == ()


def test_in_shadow_mode_a_published_comment_enforced_none_of_the_recorded_reasons():
    verdict = moderate(submission("bridge idiot"), Policy(shadow=True), FAKES)
    assert verdict.decision == "publish" and "abusive" in verdict.reasons
    assert verdict.enforced_reasons == ()
    assert verdict.explanation == ""


def test_in_shadow_mode_pre_moderation_is_enforced_and_the_insult_only_recorded():
    policy = Policy(shadow=True, premoderation=frozenset({"new_readers"}))
    new_reader = AuthorHistory(published=0)
    verdict = moderate(submission("bridge idiot", author=new_reader), policy, FAKES)
    assert verdict.decision == "hold" and verdict.shadow_decision == "hold"
    assert "abusive" in verdict.reasons and "first_comment" in verdict.reasons
    assert verdict.enforced_reasons == ("first_comment",)
    assert "abusive" not in verdict.explanation.lower()
    assert "First comments from new readers" in verdict.explanation


def test_in_shadow_mode_a_banned_word_to_reject_is_enforced_with_its_reason():
    policy = Policy(shadow=True, banned_words_reject=("idiot",))
    verdict = moderate(submission("bridge idiot"), policy, FAKES)
    assert verdict.decision == "reject"
    assert verdict.enforced_reasons == ("banned_word",)


def test_in_shadow_mode_a_banned_word_to_hold_is_only_recorded():
    policy = Policy(shadow=True, banned_words_hold=("bridge",))
    verdict = moderate(submission("The bridge is a good idea"), policy, FAKES)
    assert verdict.decision == "publish" and verdict.shadow_decision == "hold"
    assert verdict.reasons == ("banned_word",) and verdict.enforced_reasons == ()


def test_in_shadow_mode_failing_closed_is_enforced():
    broken = Classifiers(abuse=Broken(), topic=FakeTopic(), spam=FakeSpam())
    verdict = moderate(submission("bridge"), Policy(shadow=True), broken)
    assert verdict.decision == "hold"
    assert verdict.enforced_reasons == ("classifier_unavailable",)


def test_in_shadow_mode_any_phase_marked_hard_is_enforced_with_its_reasons():
    # No list of hard codes to keep in step: a new hard rule is enforced, and explained, as is.
    def house_rule(submission, policy, classifiers):
        return PhaseResult(decision="hold", reasons=("pre_moderation",), hard=True)

    def soft_rule(submission, policy, classifiers):
        return PhaseResult(decision="hold", reasons=("suspect_word",))

    phases = (("soft", soft_rule), ("house", house_rule))
    verdict = moderate(submission("bridge"), Policy(shadow=True), FAKES, phases=phases)
    assert verdict.decision == "hold"
    assert verdict.reasons == ("suspect_word", "pre_moderation")
    assert verdict.enforced_reasons == ("pre_moderation",)


class NanAbuse:
    """A model whose weights went bad (an overflow, a corrupt calibration): it answers NaN."""

    version = "nan-abuse"

    def score(self, text):
        from masthead.moderation.core.classifiers.base import AbuseScores

        return AbuseScores(abusive=float("nan"), kinds={"insult": float("nan")})


class NanSpam:
    version = "nan-spam"

    def score(self, text):
        return float("inf")


class NanTopic:
    version = "nan-topic"

    def score(self, text, article, parent_text):
        from masthead.moderation.core.classifiers.base import TopicScores

        return TopicScores(off_topic=float("nan"))


def test_a_model_that_answers_not_a_number_fails_closed_not_open():
    # NaN >= threshold is False, so a NaN score used to publish the comment unchecked.
    for classifiers in (
        Classifiers(abuse=NanAbuse(), topic=FakeTopic(), spam=FakeSpam()),
        Classifiers(abuse=FakeAbuse(), topic=NanTopic(), spam=FakeSpam()),
        Classifiers(abuse=FakeAbuse(), topic=FakeTopic(), spam=NanSpam()),
    ):
        for policy in (Policy(), Policy(shadow=True)):
            verdict = moderate(submission("The bridge vote was an idiot idea"), policy, classifiers)
            assert verdict.decision == "hold", classifiers
            assert verdict.reasons == ("classifier_unavailable",)
            assert all(value == value for value in verdict.scores.values())  # no NaN stored
