"""Compare abuse model folders on the DEV splits only (for experiments; never reads a test split).

    python -m training.moderation.compare_abuse_dev BASELINE_DIR CANDIDATE_DIR [...]

Each folder holds an `abuse.npz` / `abuse.json` (`masthead train-moderation --only abuse --out
DIR`). For each: ROC-AUC per abuse set's dev split (with a paired bootstrap of the difference to
the first folder); its threshold by the shipped rule (hold 97 % of toxic Civil Comments dev
posts); on the news dev set (C3 civil + Civil Comments toxic) the civil share published at 3 %
of abusive published and at that threshold; and the functional suite, held as the abuse phase
holds (abuse score at that threshold, or the shipped threat model at its shipped threshold, as
`make eval` counts it) and by the abuse model alone, with the abusive sentences each publishes.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from masthead.moderation.core.classifiers.abuse import TfidfAbuse
from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR, load_classifiers
from masthead.moderation.core.cli import default_policy
from training.moderation import functional_suite as fs
from training.moderation.datasets import load
from training.moderation.evaluate import abuse_sets, auc

NEWS = "news (C3 civil + Civil Comments toxic)"
BOOTSTRAP = 200


def paired_interval(
    y: np.ndarray[Any, Any], a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]
) -> tuple[float, float]:
    """95 % interval of auc(b) - auc(a) over resamples of the comments."""
    rng = np.random.default_rng(0)
    diffs = []
    for _ in range(BOOTSTRAP):
        i = rng.integers(0, len(y), len(y))
        if len(set(y[i])) == 2:
            diffs.append(auc(y[i], b[i]) - auc(y[i], a[i]))
    lo, hi = np.quantile(diffs, [0.025, 0.975])
    return float(lo), float(hi)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    args = parser.parse_args(argv)
    rows = load()
    sets = abuse_sets(rows, "dev")
    toxic = [r.text for r in rows if r.dataset == "civil_comments" and r.split == "dev" and r.label]
    threat_t = default_policy().thresholds.threat
    threat = getattr(load_classifiers(WEIGHTS_DIR).abuse, "threat", None)
    if threat is None:
        raise SystemExit("the shipped models have no threat model")
    batches = fs.BATCHES
    threat_held = {
        k: np.array([threat.score(t).probability >= threat_t for t in v])
        for k, v in batches.items()
    }
    scores: dict[Path, dict[str, np.ndarray[Any, Any]]] = {}
    for folder in args.folders:
        model = TfidfAbuse(folder)
        s = scores[folder] = {n: np.array(model.probabilities(t)) for n, (t, _) in sets.items()}
        threshold = float(np.quantile(model.probabilities(toxic), 0.03))
        y = sets[NEWS][1]
        news = s[NEWS]
        at3 = float(np.quantile(news[y == 1], 0.03))
        print(f"\n## {folder} ({model.version}); threshold by the dev rule {threshold:.4f}")
        print(
            f"news dev: civil published at 3 % abusive published {np.mean(news[y == 0] < at3):.1%};"
            f" at the threshold {np.mean(news[y == 0] < threshold):.1%} civil,"
            f" {np.mean(news[y == 1] < threshold):.1%} abusive published"
        )
        counts: list[str] = []
        alone: list[str] = []
        for k, texts in batches.items():
            by_abuse = np.array(model.probabilities(list(texts))) >= threshold
            held = by_abuse | threat_held[k]
            for shown, h in ((counts, held), (alone, by_abuse)):
                n = int((~h).sum()) if "published" in k else int(h.sum())
                shown.append(f"{k} {n}/{len(texts)}")
            if k in ("civil held", "short civil held", "attitude civil held"):
                print(f"{k}: " + "; ".join(t for t, h in zip(texts, held, strict=True) if h))
            if "published" in k:
                print(f"{k}: " + "; ".join(t for t, h in zip(texts, held, strict=True) if not h))
        print("functional (abuse phase): " + ", ".join(counts))
        print("functional (abuse model alone): " + ", ".join(alone))
    base = args.folders[0]
    print("\n| set | n (abusive) | " + " | ".join(str(f) for f in args.folders) + " |")
    print("|---|---|" + "---|" * len(args.folders))
    for name, (_, y) in sets.items():
        if len(set(y)) < 2:
            continue
        cells = [f"{auc(y, scores[base][name]):.3f}"]
        for folder in args.folders[1:]:
            d = auc(y, scores[folder][name]) - auc(y, scores[base][name])
            lo, hi = paired_interval(y, scores[base][name], scores[folder][name])
            cells.append(f"{auc(y, scores[folder][name]):.3f} ({d:+.3f}; {lo:+.3f}..{hi:+.3f})")
        print(f"| {name} | {len(y)} ({int(y.sum())}) | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
