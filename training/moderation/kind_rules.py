"""When to name a kind (insult, threat, identity_hate, obscene) on a held comment: rules compared.

    PYTHONPATH=. python -m training.moderation.kind_rules dev --refit DIR
    PYTHONPATH=. python -m training.moderation.kind_rules dev --typed DIR --typed-balanced DIR
    PYTHONPATH=. python -m training.moderation.kind_rules FOLDER [FOLDER ...] --split test

The kind heads of the abuse model give P(kind | toxic) and the abuse phase names a kind when
its head reaches its threshold and the abuse probability reaches KIND_ABUSE_GATE
(masthead/moderation/core/phases/abuse.py). This script measures which kinds the phase names,
running the phase itself (default policy from thresholds.json, an untrusted reader, the shipped
threat model beside the abuse model), on:

- (ii) the toxic Civil Comments posts of a split that the phase holds, against the raters'
  span types (Insult, Threat, Identity based Attack, Profane/Obscene): precision and recall of
  each kind. `threat` is counted as the phase gives it (the kind head's rule OR the threat model
  at its own threshold, merged into one reason) and, apart, from the kind head alone;
- (i) civil comments the phase holds that are named a kind: C3 comments of the split no rater
  found toxic, and the functional suite's civil batches (the same whatever the split);
- (iii) the functional suite's 170 abusive sentences, each tagged by hand with the one kind it
  is (TAGS, below): the share of the held ones whose reasons include their kind, with the
  phase's reasons and with the kind heads' alone.

`dev` compares, on the dev split, the shipped rule with the candidates of the 2026-11-30
experiment (docs/moderation.md, "When a kind is named"): per-kind thresholds chosen on dev
(`choose_thresholds`; the phase is run unchanged on head scores moved so that they reach its
one threshold where they reach their own, `at_thresholds`), kind heads refitted with class
weights balanced (`--refit DIR`: a copy of the model whose kind heads
`train.py --only kinds --balanced-kinds ... --out DIR` refitted; its `abusive` row must give
the same abuse scores), and both; then says which pass the bar set beforehand (`passes`).
None did: nothing was shipped. Given model folders instead of `dev`, each is measured as the
phase runs it now, the first as the baseline.

The second experiment (2026-11-30, helper "kinds2") fits kind heads on the typed toxic posts
only (`train.py --only kinds --kinds-typed-only KIND ...`, a post with at least one span type):
`--typed DIR` is a copy whose four heads were so refitted, `--typed-balanced DIR` one whose
four heads were so refitted with identity_hate and threat balanced as well. From them: t2
(identity_hate and threat heads from --typed, insult and obscene as shipped), t4 (all four
from --typed), tt2 (t2 with per-kind dev thresholds for identity_hate and threat, wide grid)
and tb2 (identity_hate and threat from --typed-balanced). `--bar` says which experiment's bar
the verdicts read: "kinds2" (default; threat must gain recall without losing precision) or
"first" (the first experiment's, threat P >= 0.60 and R >= 0.30). None passed either
(docs/moderation.md, "Kind heads learnt from the typed posts only"): nothing was shipped.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from masthead.moderation.core.classifiers.abuse import TfidfAbuse
from masthead.moderation.core.classifiers.base import AbuseScores, Classifiers
from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR, load_classifiers
from masthead.moderation.core.phases import abuse as phase
from masthead.moderation.core.types import ArticleText, AuthorHistory, Policy, Submission
from training.moderation import functional_suite as fs
from training.moderation.datasets import Row, load

# The raters' span type for each kind head (as train.KINDS).
TRUTH = {
    "insult": "Insult",
    "threat": "Threat",
    "identity_hate": "Identity based Attack",
    "obscene": "Profane/Obscene",
}
KINDS = tuple(TRUTH)
# The rule for a dev-chosen threshold: the lowest on the grid at which the head's rule (head at
# or over it and abuse at or over the gate) is right about the raters' type for at least
# PRECISION of the held toxic dev posts it names, naming at least MIN_NAMED; none: the default.
PRECISION = 0.70
MIN_NAMED = 10
GRID_UNDER_DEFAULT = tuple(round(0.05 + 0.01 * i, 2) for i in range(46))  # 0.05 .. 0.50
GRID_WIDE = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))  # 0.05 .. 0.95

# The one kind each abusive sentence of the functional suite is, tagged by hand (2026-11-30):
# by batch, with the exceptions by index.
TAGS_BY_BATCH: dict[str, tuple[list[str], str, dict[int, str]]] = {
    "ABUSIVE": (
        fs.ABUSIVE,
        "insult",
        {
            **dict.fromkeys((9, 10, 18, 24, 29), "threat"),
            **dict.fromkeys((11, 12, 13, 14, 15, 16, 17), "identity_hate"),
        },
    ),
    "SHORT_ABUSIVE": (fs.SHORT_ABUSIVE, "insult", {}),
    "DISGUISED_ABUSIVE": (
        fs.DISGUISED_ABUSIVE,
        "insult",
        dict.fromkeys((19, 20, 21, 22, 23), "identity_hate"),
    ),
    "ABUSIVE_IDENTITY": (fs.ABUSIVE_IDENTITY, "identity_hate", {}),
    "ATTITUDE_HATE": (fs.ATTITUDE_HATE, "identity_hate", {}),
    "THREATS": (fs.THREATS, "threat", {}),
}
TAGS: list[tuple[str, str]] = [
    (text, exceptions.get(i, kind))
    for texts, kind, exceptions in TAGS_BY_BATCH.values()
    for i, text in enumerate(texts)
]
CIVIL_SUITE = [
    *fs.CIVIL,
    *fs.CIVIL_IDENTITY,
    *fs.CIVIL_VIOLENT_WORDS,
    *fs.SHORT_CIVIL,
    *fs.CIVIL_TYPOS,
    *fs.ATTITUDE_CIVIL,
]
ARTICLE = ArticleText(headline="A news article")
READER = AuthorHistory(published=5)


@dataclass(frozen=True)
class Fixed:
    """An abuse model that gives scores already computed (the phase runs unchanged on them)."""

    scores: AbuseScores
    version: str = "fixed"

    def score(self, text: str) -> AbuseScores:
        return self.scores


def phase_reasons(scores: AbuseScores, policy: Policy) -> tuple[str, ...] | None:
    """The abuse phase's reasons for a comment with these scores; None when it does not hold."""
    classifiers = Classifiers(abuse=Fixed(scores), topic=None, spam=None)  # type: ignore[arg-type]
    result = phase.check(Submission("text", ARTICLE, author=READER), policy, classifiers)
    return result.reasons if result.decision == "hold" else None


