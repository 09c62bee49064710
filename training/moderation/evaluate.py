"""Measure the shipped moderation models on the project's own held-out splits, against peers.

    masthead eval-moderation        (or: make eval; or python -m training.moderation.evaluate)

Every figure is on the TEST split (split by article / thread / post / video, never by row; see
datasets.py). Peers measured in the same run: alt-profanity-check (probability) and
better-profanity (yes/no). If var/moderation-full/ exists (train --variant full), the
non-shipped model trained on every licence is measured too, to show what the licence costs.
Prints a Markdown report and writes it to var/moderation-eval.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from masthead.moderation.core.classifiers.abuse import TfidfAbuse
from masthead.moderation.core.classifiers.base import Classifiers
from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR, load_classifiers
from masthead.moderation.core.cli import default_policy
from masthead.moderation.core.pipeline import moderate
from masthead.moderation.core.types import ArticleText, Policy, Submission
from training.moderation.datasets import SETS, Row, load
from training.moderation.topic_pairs import Pair, all_pairs

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "var" / "moderation-full"
SLOW_PEER_SAMPLE = 300


def auc(y: list[int] | np.ndarray[Any, Any], s: list[float] | np.ndarray[Any, Any]) -> float:
    from sklearn.metrics import roc_auc_score

    if len(set(list(y))) < 2:
        return float("nan")
    return float(roc_auc_score(y, s))


def pr(y: np.ndarray[Any, Any], flagged: np.ndarray[Any, Any]) -> tuple[float, float]:
    tp = float((flagged & (y == 1)).sum())
    precision = tp / max(float(flagged.sum()), 1.0)
    recall = tp / max(float((y == 1).sum()), 1.0)
    return precision, recall


def peers() -> dict[str, Any]:
    found: dict[str, Any] = {}
    try:
        from profanity_check import predict_prob

        found["alt-profanity-check"] = lambda texts: np.asarray(predict_prob(texts), dtype=float)
    except ImportError:
        pass
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        found["better-profanity"] = lambda texts: np.array(
            [float(profanity.contains_profanity(t)) for t in texts]
        )
        found["better-profanity"].slow = True
    except ImportError:
        pass
    return found


def abuse_sets(
    rows: list[Row], split: str = "test"
) -> dict[str, tuple[list[str], np.ndarray[Any, Any]]]:
    """The abuse sets of one split (the evaluation's: test; experiments compare on dev)."""
    sets: dict[str, tuple[list[str], np.ndarray[Any, Any]]] = {}
    for name, ds in SETS.items():
        if ds.task != "abuse":
            continue
        test = [r for r in rows if r.dataset == name and r.split == split]
        if not test:
            continue
        sets[name] = ([r.text for r in test], np.array([r.label for r in test]))
        if name == "c3":
            clear = [r for r in test if float(r.extra[0]) == 1.0 or float(r.extra[0]) > 2.0]
            sets["c3 (level >2 vs 1)"] = (
                [r.text for r in clear],
                np.array([int(float(r.extra[0]) > 2.0) for r in clear]),
            )
    # News comments, balanced: C3's not-toxic comments against Civil Comments' toxic ones.
    news = [
        r
        for r in rows
        if r.split == split
        and (
            (r.dataset == "c3" and float(r.extra[0]) == 1.0)
            or (r.dataset == "civil_comments" and r.label == 1)
        )
    ]
    sets["news (C3 civil + Civil Comments toxic)"] = (
        [r.text for r in news],
        np.array([r.label for r in news]),
    )
    return sets


def published_cell(y: np.ndarray[Any, Any], held: np.ndarray[Any, Any]) -> str:
    """ "civil published / abusive published" as shares of each label, for one judge."""
    civil = (y == 0) & ~held
    leaked = (y == 1) & ~held
    return (
        f"{civil.sum() / max((y == 0).sum(), 1):.1%} / {leaked.sum() / max((y == 1).sum(), 1):.1%}"
    )


# The shipped threat model's probability of each text scored in this run. The abuse sets, the
# threat table and the operating point share thousands of test comments, and each costs an
# embedding: each is scored once.
_THREAT_SCORES: dict[str, float] = {}


def threat_probability(text: str) -> float:
    score = _THREAT_SCORES.get(text)
    if score is None:
        threat = getattr(load_classifiers().abuse, "threat", None)
        if threat is None:
            raise SystemExit("the shipped models have no threat model: the evaluation needs it")
        score = _THREAT_SCORES[text] = float(threat.score(text).probability)
    return score


def evaluate_abuse(rows: list[Row], policy: Policy, lines: list[str]) -> dict[str, float]:
    threshold = policy.thresholds.abuse
    published = [
        "",
        "Published automatically, per set (test splits): civil comments published / abusive "
        f"comments published. Ours: the abuse phase as shipped (abuse score under {threshold:.3f} "
        f"and threat score under {policy.thresholds.threat:.3f}; the other checks need an article, "
        "see the operating point below); peers: score under 0.5 / answered no.",
        "",
        "| set | ours | " + " | ".join(peers()) + " |",
        "|---|---|" + "---|" * len(peers()),
    ]
    ours = TfidfAbuse(WEIGHTS_DIR)
    full = TfidfAbuse(FULL) if (FULL / "abuse.npz").exists() else None
    others = peers()
    head = "| set | licence | n (abusive) | ROC-AUC ours | P / R ours @ op | "
    head += "".join(f"ROC-AUC {p} | P / R {p} | " for p in others)
    head += "ROC-AUC non-shipped (all licences) |" if full else ""
    lines += [head, "|" + "---|" * head.count("|")[:-1] if False else ""]
    lines[-1] = "|" + "---|" * (head.count("|") - 1)
    aucs = {}
    for name, (texts, y) in tqdm(abuse_sets(rows).items(), desc="abuse sets"):
        base = name.split(" ")[0]
        licence = SETS[base].licence if base in SETS else "mixed"
        shipped_note = (
            " (trained on its train split)" if SETS.get(base) and SETS[base].shipped else ""
        )
        s = np.array(ours.probabilities(texts))
        a = auc(y, s)
        aucs[name] = a
        p, r = pr(y, s >= threshold)
        threats = np.array([threat_probability(t) for t in texts])
        shares = [published_cell(y, (s >= threshold) | (threats >= policy.thresholds.threat))]
        cells = [
            f"{name}{shipped_note}",
            licence,
            f"{len(y)} ({int(y.sum())})",
            f"{a:.3f}",
            f"{p:.2f} / {r:.2f}",
        ]
        for fn in others.values():
            if getattr(fn, "slow", False) and len(texts) > SLOW_PEER_SAMPLE:
                # better-profanity takes ~0.1 s a comment: a fixed sample keeps the run short
                keep = sorted(random.Random(0).sample(range(len(texts)), SLOW_PEER_SAMPLE))
                ps, yy = fn([texts[i] for i in keep]), y[keep]
            else:
                ps, yy = fn(texts), y
            pp, rr = pr(yy, ps >= 0.5)
            cells += [f"{auc(yy, ps):.3f}", f"{pp:.2f} / {rr:.2f}"]
            shares.append(published_cell(yy, ps >= 0.5))
        if full:
            cells.append(f"{auc(y, full.probabilities(texts)):.3f}")
        lines.append("| " + " | ".join(cells) + " |")
        published.append(f"| {name} | " + " | ".join(shares) + " |")
    lines += published
    return aucs


def topic_test_pairs(seed: int) -> list[Pair]:
    """The on-topic TEST pairs the evaluation scores (CAT: a fixed sample of 1,000)."""
    pairs = [p for p in all_pairs(seed) if p.split == "test"]
    # CAT test pairs are many and alike: a fixed sample of 1,000 keeps the run short
    cat = [p for p in pairs if p.dataset == "cat"]
    keep = set(map(id, random.Random(seed).sample(cat, min(1000, len(cat)))))
    return [p for p in pairs if p.dataset != "cat" or id(p) in keep]


def evaluate_topic(seed: int, lines: list[str]) -> dict[str, float]:
    classifiers = load_classifiers()
    pairs = topic_test_pairs(seed)
    out: dict[str, float] = {}
    lines += ["", "| on-topic test | pairs | ROC-AUC (own vs other) |", "|---|---|---|"]
    scored: dict[int, float] = {}
    for i, p in enumerate(tqdm(pairs, desc="topic pairs")):
        scored[i] = 1 - classifiers.topic.score(p.text, p.article, p.parent).off_topic
    for name, label in (
        ("cat", "CAT Wikipedia reply vs parent (fitted on its train split)"),
        ("cqa", "SemEval CQA comment vs own / other thread question"),
        ("c3", "C3 comment vs own / other article (stand-in article from other comments)"),
    ):
        idx = [i for i, p in enumerate(pairs) if p.dataset == name and p.kind != "bad"]
        a = auc([pairs[i].label for i in idx], [scored[i] for i in idx])
        out[name] = a
        lines.append(f"| {label} | {len(idx)} | {a:.3f} |")
    idx = [i for i, p in enumerate(pairs) if p.dataset == "cqa" and p.kind in {"own", "bad"}]
    a = auc([pairs[i].label for i in idx], [scored[i] for i in idx])
    out["cqa_good_vs_bad"] = a
    lines.append(
        f"| SemEval CQA Good/PotentiallyUseful vs Bad, same thread | {len(idx)} | {a:.3f} |"
    )
    return out


def civil_news_pairs(rows: list[Row], seed: int) -> list[Pair]:
    """C3 TEST comments no rater found toxic, each with its own (stand-in) article."""
    civil = [
        p for p in all_pairs(seed) if p.split == "test" and p.dataset == "c3" and p.kind == "own"
    ]
    c3_level = {r.text: float(r.extra[0]) for r in rows if r.dataset == "c3"}
    return [p for p in civil if c3_level.get(p.text) == 1.0]


def published_share(
    pairs: list[Pair],
    policy: Policy,
    classifiers: Classifiers,
    cut: Callable[[ArticleText], ArticleText] = lambda a: a,
    desc: str = "operating point: civil",
) -> float:
    """The share of `pairs` the whole pipeline publishes, each scored against `cut(article)`."""
    published = 0
    for p in tqdm(pairs, desc=desc):
        v = moderate(Submission(p.text, cut(p.article)), policy, classifiers)
        published += v.decision == "publish"
    return published / max(len(pairs), 1)


THREAT_SAMPLE = 600


def evaluate_threat(rows: list[Row], policy: Policy, lines: list[str]) -> None:
    """What the threat model adds to the abuse threshold on each TEST set: the comments it holds
    that the abuse score alone would publish, civil and abusive (a fixed sample per set)."""
    rng = random.Random(20261129)
    t = policy.thresholds
    abuse = TfidfAbuse(WEIGHTS_DIR)  # the abuse probability alone; the threat one is remembered
    lines += [
        "",
        f"Threat model on the test splits (threshold {t.threat:.3f}; at most {THREAT_SAMPLE} "
        "comments a set, fixed sample): comments it holds that the abuse score alone "
        f"(threshold {t.abuse:.3f}) would publish:",
        "",
        "| set | n | civil newly held | abusive newly held |",
        "|---|---|---|---|",
    ]
    by_set: dict[str, list[Row]] = {}
    for r in rows:
        if r.split == "test" and SETS[r.dataset].task == "abuse":
            by_set.setdefault(r.dataset, []).append(r)
    for name, test in sorted(by_set.items()):
        sample = rng.sample(test, min(len(test), THREAT_SAMPLE))
        newly = [
            threat_probability(r.text) >= t.threat and abuse.score(r.text).abusive < t.abuse
            for r in tqdm(sample, desc=f"threat: {name}")
        ]

        def share(label: int, newly: list[bool] = newly, sample: list[Row] = sample) -> str:
            picked = [n for n, r in zip(newly, sample, strict=True) if r.label == label]
            return f"{sum(picked) / len(picked):.1%} of {len(picked)}" if picked else "-"

        lines.append(f"| {name} | {len(sample)} | {share(0)} | {share(1)} |")


def threat_held(texts: list[str], policy: Policy, desc: str) -> list[bool]:
    """Whether the shipped threat model holds each text (whatever the abuse threshold)."""
    return [threat_probability(t) >= policy.thresholds.threat for t in tqdm(texts, desc=desc)]


def abusive_news(rows: list[Row]) -> list[str]:
    """Abusive news comments of the TEST splits: Civil Comments toxic + C3 level > 2."""
    return [
        r.text
        for r in rows
        if r.split == "test"
        and (
            (r.dataset == "civil_comments" and r.label == 1)
            or (r.dataset == "c3" and float(r.extra[0]) > 2)
        )
    ]


def operating_point(rows: list[Row], seed: int, policy: Policy, lines: list[str]) -> None:
    """Whole pipeline on news comments: civil ones with their (stand-in) article must publish."""
    civil = civil_news_pairs(rows, seed)
    published = published_share(civil, policy, load_classifiers())
    abusive = abusive_news(rows)
    t = policy.thresholds.abuse
    probabilities = TfidfAbuse(WEIGHTS_DIR).probabilities(abusive)
    threats = threat_held(abusive, policy, "operating point: abusive")
    leaked = sum(p < t and not held for p, held in zip(probabilities, threats, strict=True))
    lines += [
        "",
        f"Operating point (abuse threshold {t:.3f}, threat threshold "
        f"{policy.thresholds.threat:.3f}, off-topic threshold {policy.thresholds.off_topic:.3f}):",
        f"- civil on-topic news comments published automatically (whole pipeline, C3 not-toxic, "
        f"stand-in article): **{published:.1%}** of {len(civil)}",
        f"- abusive news comments that would be published (abuse score under the threshold and "
        f"not held by the threat model; Civil Comments toxic + C3 level >2): "
        f"**{leaked / max(len(abusive), 1):.1%}** of {len(abusive)}",
    ]


TRADEOFF_THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.22, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def tradeoff(
    civil: list[tuple[float, bool]],
    abusive: list[tuple[float, bool]],
    thresholds: tuple[float, ...],
) -> list[tuple[float, float, float]]:
    """For each abuse threshold t: (t, share of civil comments published, share of abusive ones
    published). `civil` holds each civil comment's abuse probability and whether another check
    (off-topic, spam, threat, rules) holds it whatever t is; `abusive` each abusive comment's
    probability and whether the threat model holds it: it is published when its probability is
    under t and the threat model lets it through (the operating point's own rule)."""
    if not civil or not abusive:
        raise ValueError("both civil and abusive comments are needed")
    out = []
    for t in thresholds:
        published = sum(1 for p, other in civil if p < t and not other) / len(civil)
        leaked = sum(1 for p, threat in abusive if p < t and not threat) / len(abusive)
        out.append((t, published, leaked))
    return out


def tradeoff_lines(curve: list[tuple[float, float, float]], current: float) -> list[str]:
    lines = [
        "",
        "Trade-off: the abuse threshold against the operating point (other checks as shipped):",
        "",
        "| abuse threshold | civil on-topic published | abusive published |",
        "|---|---|---|",
    ]
    for t, published, leaked in curve:
        mark = " (shipped)" if abs(t - current) < 1e-9 else ""
        shown = f"{t:.2f}" if abs(t - round(t, 2)) < 1e-9 else f"{t:.4f}"
        lines.append(f"| {shown}{mark} | {published:.1%} | {leaked:.1%} |")
    return lines


def operating_curve(rows: list[Row], seed: int, policy: Policy, lines: list[str]) -> None:
    """The operating point at other abuse thresholds: civil comments through the whole pipeline
    with the abuse check switched off (what else holds them), then their abuse probability."""
    civil = civil_news_pairs(rows, seed)
    off = replace(policy, thresholds=replace(policy.thresholds, abuse=2.0, abuse_trusted=2.0))
    classifiers = load_classifiers()
    model = TfidfAbuse(WEIGHTS_DIR)
    probabilities = model.probabilities([p.text for p in civil])
    held_otherwise = [
        moderate(Submission(p.text, p.article), off, classifiers).decision != "publish"
        for p in tqdm(civil, desc="trade-off: civil")
    ]
    texts = abusive_news(rows)
    abusive = list(
        zip(
            model.probabilities(texts),
            threat_held(texts, policy, "trade-off: abusive"),
            strict=True,
        )
    )
    thresholds = tuple(sorted({*TRADEOFF_THRESHOLDS, round(policy.thresholds.abuse, 4)}))
    curve = tradeoff(list(zip(probabilities, held_otherwise, strict=True)), abusive, thresholds)
    lines += tradeoff_lines(curve, round(policy.thresholds.abuse, 4))


def evaluate_language(rows: list[Row], lines: list[str]) -> dict[str, float]:
    """Share of each TEST set the language phase holds as `other_language` (core/language.py):
    near zero on the English, Roman Urdu and Hinglish sets; most of the German one."""
    from masthead.moderation.core.language import detect

    shares: dict[str, float] = {}
    lines += [
        "",
        "Comments held as another language (`other_language`), test splits:",
        "",
        "| set | n | held as another language |",
        "|---|---|---|",
    ]
    for name in sorted({r.dataset for r in rows if r.split == "test"}):
        texts = [r.text for r in rows if r.dataset == name and r.split == "test"]
        shares[name] = sum(detect(t).other for t in texts) / len(texts)
        lines.append(f"| {name} | {len(texts)} | {shares[name]:.2%} |")
    return shares


def reliability(
    p: np.ndarray[Any, Any], y: np.ndarray[Any, Any], w: np.ndarray[Any, Any], bins: int = 10
) -> tuple[list[tuple[float, float, float, float]], float]:
    """Rows (low, high, mean predicted, observed rate) for equal-width probability bins, each
    weighted by `w`, and the expected calibration error (the weighted mean gap)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    rows: list[tuple[float, float, float, float]] = []
    gap = 0.0
    for b in range(bins):
        m = which == b
        if not m.any():
            continue
        wb = w[m]
        predicted = float(np.average(p[m], weights=wb))
        observed = float(np.average(y[m], weights=wb))
        rows.append((float(edges[b]), float(edges[b + 1]), predicted, observed))
        gap += float(wb.sum()) * abs(predicted - observed)
    return rows, gap / float(w.sum())


def evaluate_calibration(rows: list[Row], lines: list[str]) -> float:
    """Are the abuse probabilities calibrated? On the TEST splits of the sets the shipped model
    was calibrated for (the permissive abuse sets, every Civil Comments post counted abusive as
    in training), weighted as in calibration (every set and label the same total weight)."""
    from training.moderation.datasets import balanced_weights

    test = [
        replace(r, label=1) if r.dataset == "civil_comments" else r
        for r in rows
        if r.split == "test" and SETS[r.dataset].task == "abuse" and SETS[r.dataset].shipped
    ]
    p = np.asarray(TfidfAbuse(WEIGHTS_DIR).probabilities([r.text for r in test]))
    y = np.array([r.label for r in test], dtype=float)
    w = balanced_weights(test)
    table, ece = reliability(p, y, w)
    brier = float(np.average((p - y) ** 2, weights=w))
    lines += [
        "",
        f"Calibration of the abuse probability ({len(test)} test comments of "
        f"{', '.join(sorted({r.dataset for r in test}))}; each set and label weighted alike, "
        f"as in calibration): expected calibration error **{ece:.3f}**, Brier score {brier:.3f}.",
        "",
        "| predicted | mean predicted | share abusive |",
        "|---|---|---|",
    ]
    lines += [f"| {lo:.1f}-{hi:.1f} | {pm:.3f} | {ob:.3f} |" for lo, hi, pm, ob in table]
    return ece


def evaluate_functional(policy: Policy, lines: list[str]) -> None:
    """Our own functional sentences (functional_suite.py): civil ones held, abusive ones let through."""
    from training.moderation.functional_suite import (
        ABUSIVE,
        ABUSIVE_IDENTITY,
        ATTITUDE_CIVIL,
        ATTITUDE_HATE,
        CIVIL,
        CIVIL_IDENTITY,
        CIVIL_TYPOS,
        CIVIL_VIOLENT_WORDS,
        DISGUISED_ABUSIVE,
        SHORT_ABUSIVE,
        SHORT_CIVIL,
        THREATS,
    )

    # The abuse phase's rule: the abuse score or the threat model's (loaded once, not per call).
    ours = load_classifiers().abuse
    t = policy.thresholds

    def ours_holds(texts: list[str]) -> np.ndarray[Any, Any]:
        scores = [ours.score(text) for text in texts]
        return np.array([s.abusive >= t.abuse or s.threat >= t.threat for s in scores])

    judges: dict[str, Callable[[list[str]], np.ndarray[Any, Any]]] = {"ours": ours_holds}
    for name, fn in peers().items():
        judges[name] = lambda t, fn=fn: np.asarray(fn(t)) >= 0.5
    lines += [
        "",
        f"Functional checks, our own sentences ({len(CIVIL)} civil that name groups, places, "
        f"people or everyday words; {len(ABUSIVE)} abusive, some disguised; an identity batch "
        "written later, people's identity said plainly, kindly or as an attack; a threat batch "
        f"written later still, {len(THREATS)} threats of violence, veiled or open, and "
        f"{len(CIVIL_VIOLENT_WORDS)} civil comments using the same violent words; a short-reply "
        f"batch, {len(SHORT_CIVIL)} civil replies of one to six words and {len(SHORT_ABUSIVE)} "
        "short insults):",
        "",
        "| model | civil held | abusive published | identity batch: civil held "
        "| identity batch: abusive published | threat batch: civil held "
        "| threat batch: threats published | short replies: civil held "
        "| short replies: insults published |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    short_held_ours: np.ndarray[Any, Any] = np.zeros(len(SHORT_CIVIL), dtype=bool)
    held_by: dict[str, np.ndarray[Any, Any]] = {}
    for name, judge in judges.items():
        held_by[name], passed = judge(CIVIL), ~judge(ABUSIVE)
        identity_held, identity_passed = judge(CIVIL_IDENTITY), ~judge(ABUSIVE_IDENTITY)
        violent_held, threats_passed = judge(CIVIL_VIOLENT_WORDS), ~judge(THREATS)
        short_held, short_passed = judge(SHORT_CIVIL), ~judge(SHORT_ABUSIVE)
        if name == "ours":
            short_held_ours = short_held
        lines.append(
            f"| {name} | {int(held_by[name].sum())} of {len(CIVIL)} "
            f"| {int(passed.sum())} of {len(ABUSIVE)} "
            f"| {int(identity_held.sum())} of {len(CIVIL_IDENTITY)} "
            f"| {int(identity_passed.sum())} of {len(ABUSIVE_IDENTITY)} "
            f"| {int(violent_held.sum())} of {len(CIVIL_VIOLENT_WORDS)} "
            f"| {int(threats_passed.sum())} of {len(THREATS)} "
            f"| {int(short_held.sum())} of {len(SHORT_CIVIL)} "
            f"| {int(short_passed.sum())} of {len(SHORT_ABUSIVE)} |"
        )

    def pair_table(
        intro: str, civil: list[str], abusive: list[str], header: str, civil_first: bool, held: str
    ) -> None:
        """One batch as a table, a row a model (civil held, abusive published, in the order
        `civil_first` says), then the civil sentences our model holds."""
        lines.extend(["", intro, "", f"| model | {header} |", "|---|---|---|"])
        held_ours: np.ndarray[Any, Any] = np.zeros(len(civil), dtype=bool)
        for name, judge in judges.items():
            civil_held, passed = judge(civil), ~judge(abusive)
            if name == "ours":
                held_ours = civil_held
            cells = [
                f"{int(civil_held.sum())} of {len(civil)}",
                f"{int(passed.sum())} of {len(abusive)}",
            ]
            lines.append(f"| {name} | " + " | ".join(cells if civil_first else cells[::-1]) + " |")
        lines.append("")
        lines.append(held + "; ".join(f'"{t}"' for t, f in zip(civil, held_ours, strict=True) if f))

    pair_table(
        f"Disguised by misspelling: {len(DISGUISED_ABUSIVE)} insults and attacks misspelt or run "
        f"together, {len(CIVIL_TYPOS)} civil sentences with typos, run-together words or words "
        "containing a rude-looking string:",
        CIVIL_TYPOS,
        DISGUISED_ABUSIVE,
        "disguised abuse published | civil with typos held",
        False,
        "Civil sentences with typos our model holds: ",
    )
    pair_table(
        f"Attitude toward a group (HateCheck-style): {len(ATTITUDE_CIVIL)} civil sentences that "
        "name a group neutrally, kindly, deny a stereotype or quote hate to condemn it, and "
        f"{len(ATTITUDE_HATE)} hateful sentences of the same shapes:",
        ATTITUDE_CIVIL,
        ATTITUDE_HATE,
        "civil held | hate published",
        True,
        "Civil attitude sentences our model holds: ",
    )
    flagged = held_by["ours"]
    lines.append("")
    lines.append(
        "Civil sentences our model holds: "
        + "; ".join(f'"{t}"' for t, f in zip(CIVIL, flagged, strict=True) if f)
    )
    lines.append("")
    lines.append(
        "Short civil replies our model holds: "
        + "; ".join(f'"{t}"' for t, f in zip(SHORT_CIVIL, short_held_ours, strict=True) if f)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "moderation-eval.md")
    args = parser.parse_args(argv)
    started = time.time()
    rows = load()
    policy = default_policy()
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"({os.cpu_count()} CPUs), models {load_classifiers().abuse.version}, "
        f"{load_classifiers().topic.version}.",
        "",
        "Abuse, test splits (P / R at our operating threshold "
        f"{policy.thresholds.abuse:.3f}; peers at 0.5 / their yes-no):",
        "",
    ]
    evaluate_abuse(rows, policy, lines)
    evaluate_calibration(rows, lines)
    evaluate_functional(policy, lines)
    evaluate_threat(rows, policy, lines)
    evaluate_topic(args.seed, lines)
    operating_point(rows, args.seed, policy, lines)
    operating_curve(rows, args.seed, policy, lines)
    evaluate_language(rows, lines)
    lines.append(f"\n({time.time() - started:.0f} s)")
    write_report(lines, args.out)
    return 0


def write_report(lines: list[str], out: Path) -> None:
    """The Markdown report to `out` and to standard output."""
    report = "\n".join(lines) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report)
    print(report)


if __name__ == "__main__":
    raise SystemExit(main())
