"""How the on-topic model and the whole pipeline fare when the article is given by its title only.

    python -m training.moderation.context_ablation [--models DIR] [--out FILE]

The same TEST pairs as the evaluation (`evaluate.topic_test_pairs`: CAT sample of 1,000, CQA,
C3), each scored by the real topic model against its article cut three ways
(`topic_pairs.CONTEXT_CUTS`): in full, headline + standfirst, headline only. For each: ROC-AUC
own vs other, and at the model's own off-topic threshold the share of own-context comments held
as off-topic and the share of other-context comments held. Then the whole pipeline's share of
civil on-topic news comments published (the operating point of `evaluate.py`) under each cut.

CQA's "headline" is the thread question's subject; C3's is the first 20 words of one other
comment on the article (its stand-in); CAT's the first 15 words of the parent comment.
`--models` measures a candidate weights folder (its own thresholds.json) instead of the shipped
one. Prints a Markdown report and writes it to var/context-ablation.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from tqdm import tqdm

from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR, load_classifiers
from masthead.moderation.core.cli import default_policy
from training.moderation.datasets import load
from training.moderation.evaluate import (
    ROOT,
    auc,
    civil_news_pairs,
    published_share,
    topic_test_pairs,
    write_report,
)
from training.moderation.topic_pairs import CONTEXT_CUTS

SETS = (("cat", "CAT"), ("cqa", "CQA"), ("c3", "C3"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--models", type=Path, default=WEIGHTS_DIR)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "context-ablation.md")
    args = parser.parse_args(argv)
    started = time.time()
    load_before = os.getloadavg()
    classifiers = load_classifiers(args.models)
    policy = default_policy(str(args.models))
    threshold = policy.thresholds.off_topic
    pairs = [p for p in topic_test_pairs(args.seed) if p.kind in {"own", "other"}]
    pairs = [p for p in pairs if p.dataset in dict(SETS)]
    off: dict[str, list[float]] = {cut: [] for cut in CONTEXT_CUTS}
    for p in tqdm(pairs, desc="topic pairs x contexts"):
        for cut, fn in CONTEXT_CUTS.items():
            off[cut].append(classifiers.topic.score(p.text, fn(p.article), None).off_topic)
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"({os.cpu_count()} CPUs), model {classifiers.topic.version}, off-topic threshold "
        f"{threshold:.4f}.",
        "",
        "| set | article given | pairs | ROC-AUC own vs other | own held as off-topic "
        "| other held as off-topic |",
        "|---|---|---|---|---|---|",
    ]
    for name, label in SETS:
        idx = [i for i, p in enumerate(pairs) if p.dataset == name]
        y = np.array([pairs[i].label for i in idx])
        for cut in CONTEXT_CUTS:
            s = np.array([off[cut][i] for i in idx])
            held = s >= threshold
            lines.append(
                f"| {label} | {cut} | {len(idx)} | {auc(y, 1 - s):.3f} "
                f"| {held[y == 1].mean():.1%} | {held[y == 0].mean():.1%} |"
            )
    civil = civil_news_pairs(load(), args.seed)
    lines += [
        "",
        "Whole pipeline, civil on-topic news comments published automatically "
        f"(C3 not-toxic, {len(civil)} comments):",
        "",
    ]
    for cut, fn in CONTEXT_CUTS.items():
        share = published_share(civil, policy, classifiers, fn, desc=f"pipeline: {cut}")
        lines.append(f"- {cut}: **{share:.1%}**")
    load_after = os.getloadavg()
    lines.append(
        f"\n({time.time() - started:.0f} s; load average {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after)"
    )
    write_report(lines, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