def choose_thresholds(
    scores: Sequence[AbuseScores],
    marked: Sequence[set[str]],
    kinds: Sequence[str],
    grid: Sequence[float] = GRID_UNDER_DEFAULT,
) -> dict[str, float]:
    """Per kind, the lowest threshold on `grid` at which the kind's rule is right about the
    raters' type on at least PRECISION of the toxic posts it names (at least MIN_NAMED named);
    a kind with none is left out (named at the phase's default)."""
    gated = [i for i, s in enumerate(scores) if s.abusive >= phase.KIND_ABUSE_GATE]
    chosen: dict[str, float] = {}
    for kind in kinds:
        head = np.array([scores[i].kinds[kind] for i in gated])
        truth = np.array([TRUTH[kind] in marked[i] for i in gated])
        for t in grid:
            named = head >= t
            if named.sum() >= MIN_NAMED and truth[named].mean() >= PRECISION:
                chosen[kind] = t
                break
    return chosen


@dataclass
class Measured:
    toxic: list[tuple[tuple[str, ...] | None, set[str], tuple[str, ...]]]
    civil_c3: list[tuple[str, ...] | None]
    civil_suite: list[tuple[str, ...] | None]
    suite: list[tuple[tuple[str, ...] | None, tuple[str, ...], str]]


def at_thresholds(s: AbuseScores, thresholds: Mapping[str, float]) -> AbuseScores:
    """The scores as the unchanged phase (one KIND_THRESHOLD for every kind) would read them
    under per-kind thresholds: each head moved by (KIND_THRESHOLD - its threshold), so it
    reaches KIND_THRESHOLD exactly when the head reaches its own threshold. Only which kinds
    are named is read from it (their order, by score, may differ)."""
    d = phase.KIND_THRESHOLD
    return replace(s, kinds={k: p + d - thresholds.get(k, d) for k, p in s.kinds.items()})


def heads_named(s: AbuseScores, thresholds: Mapping[str, float]) -> tuple[str, ...]:
    """The kinds the kind heads' rule names (the threat model left out)."""
    if s.abusive < phase.KIND_ABUSE_GATE:
        return ()
    d = phase.KIND_THRESHOLD
    return tuple(k for k, p in s.kinds.items() if p >= thresholds.get(k, d))


