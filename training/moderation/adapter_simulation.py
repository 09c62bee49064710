"""Simulate a newsroom fitting a site adapter (training/moderation/site_adapter_fit.py) on C3.

    .venv/bin/python -m training.moderation.adapter_simulation [--out var/adapter-simulation.md]

C3 (CC BY-NC-SA) is used here for MEASURING only: nothing fitted here is kept or shipped (a real
adapter is fitted at the newsroom, on its own moderators' decisions). The simulated site posts
the C3 train-split comments. The shipped abuse model holds those scoring at or above the shipped
abuse threshold; moderators decide every held one (the C3 label: mean toxicity >= 2); a 5 %
random sample of the published ones is reviewed (the audit sample), each reviewed comment
weighing 1 / 0.05 = 20, as in the product. `fit_adapter` fits and checks the adapter on those
decisions exactly as `masthead adapt-moderation` does (a quarter of the articles kept aside).

Everything is then measured on the C3 TEST split (never used to fit or to choose anything):
ROC-AUC of the shipped model and of the adapter; at the shipped threshold, the share of civil
and of toxic comments published (and for mean level 1 against level > 2); and the share of the
toxic Civil Comments TEST posts published, to see whether the adapter forgets general abuse.
A learning curve refits on seeded random subsets of the train articles (about 250, 500, 1000,
2000 decisions) and, as an upper bound, on every train comment labelled (weight 1).

Seeded and reproducible. Prints a markdown report and writes it to --out. Caches nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from masthead.moderation.core.classifiers.loader import load_classifiers
from masthead.moderation.core.cli import default_policy
from training.moderation import site_adapter_fit as adapter_fit
from training.moderation.datasets import Row, load
from training.moderation.site_adapter import SiteAdapter
from training.moderation.site_adapter_fit import Decision, FitReport, fit_adapter

SEED = 20261130
AUDIT_SHARE = 0.05
AUDIT_WEIGHT = 1.0 / AUDIT_SHARE
CURVE_SIZES = (250, 500, 1000, 2000)
CURVE_SEEDS = 5
AUDIT_SEEDS = 5
BOOTSTRAP = 500
TODAY = dt.date(2026, 11, 30)
CHUNK = 500


@dataclass(frozen=True)
class Scored:
    rows: list[Row]
    p: np.ndarray[Any, Any]  # the shipped abuse probability
    e: np.ndarray[Any, Any]  # the comment embedding (the one the adapter reads)
    y: np.ndarray[Any, Any]
    article: np.ndarray[Any, Any]


def score(rows: list[Row], classifiers: Any, what: str) -> Scored:
    """The shipped probability and the embedding, as `classifiers.abuse.score` gives them, in
    batches (the embedding is the on-topic model's comment embedding, which `score` reads
    through its cache)."""
    texts = [r.text for r in rows]
    started = time.monotonic()
    p = np.asarray(classifiers.abuse.probabilities(texts), dtype=np.float64)
    parts = []
    for i in range(0, len(texts), CHUNK):
        parts.append(classifiers.topic.embed_comments(texts[i : i + CHUNK]))
    e = np.concatenate(parts).astype(np.float64)
    print(f"scored {len(texts)} {what} comments in {time.monotonic() - started:.0f} s", flush=True)
    return Scored(
        rows,
        p,
        e,
        np.array([r.label for r in rows]),
        np.array([r.group for r in rows], dtype=object),
    )


def check_batch_matches_score(s: Scored, classifiers: Any, n: int = 20) -> None:
    """The batched scores are the ones the pipeline gives (`abuse.score(text)` and the on-topic
    model's cached comment embedding, which the threat model reads too), for a few rows."""
    for i in range(min(n, len(s.rows))):
        one = classifiers.abuse.score(s.rows[i].text)
        if abs(one.abusive - s.p[i]) > 1e-6:
            raise SystemExit(f"batched abuse probability differs from score(): row {i}")
        vector = classifiers.topic.embed_cached([s.rows[i].text])[0]
        if np.abs(np.asarray(vector) - s.e[i]).max() > 1e-4:
            raise SystemExit(f"batched embedding differs from the pipeline's: row {i}")


def decisions_of(s: Scored, idx: Sequence[int], weights: Sequence[float]) -> list[Decision]:
    return [
        Decision(
            base_probability=float(s.p[i]),
            embedding=s.e[i],
            rejected=bool(s.y[i]),
            article=str(s.article[i]),
            weight=float(w),
        )
        for i, w in zip(idx, weights, strict=True)
    ]


def realistic(s: Scored, threshold: float, seed: int) -> tuple[list[int], list[float]]:
    """Held comments (weight 1) and the reviewed audit sample of published ones (weight 20)."""
    rng = np.random.default_rng(seed)
    audited = rng.random(len(s.p)) < AUDIT_SHARE
    held = s.p >= threshold
    idx = [i for i in range(len(s.p)) if held[i] or audited[i]]
    return idx, [1.0 if held[i] else AUDIT_WEIGHT for i in idx]


def fit(s: Scored, idx: list[int], w: list[float], threshold: float, models: Any) -> FitReport:
    return fit_adapter(
        decisions_of(s, idx, w),
        abuse_model=models.abuse.version,
        topic_model=models.topic.version,
        threshold=threshold,
        today=TODAY,
    )


def adapted(adapter: SiteAdapter, s: Scored) -> np.ndarray[Any, Any]:
    return np.array([adapter.probability(float(p), e) for p, e in zip(s.p, s.e, strict=True)])


def published(scores: np.ndarray[Any, Any], mask: np.ndarray[Any, Any], t: float) -> float:
    return float((scores[mask] < t).mean())


def auc_interval(
    s: Scored, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any], seed: int
) -> tuple[float, float]:
    """95 % interval of auc(b) - auc(a) over resamples of the test ARTICLES (comments of one
    article move together)."""
    rng = np.random.default_rng(seed)
    articles = sorted(set(s.article))
    members = {g: np.flatnonzero(s.article == g) for g in articles}
    diffs = []
    for _ in range(BOOTSTRAP):
        pick = rng.integers(0, len(articles), len(articles))
        i = np.concatenate([members[articles[k]] for k in pick])
        if len(set(s.y[i])) == 2:
            diffs.append(roc_auc_score(s.y[i], b[i]) - roc_auc_score(s.y[i], a[i]))
    lo, hi = np.quantile(diffs, [0.025, 0.975])
    return float(lo), float(hi)


