"""Compare ways of embedding comments for the on-topic model: refit, then ROC-AUC on test pairs.

    python -m training.moderation.topic_embedder_sweep [f128 f64ht i64ht ...]

For each setting (float or int8 arithmetic; tokens kept: first N, or head + tail) the pair
classifier is fitted exactly as `train_topic` fits the shipped one (same CAT pairs, same sample),
written to var/topic-sweep/<name>/, and scored on the held-out test pairs that `make eval`
uses (CAT sample of 1,000, SemEval CQA, C3 with stand-in articles). Nothing in the shipped
weights changes. The results (docs/benchmarks.md) chose `topic_pairs.SHIPPED_EMBEDDER`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR
from masthead.moderation.core.classifiers.topic import (
    FEATURES,
    EmbedderConfig,
    MiniLMTopic,
    make_embedder,
    packaged_model_path,
    segments_of,
)
from training.moderation.topic_pairs import MAX_FIT_PAIRS, all_pairs, featurise

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261129
SETTINGS = {
    "f128": EmbedderConfig(int8=False, comment_tokens=128, comment_head_tokens=127),
    "f64ht": EmbedderConfig(int8=False, comment_tokens=64, comment_head_tokens=48),
    "f64h": EmbedderConfig(int8=False, comment_tokens=64, comment_head_tokens=63),
    "f48ht": EmbedderConfig(int8=False, comment_tokens=48, comment_head_tokens=36),
    "i128": EmbedderConfig(int8=True, comment_tokens=128, comment_head_tokens=127),
    "i64ht": EmbedderConfig(int8=True, comment_tokens=64, comment_head_tokens=48),
    # the encoder cut after its first 5, 4 or 3 layers (of 6): faster, but its inner layers are
    # not trained for similarity (docs/benchmarks.md: on-topic ROC-AUC 0.89 -> 0.82 on CAT)
    "i64ht-L5": EmbedderConfig(int8=True, comment_tokens=64, comment_head_tokens=48),
    "i64ht-L4": EmbedderConfig(int8=True, comment_tokens=64, comment_head_tokens=48),
    "i64ht-L3": EmbedderConfig(int8=True, comment_tokens=64, comment_head_tokens=48),
}
# How many encoder layers a setting keeps (the others: all six).
LAYERS = {"i64ht-L5": 5, "i64ht-L4": 4, "i64ht-L3": 3}


def keep_layers(model: Any, layers: int) -> int:
    """Cut a BERT-style encoder graph after its first `layers` transformer layers (in place).

    The graph's LayerNormalization nodes, in order, are the embeddings' and then two per layer
    (after attention, after the feed-forward block); the second one of layer `layers` becomes the
    graph's output under the old output's name, and every node and weight it does not need goes.
    Returns how many layers the full graph had. ValueError if the graph is not shaped so.
    """
    graph = model.graph
    norms = [i for i, n in enumerate(graph.node) if n.op_type == "LayerNormalization"]
    if len(norms) < 3 or len(norms) % 2 != 1 or len(graph.output) != 1:
        raise ValueError("the embedding model is not a BERT-style encoder with one output")
    total = (len(norms) - 1) // 2
    if not 1 <= layers <= total:
        raise ValueError(f"the embedding model has {total} layers; cannot keep {layers}")
    if layers == total:
        return total
    nodes = list(graph.node)
    cut = nodes[norms[2 * layers]]
    produced_by = {out: i for i, n in enumerate(nodes) for out in n.output}
    needed: set[int] = set()
    wanted = [cut.output[0]]
    while wanted:
        i = produced_by.get(wanted.pop(), -1)
        if i >= 0 and i not in needed:
            needed.add(i)
            wanted.extend(nodes[i].input)
    name = graph.output[0].name
    kept = [n for i, n in enumerate(nodes) if i in needed]
    renamed = {cut.output[0]: name}
    for n in kept:
        for j, out in enumerate(n.output):
            n.output[j] = renamed.get(out, out)
        for j, inp in enumerate(n.input):
            n.input[j] = renamed.get(inp, inp)
    used = {inp for n in kept for inp in n.input}
    weights = [w for w in graph.initializer if w.name in used]
    del graph.node[:]
    graph.node.extend(kept)
    del graph.initializer[:]
    graph.initializer.extend(weights)
    return total


class Remembering:
    """An embedder that embeds each (text, cut) once: the settings share passages and texts."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.sha256 = inner, inner.sha256
        self.memo: dict[tuple[str, int, int], np.ndarray[Any, Any]] = {}

    def embed(
        self, texts: list[str], limit: int = 128, head: int | None = None
    ) -> np.ndarray[Any, Any]:
        head = limit - 1 if head is None else head
        missing = [t for t in dict.fromkeys(texts) if (t, limit, head) not in self.memo]
        for i in range(0, len(missing), 512):
            part = missing[i : i + 512]
            for t, v in zip(part, self.inner.embed(part, limit, head), strict=True):
                self.memo[(t, limit, head)] = v
        return np.stack([self.memo[(t, limit, head)] for t in texts])


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="*", help=f"some of {', '.join(SETTINGS)} (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.settings) - set(SETTINGS)
    if unknown:
        parser.error(f"unknown settings {sorted(unknown)}; known: {', '.join(SETTINGS)}")
    args.settings = args.settings or list(SETTINGS)
    pairs = all_pairs(SEED)
    fit = [
        p
        for p in pairs
        if p.split in {"train", "dev"}
        and p.kind != "bad"
        and p.parent is None
        and p.dataset == "cat"
    ]
    fit = random.Random(SEED).sample(fit, min(len(fit), MAX_FIT_PAIRS))
    cat = [p for p in pairs if p.split == "test" and p.dataset == "cat"]
    keep = set(map(id, random.Random(SEED).sample(cat, min(1000, len(cat)))))
    test = [p for p in pairs if p.split == "test" and p.dataset in {"cqa", "c3"} or id(p) in keep]
    embedders: dict[tuple[bool, int | None], Remembering] = {}
    results: dict[str, dict[str, float]] = {}
    for name in args.settings:
        config = SETTINGS[name]
        out = ROOT / "var" / "topic-sweep" / name
        (out / "minilm").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(
            WEIGHTS_DIR / "minilm" / "tokenizer.json", out / "minilm" / "tokenizer.json"
        )
        layers = LAYERS.get(name)
        if layers is not None:  # the cut encoder, as the setting's own model.onnx
            import onnx

            cut = onnx.load(str(packaged_model_path()))
            keep_layers(cut, layers)
            onnx.save(cut, str(out / "minilm" / "model.onnx"))
        key = (config.int8, layers)
        if key not in embedders:
            where = WEIGHTS_DIR if layers is None else out
            embedders[key] = Remembering(make_embedder(where, config, threads=2))
        embedder = embedders[key]
        x = featurise(fit, embedder, config)  # type: ignore[arg-type]
        y = np.array([p.label for p in fit])
        train = np.array([p.split == "train" for p in fit])
        mean, scale = x[train].mean(axis=0), x[train].std(axis=0) + 1e-6
        model = LogisticRegression(C=1.0, max_iter=1000, random_state=SEED)
        model.fit((x[train] - mean) / scale, y[train])
        meta = {
            "version": f"sweep-{name}",
            "features": list(FEATURES),
            "coef": [float(v) for v in model.coef_[0]],
            "intercept": float(model.intercept_[0]),
            "mean": [float(v) for v in mean],
            "scale": [float(v) for v in scale],
            "embedder": replace(config, sha256=embedder.sha256).to_meta(),
        }
        (out / "topic.json").write_text(json.dumps(meta, indent=1) + "\n")
        topic = MiniLMTopic(out, threads=2)
        topic.embedder = embedder  # type: ignore[assignment]
        embedder.embed([s for a in {p.article for p in test} for s in segments_of(a)])
        embedder.embed([p.text for p in test], config.comment_tokens, config.comment_head_tokens)
        scores = [1 - topic.score(p.text, p.article, p.parent).off_topic for p in test]
        row: dict[str, float] = {}
        for label, chosen in (
            ("CAT", lambda p: p.dataset == "cat"),
            ("CQA", lambda p: p.dataset == "cqa" and p.kind != "bad"),
            ("C3", lambda p: p.dataset == "c3"),
            ("CQA good vs bad", lambda p: p.dataset == "cqa" and p.kind != "other"),
        ):
            idx = [i for i, p in enumerate(test) if chosen(p)]
            labels = [test[i].label for i in idx]
            row[label] = round(float(roc_auc_score(labels, [scores[i] for i in idx])), 4)
        results[name] = row
        print(name, row, flush=True)
    (ROOT / "var" / "topic-sweep" / "results.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