def measure(
    toxic: Sequence[AbuseScores],
    marked: Sequence[set[str]],
    civil_c3: Sequence[AbuseScores],
    civil_suite: Sequence[AbuseScores],
    suite: Sequence[AbuseScores],
    thresholds: Mapping[str, float],
    policy: Policy,
) -> Measured:
    def reasons(s: AbuseScores) -> tuple[str, ...] | None:
        return phase_reasons(at_thresholds(s, thresholds), policy)

    return Measured(
        toxic=[
            (reasons(s), m, heads_named(s, thresholds)) for s, m in zip(toxic, marked, strict=True)
        ],
        civil_c3=[reasons(s) for s in civil_c3],
        civil_suite=[reasons(s) for s in civil_suite],
        suite=[
            (reasons(s), heads_named(s, thresholds), tag)
            for s, (_, tag) in zip(suite, TAGS, strict=True)
        ],
    )


def pr(named: np.ndarray[Any, Any], truth: np.ndarray[Any, Any]) -> tuple[float, float, float]:
    tp = float((named & truth).sum())
    p = tp / named.sum() if named.sum() else 0.0
    r = tp / truth.sum() if truth.sum() else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def figures(m: Measured) -> dict[str, Any]:
    held = [(r, mk, h) for r, mk, h in m.toxic if r is not None]
    out: dict[str, Any] = {"held toxic": f"{len(held)} of {len(m.toxic)}"}
    for kind in KINDS:
        truth = np.array([TRUTH[kind] in mk for _, mk, _ in held])
        named = np.array([kind in r for r, _, _ in held])
        out[kind] = (*pr(named, truth), int(named.sum()), int(truth.sum()))
    truth = np.array([TRUTH["threat"] in mk for _, mk, _ in held])
    out["threat (head alone)"] = (
        *pr(np.array(["threat" in h for _, _, h in held]), truth),
        int(sum("threat" in h for _, _, h in held)),
        int(truth.sum()),
    )
    for name, civil in (("C3", m.civil_c3), ("suite", m.civil_suite)):
        kept = [r for r in civil if r is not None]
        out[f"civil {name} held"] = len(kept), len(civil)
        out[f"civil {name} with a kind"] = sum(bool(set(r) & set(KINDS)) for r in kept)
        out[f"civil {name} identity_hate"] = sum("identity_hate" in r for r in kept)
    out["civil with a kind"] = out["civil C3 with a kind"] + out["civil suite with a kind"]
    out["civil identity_hate"] = out["civil C3 identity_hate"] + out["civil suite identity_hate"]
    out["civil held"] = out["civil C3 held"][0] + out["civil suite held"][0]
    held_suite = [(r, h, tag) for r, h, tag in m.suite if r is not None]
    out["suite held"] = len(held_suite)
    out["fitting (phase)"] = sum(tag in r for r, _, tag in held_suite)
    out["fitting (heads)"] = sum(tag in h for _, h, tag in held_suite)
    for kind in ("insult", "identity_hate", "threat"):
        of = [(r, h) for r, h, tag in held_suite if tag == kind]
        out[f"fitting {kind}"] = (
            sum(kind in r for r, _ in of),
            sum(kind in h for _, h in of),
            len(of),
        )
    out["mean F1 identity_hate, threat"] = (out["identity_hate"][2] + out["threat"][2]) / 2
    return out


THREAT_GAIN = 0.05


