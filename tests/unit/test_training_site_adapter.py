"""The site adapter of the experiment (training/moderation/site_adapter.py): what it accepts,
how it stores, what it computes, which models it applies to."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from training.moderation.site_adapter import (
    EMBEDDING_SIZE,
    LOGIT_LIMIT,
    AdapterError,
    SiteAdapter,
    logit,
)

ABUSE_VERSION = "fake-abuse-1"
TOPIC_VERSION = "fake-topic-1"


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
