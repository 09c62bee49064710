"""training/moderation/kind_rules.py (the comparison of rules for naming a kind) and the kind
heads' class weights in train.py."""

import numpy as np
from scipy.sparse import csr_matrix

from masthead.moderation.core.classifiers.base import AbuseScores
from masthead.moderation.core.types import Policy, Thresholds
from training.moderation import kind_rules as kr
from training.moderation.datasets import Row
from training.moderation.train import fit_kinds

POLICY = Policy(thresholds=Thresholds(abuse=0.2308, threat=0.7155))


def test_a_per_kind_threshold_is_read_by_the_unchanged_phase_exactly_at_that_threshold():
    scores = AbuseScores(0.8, {"identity_hate": 0.3, "insult": 0.45, "threat": 0.2})
    assert kr.phase_reasons(scores, POLICY) == ("abusive",)
    moved = kr.at_thresholds(scores, {"identity_hate": 0.3})
    assert kr.phase_reasons(moved, POLICY) == ("abusive", "identity_hate")
    assert kr.heads_named(scores, {"identity_hate": 0.3}) == ("identity_hate",)
    assert kr.phase_reasons(kr.at_thresholds(scores, {"identity_hate": 0.31}), POLICY) == (
        "abusive",
    )


def test_no_kind_is_named_under_the_abuse_gate_whatever_its_threshold():
    scores = AbuseScores(0.4, {"identity_hate": 0.9, "insult": 0.9})
    low = {"identity_hate": 0.05, "insult": 0.05}
    assert kr.phase_reasons(kr.at_thresholds(scores, low), POLICY) == ("abusive",)
    assert kr.heads_named(scores, low) == ()


def test_the_threat_models_reason_is_counted_whatever_the_kind_head_says():
    scores = AbuseScores(0.3, {"threat": 0.01}, threat=0.9)
    assert kr.phase_reasons(scores, POLICY) == ("abusive", "threat")
    assert kr.heads_named(scores, {}) == ()


def test_the_chosen_threshold_is_the_lowest_with_enough_precise_names_among_gated_posts():
    def post(abusive: float, ih: float, th: float) -> AbuseScores:
        return AbuseScores(abusive, {"identity_hate": ih, "threat": th})

    scores = (
        [post(0.9, 0.4, 0.2)] * 12  # marked identity attacks
        + [post(0.9, 0.3, 0.2)] * 12  # unmarked, a little lower
        + [post(0.9, 0.1, 0.2)] * 20
        + [post(0.3, 0.45, 0.2)] * 10  # unmarked but under the gate: never named, not counted
        + [post(0.9, 0.1, 0.45)] * 5  # marked threats: too few to choose a threshold from
    )
    marked = [{"Identity based Attack"}] * 12 + [set()] * 42 + [{"Threat"}] * 5
    chosen = kr.choose_thresholds(scores, marked, ("identity_hate", "threat"))
    assert chosen == {"identity_hate": 0.31}


def test_every_abusive_suite_sentence_is_tagged_with_one_kind():
    assert len(kr.TAGS) == 170
    assert {tag for _, tag in kr.TAGS} == {"insult", "identity_hate", "threat"}
    assert dict(kr.TAGS)["Immigrants are parasites."] == "identity_hate"
    assert dict(kr.TAGS)["Burn their mosque down."] == "threat"


def test_a_kind_head_fitted_balanced_scores_its_rare_kind_higher():
    rng = np.random.default_rng(0)
    n = 400
    rare = rng.random(n) < 0.08
    x = csr_matrix(np.column_stack([rare + rng.normal(0, 1.5, n), rng.normal(0, 1, n)]))
    others = ("Insult", "Threat", "Profane/Obscene")
    rows = [
        Row(
            "civil_comments",
            "t",
            1,
            str(i),
            "train",
            ("Identity based Attack",) * bool(r) + (others[i % 3],) * (i % 4 == 0),
        )
        for i, r in enumerate(rare)
    ]

    def rare_mean(balanced: tuple[str, ...]) -> float:
        fitted = {k: (c, b) for k, c, b in fit_kinds(rows, x, 1.0, balanced)}
        coef, intercept = fitted["identity_hate"]
        z = x[rare] @ coef + intercept
        return float(np.mean(1 / (1 + np.exp(-z))))

    assert rare_mean(()) < 0.5 < rare_mean(("identity_hate",))


def test_a_kind_head_fitted_on_typed_posts_only_ignores_the_posts_with_no_span_type():
    rng = np.random.default_rng(1)
    n = 300
    x = csr_matrix(rng.normal(0, 1, (n, 3)))
    types = ("Identity based Attack", "Insult", "Threat", "Profane/Obscene", "Other Toxicity", "")
    rows = [
        Row("civil_comments", "t", 1, str(i), "train", (types[i % 6],) if types[i % 6] else ())
        for i in range(n)
    ]
    typed = [i for i, r in enumerate(rows) if r.extra]

    def heads(fitted: list[tuple[str, np.ndarray, float]]) -> dict[str, np.ndarray]:
        return {k: np.append(c, b) for k, c, b in fitted}

    only = heads(fit_kinds(rows, x, 1.0, (), ("identity_hate",)))
    subset = heads(fit_kinds([rows[i] for i in typed], x[typed], 1.0, ()))
    every = heads(fit_kinds(rows, x, 1.0, ()))
    np.testing.assert_allclose(only["identity_hate"], subset["identity_hate"])
    assert not np.allclose(only["identity_hate"], every["identity_hate"])
    np.testing.assert_allclose(only["insult"], every["insult"])


def test_the_kinds2_bar_asks_threat_to_gain_recall_without_losing_precision():
    def figs(threat: tuple[float, float], ih: tuple[float, float]) -> dict:
        return {
            "identity_hate": ih,
            "threat": threat,
            "insult": (0.8, 0.9),
            "civil with a kind": 5,
            "civil identity_hate": 1,
            "fitting (phase)": 100,
            "fitting (heads)": 90,
            "suite held": 150,
        }

    base = figs((0.25, 0.40), (0.5, 0.2))
    assert kr.passes(base, figs((0.25, 0.45), (0.6, 0.3))) == []
    assert kr.passes(base, figs((0.24, 0.60), (0.6, 0.3)))  # precision lower
    assert kr.passes(base, figs((0.30, 0.44), (0.6, 0.3)))  # recall gain under 0.05
    assert kr.passes(base, figs((0.25, 0.45), (0.6, 0.3)), "first")  # threat P under 0.60