def passes(base: dict[str, Any], cand: dict[str, Any], bar: str = "kinds2") -> list[str]:
    """What the candidate misses of a 2026-11-30 bar set beforehand: "first"
    (/tmp/exp/kinds/PREREG.md: identity_hate and threat each P >= 0.60 and R >= 0.30) or
    "kinds2" (/tmp/exp/kinds2/PREREG.md: identity_hate the same; threat, from either source,
    gains at least THREAT_GAIN recall with precision no lower than the base's); both: insult
    P and R within 0.03, civil named a kind or identity_hate up by at most 2, right-kind share
    of the held abusive suite sentences not lower."""
    miss = []
    for kind in ("identity_hate", "threat") if bar == "first" else ("identity_hate",):
        p, r = cand[kind][:2]
        if r < 0.30 or p < 0.60:
            miss.append(f"{kind} P {p:.3f} R {r:.3f}")
    if bar == "kinds2":
        (bp, br), (p, r) = base["threat"][:2], cand["threat"][:2]
        if r < br + THREAT_GAIN or p < bp:
            miss.append(f"threat P {bp:.3f} -> {p:.3f}, R {br:.3f} -> {r:.3f}")
    for i, what in ((0, "precision"), (1, "recall")):
        if cand["insult"][i] < base["insult"][i] - 0.03:
            miss.append(f"insult {what} {base['insult'][i]:.3f} -> {cand['insult'][i]:.3f}")
    for key in ("civil with a kind", "civil identity_hate"):
        if cand[key] > base[key] + 2:
            miss.append(f"{key} {base[key]} -> {cand[key]}")
    for key in ("fitting (phase)", "fitting (heads)"):
        if cand[key] / max(cand["suite held"], 1) < base[key] / max(base["suite held"], 1):
            miss.append(f"{key} {base[key]} -> {cand[key]}")
    return miss


def show(name: str, f: dict[str, Any], thresholds: Mapping[str, float]) -> str:
    def cell(kind: str) -> str:
        p, r, _, n, t = f[kind]
        return f"{p:.3f} / {r:.3f} ({n} named, {t} marked)"

    sh = f["suite held"]
    return (
        f"| {name} | {dict(thresholds) or '-'} | {cell('insult')} | {cell('identity_hate')} | "
        f"{cell('threat')} | {cell('threat (head alone)')} | {cell('obscene')} | "
        f"{f['civil with a kind']} of {f['civil held']} (C3 {f['civil C3 with a kind']}, suite "
        f"{f['civil suite with a kind']}); identity_hate {f['civil identity_hate']} | "
        f"{f['fitting (phase)']} of {sh} ({f['fitting (phase)'] / max(sh, 1):.1%}); heads "
        f"{f['fitting (heads)']} ({f['fitting (heads)'] / max(sh, 1):.1%}); "
        + ", ".join(
            f"{k} {f['fitting ' + k][0]}/{f['fitting ' + k][2]}"
            for k in ("insult", "identity_hate", "threat")
        )
        + f" | {f['mean F1 identity_hate, threat']:.3f} |"
    )


HEADER = (
    "| rule | kind thresholds | insult P / R | identity_hate P / R | threat (phase) P / R | "
    "threat (head) P / R | obscene P / R | (i) civil held with a kind | (iii) fitting kind | "
    "mean F1 |\n|---|---|---|---|---|---|---|---|---|---|"
)


Scored = tuple[list[AbuseScores], ...]


def mixed(base: Scored, refit: Scored, kinds: Sequence[str]) -> Scored:
    """The base scores with the heads of `kinds` taken from the refitted model's."""
    return tuple(
        [
            replace(a, kinds={k: (b if k in kinds else a).kinds[k] for k in a.kinds})
            for a, b in zip(part_a, part_b, strict=True)
        ]
        for part_a, part_b in zip(base, refit, strict=True)
    )


def same_decisions(base: Scored, other: Scored, policy: Policy) -> bool:
    """Whether the phase holds exactly the same texts with both sets of scores (the abuse and
    threat scores equal), which the kind heads must never change."""
    return all(
        a.abusive == b.abusive
        and a.threat == b.threat
        and (phase_reasons(a, policy) is None) == (phase_reasons(b, policy) is None)
        for part_a, part_b in zip(base, other, strict=True)
        for a, b in zip(part_a, part_b, strict=True)
    )


@dataclass
class Texts:
    toxic: list[str]
    marked: list[set[str]]
    civil_c3: list[str]


def texts_of(rows: list[Row], split: str) -> Texts:
    toxic = [r for r in rows if r.dataset == "civil_comments" and r.split == split and r.label]
    c3 = [
        r.text for r in rows if r.dataset == "c3" and r.split == split and float(r.extra[0]) == 1.0
    ]
    return Texts([r.text for r in toxic], [set(r.extra) for r in toxic], c3)


def scored(model: TfidfAbuse, texts: Sequence[str]) -> list[AbuseScores]:
    return [model.score(t) for t in texts]


