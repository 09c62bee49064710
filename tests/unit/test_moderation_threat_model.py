"""The threat model: sentence by sentence, blended with the comment's embedding, fails closed."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from masthead.moderation.core.classifiers.loader import (
    WEIGHTS_DIR,
    ModelUnavailable,
    clear_cache,
    load_classifiers,
)
from masthead.moderation.core.classifiers.threat import MAX_SENTENCES, ThreatModel, sentences, units
from masthead.moderation.core.cli import default_policy


def test_sentences_are_stripped_ranges_ending_at_their_punctuation():
    text = "  First one.  Second one!\nThird line"
    assert [text[a:b] for a, b in sentences(text)] == ["First one.", "Second one!", "Third line"]


def test_a_long_comment_is_read_in_a_bounded_number_of_sentences():
    assert len(sentences("Yes. " * 500)) == MAX_SENTENCES


def test_a_multi_sentence_comment_is_also_read_whole_and_one_word_sentences_are_skipped():
    text = "Nice. Keep talking. See what happens."
    parts = [text[a:b] for a, b in units(text)]
    assert parts == ["Keep talking.", "See what happens.", text]
    one = "Just one sentence here."
    assert [one[a:b] for a, b in units(one)] == [one]
    assert units("   ") == []


@pytest.fixture(scope="module")
def real():
    clear_cache()
    return load_classifiers()


@pytest.mark.parametrize(
    "text",
    [
        "Keep printing lies about us and see what happens to your newsroom.",
        "The editor should watch his back when he leaves the office tonight.",
        "Somebody ought to torch that councillor's car.",
    ],
)
def test_threats_in_mild_words_reach_the_threat_threshold(real, text):
    assert real.abuse.score(text).threat >= default_policy().thresholds.threat


@pytest.mark.parametrize(
    "text",
    [
        "The report says three people were hurt when the bridge collapsed.",
        "I will be at the planning meeting on Tuesday to ask about the car park.",
        "The fire service said the blaze was started deliberately.",
    ],
)
def test_reports_and_plans_that_use_the_same_shapes_stay_under_it(real, text):
    assert real.abuse.score(text).threat < default_policy().thresholds.threat


def test_the_most_threatening_sentence_is_marked_for_the_moderator(real):
    text = "Thanks for the report on the bypass. Somebody ought to torch that councillor's car."
    span = real.abuse.score(text).threat_span
    assert span is not None and text[span.start : span.end].startswith("Somebody ought")


def test_the_threshold_ships_with_the_models():
    assert 0.0 < json.loads((WEIGHTS_DIR / "thresholds.json").read_text())["threat"] < 1.0
    assert (
        default_policy().thresholds.threat
        == json.loads((WEIGHTS_DIR / "thresholds.json").read_text())["threat"]
    )


@pytest.mark.parametrize("broken", ["missing", "corrupt"])
@pytest.mark.parametrize("name", ["threat.npz", "threat.json"])
def test_a_broken_threat_model_fails_closed(tmp_path, broken, name):
    copy = tmp_path / "weights"
    shutil.copytree(WEIGHTS_DIR, copy)
    if broken == "missing":
        (copy / name).unlink()
    else:
        (copy / name).write_bytes(b"\x00not a model")
    with pytest.raises(ModelUnavailable):
        load_classifiers(copy)


@pytest.mark.parametrize(
    "change",
    [
        lambda meta: meta.pop("blend"),
        lambda meta: meta["semantic"].update(coef=[0.1, 0.2]),
        lambda meta: meta["blend"].update(lexical=float("nan")),
    ],
    ids=["no blend", "wrong embedding size", "nan"],
)
def test_an_incomplete_or_mismatched_threat_file_is_refused(tmp_path, change):
    copy = tmp_path / "weights"
    shutil.copytree(WEIGHTS_DIR, copy)
    meta = json.loads((copy / "threat.json").read_text())
    change(meta)
    (copy / "threat.json").write_text(json.dumps(meta))

    def embed(texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 384), dtype=np.float32) / np.sqrt(384)

    with pytest.raises(ValueError):
        ThreatModel(copy, embed).score("Somebody ought to torch that car.")
