"""The site adapter (core/adapter.py) and how the abuse phase and the pipeline use it.

The fakes' abuse model gives no embedding; `EmbeddingAbuse` below scores like it and adds one
whose first value says whether the comment spreads a rumour (the kind of comment this imagined
site rejects and the shipped model does not see)."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pytest

from masthead.moderation.core.adapter import (
    EMBEDDING_SIZE,
    LOGIT_LIMIT,
    AdapterError,
    SiteAdapter,
    logit,
)
from masthead.moderation.core.classifiers.base import AbuseScores, Classifiers
from masthead.moderation.core.classifiers.fake import FakeAbuse, fake_classifiers
from masthead.moderation.core.phases import abuse
from masthead.moderation.core.pipeline import model_versions, moderate
from masthead.moderation.core.types import Policy, Thresholds
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()
ABUSE_VERSION = FAKES.abuse.version
TOPIC_VERSION = FAKES.topic.version


def adapter(
    weights: dict[int, float] | None = None,
    intercept: float = 0.0,
    *,
    abuse_model: str = ABUSE_VERSION,
    topic_model: str = TOPIC_VERSION,
    version: str = "site-adapter-20261130-test",
) -> SiteAdapter:
    """An adapter whose weights are zero except those given (0: the shipped logit's)."""
    values = [0.0] * (1 + EMBEDDING_SIZE)
    for index, value in (weights or {}).items():
        values[index] = value
    return SiteAdapter(version, abuse_model, topic_model, tuple(values), intercept)


def vector(**values: float) -> np.ndarray:
    """An embedding, zero except e.g. vector(d0=0.3, d1=0.1)."""
    out = np.zeros(EMBEDDING_SIZE)
    for name, value in values.items():
        out[int(name[1:])] = value
    return out


# --- SiteAdapter ------------------------------------------------------------------------------


def test_an_adapter_with_one_weight_too_few_is_refused():
    with pytest.raises(AdapterError, match="385 weights, this one 384"):
        SiteAdapter("v", "a", "t", (0.0,) * EMBEDDING_SIZE, 0.0)


def test_an_adapter_with_one_weight_too_many_is_refused():
    with pytest.raises(AdapterError, match="385 weights"):
        SiteAdapter("v", "a", "t", (0.0,) * (EMBEDDING_SIZE + 2), 0.0)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_an_adapter_with_a_weight_that_is_not_finite_is_refused(bad):
    weights = [0.0] * (1 + EMBEDDING_SIZE)
    weights[17] = bad
    with pytest.raises(AdapterError, match="not a finite number"):
        SiteAdapter("v", "a", "t", tuple(weights), 0.0)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_an_adapter_whose_intercept_is_not_finite_is_refused(bad):
    with pytest.raises(AdapterError, match="not a finite number"):
        SiteAdapter("v", "a", "t", (0.0,) * (1 + EMBEDDING_SIZE), bad)


@pytest.mark.parametrize("field", ["version", "abuse_model", "topic_model"])
def test_an_adapter_without_its_version_or_a_model_version_is_refused(field):
    fields = {"version": "v", "abuse_model": "a", "topic_model": "t"}
    fields[field] = ""
    with pytest.raises(AdapterError, match="needs its version and the models"):
        SiteAdapter(**fields, weights=(0.0,) * (1 + EMBEDDING_SIZE), intercept=0.0)


def stored() -> dict:
    return adapter({0: 1.0, 5: -2.5}, 0.75).to_dict()


def test_to_dict_goes_through_json_and_back_to_the_same_adapter():
    original = adapter({0: 1.0, 5: -2.5}, 0.75)
    assert SiteAdapter.from_dict(json.loads(json.dumps(original.to_dict()))) == original


@pytest.mark.parametrize(
    "missing", ["version", "abuse_model", "topic_model", "weights", "intercept"]
)
def test_from_dict_without_a_field_raises_adapter_error(missing):
    data = stored()
    del data[missing]
    with pytest.raises(AdapterError, match="incomplete"):
        SiteAdapter.from_dict(data)


@pytest.mark.parametrize(
    "change",
    [
        {"weights": None},
        {"weights": ["x"] * (1 + EMBEDDING_SIZE)},
        {"weights": [0.0] * 10},
        {"weights": "1" * (1 + EMBEDDING_SIZE)},  # a string of digits is not a list of weights
        {"weights": [None] * (1 + EMBEDDING_SIZE)},
        {"intercept": "NaN"},
        {"intercept": None},
        {"version": None},  # would read as the version "None"
        {"abuse_model": None},  # would read as "None": an adapter that never applies
        {"topic_model": 3},
        {"version": ""},
    ],
)
def test_from_dict_of_damaged_data_raises_adapter_error(change):
    with pytest.raises(AdapterError):
        SiteAdapter.from_dict({**stored(), **change})


@pytest.mark.parametrize("data", [None, [], "site-adapter", 3])
def test_from_dict_of_something_that_is_not_a_record_raises_adapter_error(data):
    with pytest.raises(AdapterError, match="incomplete"):
        SiteAdapter.from_dict(data)


def test_probability_matches_a_hand_computation():
    # z = 0.5 * logit(0.8) + 2 * 0.3 - 1 * 0.1 - 0.25 = 0.5 * ln 4 + 0.25 = ln 2 + 0.25
    site = adapter({0: 0.5, 1: 2.0, 2: -1.0}, -0.25)
    expected = 1.0 / (1.0 + 0.5 * math.exp(-0.25))
    assert site.probability(0.8, vector(d0=0.3, d1=0.1)) == pytest.approx(expected, abs=1e-12)


def test_probability_reads_an_embedding_given_as_a_list_or_a_row():
    site = adapter({3: 1.5}, 0.1)
    embedding = vector(d2=0.4)
    expected = 1.0 / (1.0 + math.exp(-(1.5 * 0.4 + 0.1)))
    assert site.probability(0.3, list(embedding)) == pytest.approx(expected)
    assert site.probability(0.3, embedding.reshape(1, -1)) == pytest.approx(expected)


def test_probability_of_a_shipped_score_of_exactly_0_or_1_uses_the_clipped_logit():
    site = adapter({0: 1.0})
    assert logit(1.0) == LOGIT_LIMIT and logit(0.0) == -LOGIT_LIMIT
    top = site.probability(1.0, vector())
    assert top == pytest.approx(1.0 / (1.0 + math.exp(-LOGIT_LIMIT)))
    assert math.isfinite(top) and site.probability(0.0, vector()) < 1e-5


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_probability_of_an_embedding_with_a_value_that_is_not_finite_raises(bad):
    embedding = vector()
    embedding[100] = bad
    with pytest.raises(AdapterError, match="not a finite number"):
        adapter({1: 1.0}).probability(0.2, embedding)


@pytest.mark.parametrize("size", [0, 383, 385, 768])
def test_probability_of_an_embedding_of_the_wrong_size_raises(size):
    with pytest.raises(AdapterError, match=f"has {size} values, not 384"):
        adapter({1: 1.0}).probability(0.2, np.zeros(size))


def test_applies_to_the_models_it_was_fitted_on_only():
    site = adapter(abuse_model="abuse-7", topic_model="topic-3")
    assert site.applies_to("abuse-7", "topic-3")
    assert not site.applies_to("abuse-8", "topic-3")
    assert not site.applies_to("abuse-7", "topic-4")
    assert not site.applies_to("topic-3", "abuse-7")


# --- the abuse phase and the pipeline ---------------------------------------------------------

RUMOUR = "Everyone knows the councillor takes bribes from the bridge builders"
RUDE = "The bridge vote was by an idiot council"
CIVIL = "The bridge is a good idea for the town"


class EmbeddingAbuse:
    """FakeAbuse's scores, with an embedding: its first value is 1 for a rumour, else -1.
    `embedding=False` gives none (as from a classifier that computed no embedding)."""

    version = ABUSE_VERSION

    def __init__(self, embedding: bool = True) -> None:
        self.embedding = embedding

    def score(self, text: str) -> AbuseScores:
        shipped = FakeAbuse().score(text)
        if not self.embedding:
            return shipped
        return replace(shipped, embedding=vector(d0=1.0 if "bribes" in text else -1.0))


WITH_EMBEDDING = Classifiers(abuse=EmbeddingAbuse(), topic=FAKES.topic, spam=FAKES.spam)
WITHOUT_EMBEDDING = Classifiers(
    abuse=EmbeddingAbuse(embedding=False), topic=FAKES.topic, spam=FAKES.spam
)
# Ignores the shipped score; reads rumours: sigmoid(+-8) = 0.99966 / 0.00034.
RUMOURS = adapter({1: 8.0})
THRESHOLDS = Thresholds(abuse=0.5, abuse_trusted=0.8)


def scores(text: str, policy: Policy, classifiers: Classifiers = WITH_EMBEDDING) -> dict:
    return dict(abuse.check(submission(text), policy, classifiers).scores)


def test_with_an_adapter_abuse_is_its_score_and_abuse_model_the_shipped_one():
    policy = Policy(thresholds=THRESHOLDS, site_adapter=RUMOURS)
    rude = scores(RUDE, policy)
    assert rude["abuse"] == round(1 / (1 + math.exp(8.0)), 4) == 0.0003
    assert rude["abuse_model"] == 0.95  # FakeAbuse's score of an "idiot"
    rumour = scores(RUMOUR, policy)
    assert (rumour["abuse"], rumour["abuse_model"]) == (0.9997, 0.02)
    assert list(rumour)[:2] == ["abuse", "abuse_model"]


def test_without_an_adapter_there_is_no_abuse_model_score():
    assert "abuse_model" not in scores(RUDE, Policy(thresholds=THRESHOLDS))
    assert scores(RUDE, Policy(thresholds=THRESHOLDS))["abuse"] == 0.95


def test_the_adapters_score_decides_against_the_threshold_not_the_shipped_one():
    policy = Policy(thresholds=THRESHOLDS, site_adapter=RUMOURS)
    rumour = moderate(submission(RUMOUR), policy, WITH_EMBEDDING)
    assert rumour.decision == "hold" and rumour.reasons[0] == "abusive"
    assert rumour.scores["abuse"] == 0.9997 and rumour.scores["abuse_model"] == 0.02
    rude = moderate(submission(RUDE), policy, WITH_EMBEDDING)
    assert rude.decision == "publish"  # the shipped model's 0.95 would have held it
    assert moderate(submission(RUDE), Policy(thresholds=THRESHOLDS), WITH_EMBEDDING).decision == (
        "hold"
    )


@pytest.mark.parametrize(("threshold", "decision"), [(0.55, "hold"), (0.65, "publish")])
def test_the_threshold_is_compared_with_the_adapters_score(threshold, decision):
    # The adapter says 0.6 of every comment (its intercept alone); the shipped model 0.02.
    policy = Policy(
        thresholds=Thresholds(abuse=threshold, abuse_trusted=0.9),
        site_adapter=adapter(intercept=logit(0.6)),
    )
    verdict = moderate(submission(CIVIL), policy, WITH_EMBEDDING)
    assert verdict.scores["abuse"] == 0.6 and verdict.scores["abuse_model"] == 0.02
    assert verdict.decision == decision


def test_the_pipeline_records_the_adapters_version_with_the_models():
    policy = Policy(thresholds=THRESHOLDS, site_adapter=RUMOURS)
    verdict = moderate(submission(CIVIL), policy, WITH_EMBEDDING)
    assert verdict.model_versions["site_adapter"] == RUMOURS.version
    assert verdict.model_versions["abuse"] == ABUSE_VERSION


def test_model_versions_name_the_adapter_only_when_it_applies():
    assert "site_adapter" not in model_versions(WITH_EMBEDDING)
    assert "site_adapter" not in model_versions(WITH_EMBEDDING, Policy())
    applied = model_versions(WITH_EMBEDDING, Policy(site_adapter=RUMOURS))
    assert applied["site_adapter"] == RUMOURS.version
    stale = Policy(site_adapter=replace(RUMOURS, abuse_model="fake-abuse-0"))
    assert "site_adapter" not in model_versions(WITH_EMBEDDING, stale)


@pytest.mark.parametrize(
    "stale",
    [
        adapter({1: 8.0}, abuse_model="fake-abuse-0"),  # fitted before an abuse model upgrade
        adapter({1: 8.0}, topic_model="fake-topic-0"),  # or before the embedder changed
    ],
)
def test_a_stale_adapter_is_not_applied_and_comments_are_scored_as_before(stale):
    before = moderate(submission(RUDE), Policy(thresholds=THRESHOLDS), WITH_EMBEDDING)
    with_stale = moderate(
        submission(RUDE), Policy(thresholds=THRESHOLDS, site_adapter=stale), WITH_EMBEDDING
    )
    assert abuse.adapter_in_use(Policy(site_adapter=stale), WITH_EMBEDDING) is None
    assert with_stale.scores == before.scores and "abuse_model" not in with_stale.scores
    assert with_stale.decision == before.decision == "hold"
    assert with_stale.model_versions == before.model_versions
    assert "site_adapter" not in with_stale.model_versions


def test_a_stale_adapter_needs_no_embedding():
    stale = adapter({1: 8.0}, abuse_model="fake-abuse-0")
    verdict = moderate(submission(CIVIL), Policy(site_adapter=stale), WITHOUT_EMBEDDING)
    assert verdict.decision == "publish"


def test_adapter_in_use_raises_the_policys_adapter_error():
    policy = Policy(site_adapter_error="site adapter 4: a stored site adapter is incomplete")
    with pytest.raises(AdapterError, match="site adapter 4"):
        abuse.adapter_in_use(policy, WITH_EMBEDDING)


@pytest.mark.parametrize("classifiers", [WITH_EMBEDDING, FAKES])
def test_a_broken_adapter_record_holds_every_comment_as_classifier_unavailable(classifiers):
    policy = Policy(thresholds=THRESHOLDS, site_adapter_error="site adapter 4 is missing")
    verdict = moderate(submission(CIVIL), policy, classifiers)
    assert verdict.decision == "hold"
    assert verdict.reasons == ("classifier_unavailable",)
    assert verdict.enforced == ("classifier_unavailable",)


def test_a_broken_adapter_record_holds_the_comment_in_shadow_mode_too():
    policy = Policy(thresholds=THRESHOLDS, shadow=True, site_adapter_error="site adapter 4: bad")
    verdict = moderate(submission(CIVIL), policy, WITH_EMBEDDING)
    assert verdict.decision == "hold"
    assert verdict.reasons == ("classifier_unavailable",)
    assert verdict.enforced == ("classifier_unavailable",)
    assert verdict.shadow and verdict.shadow_decision == "hold"


def test_shadow_mode_without_a_broken_adapter_still_publishes():
    # The contrast to the test above: the same comment, the same mode, an adapter that works.
    policy = Policy(thresholds=THRESHOLDS, shadow=True, site_adapter=RUMOURS)
    verdict = moderate(submission(RUMOUR), policy, WITH_EMBEDDING)
    assert verdict.decision == "publish" and verdict.shadow_decision == "hold"


def test_an_adapter_in_use_with_no_embedding_holds_the_comment_as_classifier_unavailable():
    policy = Policy(thresholds=THRESHOLDS, site_adapter=RUMOURS)
    with pytest.raises(AdapterError, match="no embedding"):
        abuse.check(submission(CIVIL), policy, WITHOUT_EMBEDDING)
    verdict = moderate(submission(CIVIL), policy, WITHOUT_EMBEDDING)
    assert verdict.decision == "hold"
    assert verdict.reasons == ("classifier_unavailable",)


def test_an_embedding_of_the_wrong_size_holds_the_comment_as_classifier_unavailable():
    class ShortEmbedding:
        version = ABUSE_VERSION

        def score(self, text: str) -> AbuseScores:
            return replace(FakeAbuse().score(text), embedding=np.zeros(128))

    classifiers = Classifiers(abuse=ShortEmbedding(), topic=FAKES.topic, spam=FAKES.spam)
    verdict = moderate(submission(CIVIL), Policy(site_adapter=RUMOURS), classifiers)
    assert verdict.reasons == ("classifier_unavailable",)