def main(argv: list[str] | None = None) -> int:
    from masthead.moderation.core.cli import default_policy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folders", nargs="+", help="'dev', or model folders to measure under the shipped rule"
    )
    parser.add_argument("--refit", type=Path, help="dev: the model with kind heads refitted")
    parser.add_argument("--typed", type=Path, help="dev: kind heads fitted on typed posts only")
    parser.add_argument(
        "--typed-balanced", type=Path, help="dev: the same, identity_hate and threat balanced"
    )
    parser.add_argument("--bar", choices=["kinds2", "first"], default="kinds2")
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    args = parser.parse_args(argv)
    policy = default_policy()
    shipped = load_classifiers(WEIGHTS_DIR).abuse
    threat = getattr(shipped, "threat", None)
    if threat is None:
        raise SystemExit("the shipped models have no threat model")
    texts = texts_of(load(), args.split)
    suite_texts = [t for t, _ in TAGS]

    def all_scores(folder: Path) -> tuple[list[AbuseScores], ...]:
        model = TfidfAbuse(folder, threat=threat)
        return tuple(
            scored(model, t) for t in (texts.toxic, texts.civil_c3, CIVIL_SUITE, suite_texts)
        )

    print(
        f"split {args.split}: {len(texts.toxic)} toxic Civil Comments posts, "
        f"{len(texts.civil_c3)} C3 civil, {len(CIVIL_SUITE)} suite civil, {len(TAGS)} suite "
        f"abusive (tags: "
        + ", ".join(
            f"{k} {sum(t == k for _, t in TAGS)}" for k in ("insult", "identity_hate", "threat")
        )
        + ")\n"
    )
    if args.folders == ["dev"]:
        if args.split != "dev":
            parser.error("choosing rules reads the dev split only")
        base = all_scores(WEIGHTS_DIR)
        rows: list[tuple[str, tuple[list[AbuseScores], ...], dict[str, float]]] = []
        plain: dict[str, float] = {}
        base_scores = base
        rows.append(("base: head >= 0.5", base_scores, plain))
        for name, kinds in (("a2", ("identity_hate", "threat")), ("a4", KINDS)):
            rows.append((name, base_scores, choose_thresholds(base_scores[0], texts.marked, kinds)))
        two = ("identity_hate", "threat")

        def refitted(folder: Path) -> Scored:
            refit = all_scores(folder)
            if not same_decisions(base_scores, refit, policy):
                raise SystemExit(f"{folder}: the abuse scores or decisions differ from the shipped")
            print(f"{folder}: abuse scores and decisions the same as the shipped model's")
            return refit

        if args.refit:
            refit = refitted(args.refit)
            for name, kinds in (("b2", two), ("b4", KINDS)):
                m = mixed(base_scores, refit, kinds)
                rows.append((name, m, {}))
                rows.append(
                    ("c" + name[1], m, choose_thresholds(m[0], texts.marked, kinds, GRID_WIDE))
                )
        if args.typed:
            typed = refitted(args.typed)
            t2 = mixed(base_scores, typed, two)
            rows.append(("t2", t2, {}))
            rows.append(("t4", typed, {}))
            rows.append(("tt2", t2, choose_thresholds(t2[0], texts.marked, two, GRID_WIDE)))
        if args.typed_balanced:
            rows.append(("tb2", mixed(base_scores, refitted(args.typed_balanced), two), {}))
        print(HEADER)
        results = []
        for name, (toxic, c3, civil, suite), thresholds in rows:
            f = figures(measure(toxic, texts.marked, c3, civil, suite, thresholds, policy))
            results.append((name, f, thresholds))
            print(show(name, f, thresholds))
        print()
        base_f = results[0][1]
        for name, f, _ in results[1:]:
            miss = passes(base_f, f, args.bar)
            print(f"{name}: " + ("passes the bar" if not miss else "misses: " + "; ".join(miss)))
        return 0
    as_shipped: dict[str, float] = {}
    measured: list[tuple[str, dict[str, Any]]] = []
    first: Scored = ()
    print(HEADER)
    for folder in map(Path, args.folders):
        toxic, c3, civil, suite = all_scores(folder)
        if not first:
            first = (toxic, c3, civil, suite)
        elif not same_decisions(first, (toxic, c3, civil, suite), policy):
            raise SystemExit(f"{folder}: the abuse scores or decisions differ from the first's")
        f = figures(measure(toxic, texts.marked, c3, civil, suite, as_shipped, policy))
        measured.append((str(folder), f))
        print(show(str(folder), f, as_shipped))
    print()
    for name, f in measured[1:]:
        miss = passes(measured[0][1], f, args.bar)
        print(f"{name}: " + ("passes the bar" if not miss else "misses: " + "; ".join(miss)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
