"""Pairs for the on-topic model: a comment with its own context (positive) or another one (negative).

- SemEval CQA (Qatar Living): the thread's question is the "article" (subject = headline, body =
  standfirst). Positives: comments labelled Good or PotentiallyUseful in their own thread;
  negatives: a comment from another thread. Bad-labelled comments are kept for the evaluation
  (Good vs Bad), not for training.
- C3 (Globe and Mail): the article text is not in the corpus, so a stand-in article is built from
  other comments on the same article (one as headline, one as standfirst, six as body).
  Positives: a comment with its own article's stand-in; negatives: a comment from another article.

- CAT (Wikipedia talk replies, Apache-2.0): the parent comment is the "article" (its first words
  the headline, the rest standfirst and body); positives are the real reply, negatives a reply
  from another pair.

The SHIPPED topic model is fitted on the CAT pairs only (permissive licence); CQA and C3 pairs
(research / non-commercial licences) are only for measuring, never for fitting it.

Splits follow the group (thread / article) hash used everywhere else.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from masthead.moderation.core.classifiers.topic import (
    FEATURES,
    ArticleContext,
    EmbedderConfig,
    MiniLM,
    content_words,
    make_embedder,
    pair_features,
    segments_of,
)
from masthead.moderation.core.types import ArticleText
from training.moderation.datasets import DATA, read, split_of

WEIGHTS = Path(__file__).resolve().parents[2] / "masthead" / "moderation" / "weights"
C3_COMMENTS_PER_ARTICLE = 12
# How the shipped topic model embeds text: int8 arithmetic, comments cut to their first 48 and
# last 16 tokens. Measured against the old 128-token float embedding on the test pairs (ROC-AUC
# CAT 0.896 -> 0.894, CQA 0.934 -> 0.928, C3 0.842 -> 0.831) for about twice the speed;
# docs/benchmarks.md.
SHIPPED_EMBEDDER = EmbedderConfig(int8=True, comment_tokens=64, comment_head_tokens=48)
MAX_FIT_PAIRS = 5000


@dataclass(frozen=True)
class Pair:
    dataset: str
    split: str
    text: str
    article: ArticleText
    label: int  # 1 on-topic (own context), 0 not
    kind: str  # own | other | bad (CQA Bad-labelled own-thread comment)
    parent: str | None = None


def cqa_pairs(rng: random.Random) -> list[Pair]:
    threads: dict[str, dict[str, Any]] = {}
    for r in read(DATA / "semeval_cqa_qatarliving" / "cqa_question_comment_pairs.csv.gz"):
        t = threads.setdefault(
            r["thread_id"],
            {
                "article": ArticleText(
                    r["question_subject"], r["question_body"] or r["question_subject"], ""
                ),
                "comments": [],
            },
        )
        t["comments"].append((r["comment_text"], r["label"]))
    ids = sorted(threads)
    pairs = []
    for tid in ids:
        split = split_of("cqa", tid)
        same_split = [i for i in ids if i != tid and split_of("cqa", i) == split]
        for text, label in threads[tid]["comments"]:
            if not text.strip():
                continue
            article = threads[tid]["article"]
            kind = "bad" if label == "Bad" else "own"
            pairs.append(Pair("cqa", split, text, article, int(kind == "own"), kind))
            other = threads[rng.choice(same_split)]
            other_text = rng.choice(other["comments"])[0]
            pairs.append(Pair("cqa", split, other_text, article, 0, "other"))
    return pairs


def c3_pairs(rng: random.Random) -> list[Pair]:
    by_article: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in read(DATA / "c3_constructive_comments" / "C3_anonymized.csv.gz"):
        by_article[r["article_id"]].append((r["comment_counter"], r["comment_text"]))
    ids = sorted(a for a, cs in by_article.items() if len(cs) >= 10)
    pairs = []
    for aid in ids:
        split = split_of("c3", aid)
        comments = sorted(by_article[aid])
        texts = [t for _, t in comments]
        counters = {c: t for c, t in comments}
        rng.shuffle(texts)
        context, candidates = texts[:8], texts[8 : 8 + C3_COMMENTS_PER_ARTICLE]
        article = ArticleText(
            first_words(context[0], 20), first_words(context[1], 40), " ".join(context[2:])
        )
        same_split = [i for i in ids if i != aid and split_of("c3", i) == split]
        for text in candidates:
            pairs.append(Pair("c3", split, text, article, 1, "own"))
            other = by_article[rng.choice(same_split)]
            pairs.append(Pair("c3", split, rng.choice(other)[1], article, 0, "other"))
        # replies: "source1_<article>_<n>_<m>" answers "source1_<article>_<n>"
        for counter, text in comments:
            parent_counter = counter.rsplit("_", 1)[0]
            if parent_counter in counters and parent_counter.count("_") >= 2:
                if text in context:
                    continue
                pairs.append(
                    Pair("c3_reply", split, text, article, 1, "own", counters[parent_counter])
                )
                other = by_article[rng.choice(same_split)]
                pairs.append(
                    Pair(
                        "c3_reply",
                        split,
                        rng.choice(other)[1],
                        article,
                        0,
                        "other",
                        counters[parent_counter],
                    )
                )
    return pairs


def cat_pairs(rng: random.Random) -> list[Pair]:
    rows = [
        r
        for r in read(DATA / "cat_context_toxicity_wikipedia" / "cat_large_gc_in_context.csv.gz")
        if r["parent"].strip() and r["text"].strip() and len(r["parent"].split()) >= 12
    ]
    pairs = []
    for r in rows:
        split = split_of("cat_wikipedia", r["id"].split(".")[0])
        words = r["parent"].split()
        article = ArticleText(" ".join(words[:15]), " ".join(words[15:50]), " ".join(words[50:]))
        pairs.append(Pair("cat", split, r["text"], article, 1, "own"))
        pairs.append(Pair("cat", split, rng.choice(rows)["text"], article, 0, "other"))
    return pairs


def headline_only(article: ArticleText) -> ArticleText:
    """The article as a page that gives only its title (what the outside evaluation gives)."""
    return ArticleText(article.headline, "", "")


def without_body(article: ArticleText) -> ArticleText:
    return ArticleText(article.headline, article.standfirst, "")


# How much of an article a comment may be judged against: all of it, or less.
CONTEXT_CUTS = {
    "full": lambda a: a,
    "headline + standfirst": without_body,
    "headline only": headline_only,
}

TRAINING_CUTS = tuple(CONTEXT_CUTS)


def first_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def all_pairs(seed: int) -> list[Pair]:
    rng = random.Random(seed)
    return cat_pairs(rng) + cqa_pairs(rng) + c3_pairs(rng)


def embed_all(
    texts: list[str], embed: Any, desc: str, batch: int = 256
) -> dict[str, np.ndarray[Any, Any]]:
    unique = sorted(set(texts), key=lambda t: (len(t), t))  # similar lengths pad little
    vectors: dict[str, np.ndarray[Any, Any]] = {}
    for i in tqdm(range(0, len(unique), batch), desc=desc, unit="batch"):
        part = unique[i : i + batch]
        vectors.update(zip(part, embed(part), strict=True))
    return vectors


def featurise(
    pairs: list[Pair], embedder: MiniLM, config: EmbedderConfig | None = None
) -> np.ndarray[Any, Any]:
    """The features the run-time model computes: comments cut as `config` says, passages not."""
    config = config or EmbedderConfig()
    articles = sorted({p.article for p in pairs}, key=lambda a: (a.headline, a.standfirst, a.body))
    passages = embed_all(
        [s for a in articles for s in segments_of(a)], embedder.embed, "embed passages"
    )
    comments = embed_all(
        [p.text for p in pairs],
        lambda part: embedder.embed(part, config.comment_tokens, config.comment_head_tokens),
        "embed comments",
    )
    contexts = {
        a: ArticleContext(None, a, np.stack([passages[s] for s in segments_of(a)]))
        for a in articles
    }
    rows = []
    for p in pairs:
        f = pair_features(comments[p.text], content_words(p.text), contexts[p.article])
        rows.append([f[name] for name in FEATURES])
    return np.array(rows, dtype=np.float64)


def train_topic(
    out: Path,
    seed: int,
    fit_on: tuple[str, ...] = ("cat",),
    config: EmbedderConfig | None = None,
    cuts: tuple[str, ...] = TRAINING_CUTS,
) -> dict[str, Any]:
    """Fit the pair classifier on embeddings made as `config` says, by `out`'s embedder (its own
    minilm/model.onnx, else the packaged one); topic.json records both. Every pair is fitted
    with its article cut each way in `cuts` (CONTEXT_CUTS)."""
    from dataclasses import replace

    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    config = config or SHIPPED_EMBEDDER
    embedder = make_embedder(out, replace(config, sha256=None), threads=2)
    config = replace(config, sha256=embedder.sha256)
    pairs = [
        p
        for p in all_pairs(seed)
        if p.split in {"train", "dev"}
        and p.kind != "bad"
        and p.parent is None
        and p.dataset in fit_on
    ]
    # Ten coefficients need few examples: a sample keeps training to a few minutes on 2 cores.
    rng = random.Random(seed)
    pairs = rng.sample(pairs, min(len(pairs), MAX_FIT_PAIRS))
    # Each pair again with less of its article (headline + standfirst, headline only), so the
    # model learns how sure it may be with the context a page gives (has_standfirst / has_body);
    # a cut that leaves the article as it was adds nothing.
    cut = [
        (replace(p, article=CONTEXT_CUTS[name](p.article)), name)
        for p in pairs
        for name in cuts
        if name == "full" or CONTEXT_CUTS[name](p.article) != p.article
    ]
    pairs = [p for p, _ in cut]
    names = np.array([name for _, name in cut])
    x = featurise(pairs, embedder, config)
    y = np.array([p.label for p in pairs])
    train = np.array([p.split == "train" for p in pairs])
    mean, scale = x[train].mean(axis=0), x[train].std(axis=0) + 1e-6
    model = LogisticRegression(C=1.0, max_iter=1000, random_state=seed)
    model.fit((x[train] - mean) / scale, y[train])
    dev_p = model.predict_proba((x[~train] - mean) / scale)[:, 1]
    dev_auc = float(roc_auc_score(y[~train], dev_p))
    dev_by_cut = {
        name: float(roc_auc_score(y[~train][names[~train] == name], dev_p[names[~train] == name]))
        for name in cuts
    }
    print(f"topic: {train.sum()} training pairs, dev ROC-AUC {dev_auc:.3f} {dev_by_cut}")
    meta = {
        "version": f"topic-pairs-lr-{datetime.now(UTC):%Y%m%d}-"
        f"{'int8' if config.int8 else 'float'}{config.comment_tokens}"
        f"{'-ctx' + str(len(cuts)) if cuts != ('full',) else ''}",
        "features": list(FEATURES),
        "coef": [float(v) for v in model.coef_[0]],
        "intercept": float(model.intercept_[0]),
        "mean": [float(v) for v in mean],
        "scale": [float(v) for v in scale],
        "parent_weight": 1.0,
        "embedder": config.to_meta(),
        "trained_on": [f"{name} (pairs)" for name in fit_on],
        "context_cuts": list(cuts),
        "training_pairs": int(train.sum()),
        "dev_auc": dev_auc,
        "dev_auc_by_context": dev_by_cut,
    }
    (out / "topic.json").write_text(json.dumps(meta, indent=1) + "\n")
    return meta