def pct(v: float) -> str:
    return f"{v * 100:.1f} %"


def subset(
    s: Scored, idx: list[int], w: list[float], size: int, seed: int
) -> tuple[list[int], list[float]]:
    """Whole train articles in a seeded random order until `size` decisions are reached."""
    rng = np.random.default_rng(seed)
    by_article: dict[str, list[int]] = {}
    for k, i in enumerate(idx):
        by_article.setdefault(str(s.article[i]), []).append(k)
    articles = sorted(by_article)
    rng.shuffle(articles)
    chosen: list[int] = []
    for g in articles:
        if len(chosen) >= size:
            break
        chosen.extend(by_article[g])
    chosen.sort()
    return [idx[k] for k in chosen], [w[k] for k in chosen]


def fit_both(
    s: Scored, idx: list[int], w: list[float], threshold: float, models: Any
) -> tuple[FitReport, SiteAdapter | None]:
    """fit_adapter's report, and the adapter it would offer without its gain rule (what a site
    would get if the check were skipped: shows what the refusal protects against or misses)."""
    report = fit(s, idx, w, threshold, models)
    if report.adapter is not None or report.shipped_auc is None:
        return report, report.adapter
    saved = adapter_fit.MIN_GAIN
    adapter_fit.MIN_GAIN = -1.0
    try:
        forced = fit(s, idx, w, threshold, models).adapter
    finally:
        adapter_fit.MIN_GAIN = saved
    return report, forced


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("var/adapter-simulation.md"))
    args = parser.parse_args(argv)
    started = time.monotonic()
    t = default_policy().thresholds.abuse
    models = load_classifiers()
    rows = load()
    c3_train = [r for r in rows if r.dataset == "c3" and r.split == "train"]
    c3_test = [r for r in rows if r.dataset == "c3" and r.split == "test"]
    cc_toxic = [r for r in rows if r.dataset == "civil_comments" and r.split == "test" and r.label]
    train = score(c3_train, models, "C3 train")
    check_batch_matches_score(train, models)
    test = score(c3_test, models, "C3 test")
    cc = score(cc_toxic, models, "Civil Comments toxic test")

    levels = np.array([float(r.extra[0]) for r in test.rows])
    level1, above2 = levels == 1.0, levels > 2.0
    ends = level1 | above2
    civil, toxic = test.y == 0, test.y == 1
    every = np.ones(len(cc.rows), dtype=bool)

    def on_test(adapter: SiteAdapter | None) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        if adapter is None:
            return test.p, cc.p
        return adapted(adapter, test), adapted(adapter, cc)

    idx, w = realistic(train, t, SEED)
    report, forced = fit_both(train, idx, w, t, models)
    lines: list[str] = []
    out = lines.append
    held = int((train.p >= t).sum())
    out(
        f"Site adapter simulated on C3 ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{platform.machine()}), seed {SEED}, shipped abuse threshold {t:g}, "
        f"models {models.abuse.version} / {models.topic.version}."
    )
    out("")
    out(
        f"The site: {len(train.rows)} C3 train comments on {len(set(train.article))} articles "
        f"({int(train.y.sum())} toxic). Held by the shipped model: {held}; audit sample of the "
        f"published: {len(idx) - held} (weight {AUDIT_WEIGHT:g}); decisions: {len(idx)} "
        f"({int(train.y[idx].sum())} rejected). Kept aside by fit_adapter to check it: "
        f"{report.checked} decisions ({report.checked_rejected} rejected)."
    )
    if report.shipped_auc is not None and report.adapted_auc is not None:
        out(
            f"fit_adapter's own check (kept-aside train articles, weighted): ROC-AUC "
            f"{report.shipped_auc:.3f} -> {report.adapted_auc:.3f}, C={report.strength}; "
            f"{'offered' if report.adapter else 'REFUSED: ' + str(report.refused)}."
        )
    else:
        out(f"fit_adapter: REFUSED: {report.refused}.")
    out("")
    out(
        f"Test: {len(test.rows)} C3 test comments on {len(set(test.article))} articles "
        f"({int(test.y.sum())} toxic); {len(cc.rows)} toxic Civil Comments test posts."
    )
    out("")
    a_test, a_cc = on_test(report.adapter)
    f_test, f_cc = on_test(forced)
    lo, hi = auc_interval(test, test.p, f_test, SEED)

    def moved(scores: np.ndarray[Any, Any]) -> str:
        """Civil published by the SHIPPED model with its threshold moved to publish the same
        share of toxic test comments as `scores` do at t: what an adapter must beat, since a
        newsroom can move the threshold without one."""
        share = published(scores, toxic, t)
        ranked = np.sort(test.p[toxic])
        k = int(round(share * len(ranked)))
        cut = float(ranked[k]) if k < len(ranked) else 1.0 + 1e-9
        return pct(published(test.p, civil, cut))

    def row(name: str, fn: Any) -> tuple[str, str, str, str]:
        return name, fn(test.p, cc.p), fn(a_test, a_cc), fn(f_test, f_cc)

    table = [
        row("C3 test ROC-AUC (toxic = mean level >= 2)",
            lambda s, c: f"{roc_auc_score(test.y, s):.3f}"),
        ("  difference to shipped, 95 % interval (bootstrap over test articles)", "", "",
         f"{lo:+.3f} to {hi:+.3f}"),
        row(f"C3 civil (level < 2, n={int(civil.sum())}) published",
            lambda s, c: pct(published(s, civil, t))),
        row(f"C3 toxic (level >= 2, n={int(toxic.sum())}) published",
            lambda s, c: pct(published(s, toxic, t))),
        row("  the shipped model, threshold moved to publish as many toxic: civil published",
            lambda s, c: moved(s)),
        row(f"C3 level 1 (n={int(level1.sum())}) published",
            lambda s, c: pct(published(s, level1, t))),
        row(f"C3 level > 2 (n={int(above2.sum())}) published",
            lambda s, c: pct(published(s, above2, t))),
        row("C3 ROC-AUC, level > 2 against level 1",
            lambda s, c: f"{roc_auc_score(above2[ends], s[ends]):.3f}"),
        row(f"Civil Comments toxic test (n={len(cc.rows)}) published",
            lambda s, c: pct(published(c, every, t))),
    ]  # fmt: skip
    out(
        f"| on the TEST splits, at the abuse threshold {t:g} | shipped model | as offered "
        f"({'adapter' if report.adapter else 'refused: shipped model'}) | adapter, had the "
        "gain rule been skipped |"
    )
    out("|---|---|---|---|")
    for cells in table:
        out("| " + " | ".join(cells) + " |")
    out("")

    # Other audit samples: how much the result moves with the comments chosen for review.
    out(
        f"The same fit with {AUDIT_SEEDS} other audit samples (test figures for the adapter "
        "had the gain rule been skipped):"
    )
    out("")
    out("| audit seed | decisions | check on kept-aside (weighted ROC-AUC) | offered "
        "| C3 test ROC-AUC | civil published | toxic published | CC toxic published "
        "| shipped, threshold moved to the same toxic share: civil published |")  # fmt: skip
    out("|---|---|---|---|---|---|---|---|---|")
    for k in range(1, AUDIT_SEEDS + 1):
        i2, w2 = realistic(train, t, SEED + k)
        r2, f2 = fit_both(train, i2, w2, t, models)
        s2, c2 = on_test(f2)
        check = (
            f"{r2.shipped_auc:.3f} -> {r2.adapted_auc:.3f}"
            if r2.shipped_auc is not None and r2.adapted_auc is not None
            else "-"
        )
        out(
            f"| {SEED + k} | {len(i2)} | {check} | {'yes' if r2.adapter else 'no'} | "
            f"{roc_auc_score(test.y, s2):.3f} | {pct(published(s2, civil, t))} | "
            f"{pct(published(s2, toxic, t))} | {pct(published(c2, every, t))} | {moved(s2)} |"
        )
    out("")

    # Learning curve.
    out(
        "Learning curve: whole train articles in a seeded random order until the decisions "
        f"(the realistic selection above) reach N, {CURVE_SEEDS} seeds each. 'As offered' "
        "counts the shipped model where fit_adapter refuses (too few decisions, or no gain of "
        "0.01 on its kept-aside articles); 'gain rule skipped' counts the adapter regardless."
    )
    out("")
    out("| decisions (about) | offered | C3 test ROC-AUC as offered, mean | gain rule skipped: "
        "ROC-AUC mean (min-max) | civil published, mean | toxic published, mean "
        "| shipped, threshold moved: civil published, mean |")  # fmt: skip
    out("|---|---|---|---|---|---|---|")
    shipped_auc = roc_auc_score(test.y, test.p)
    out(
        f"| 0 (shipped model) | - | {shipped_auc:.3f} | - | {pct(published(test.p, civil, t))} "
        f"| {pct(published(test.p, toxic, t))} | {pct(published(test.p, civil, t))} |"
    )
    for size in CURVE_SIZES:
        as_offered, aucs, civ, tox, offered, counts = [], [], [], [], 0, []
        base_civ: list[float] = []
        for k in range(CURVE_SEEDS):
            i3, w3 = subset(train, idx, w, size, SEED + 100 * size + k)
            counts.append(len(i3))
            r3, f3 = fit_both(train, i3, w3, t, models)
            offered += r3.adapter is not None
            as_offered.append(roc_auc_score(test.y, on_test(r3.adapter)[0]))
            s3 = on_test(f3)[0]
            aucs.append(roc_auc_score(test.y, s3))
            civ.append(published(s3, civil, t))
            tox.append(published(s3, toxic, t))
            base_civ.append(float(moved(s3).rstrip(" %")) / 100)
        out(
            f"| {size} ({min(counts)}-{max(counts)}) | {offered}/{CURVE_SEEDS} | "
            f"{np.mean(as_offered):.3f} | {np.mean(aucs):.3f} ({min(aucs):.3f}-{max(aucs):.3f}) "
            f"| {pct(float(np.mean(civ)))} | {pct(float(np.mean(tox)))} "
            f"| {pct(float(np.mean(base_civ)))} |"
        )
    every_idx = list(range(len(train.rows)))
    r4, f4 = fit_both(train, every_idx, [1.0] * len(every_idx), t, models)
    s4 = on_test(f4)[0]
    out(
        f"| every train comment labelled ({len(every_idx)}, weight 1; upper bound) | "
        f"{'yes' if r4.adapter else 'no'} | {roc_auc_score(test.y, on_test(r4.adapter)[0]):.3f} "
        f"| {roc_auc_score(test.y, s4):.3f} | {pct(published(s4, civil, t))} | "
        f"{pct(published(s4, toxic, t))} | {moved(s4)} |"
    )
    out("")
    out(f"Run time {time.monotonic() - started:.0f} s.")
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
