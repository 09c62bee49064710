"""Train the threat model (masthead/moderation/core/classifiers/threat.py).

Two readings, blended:
- a hashed TF-IDF linear head over SENTENCES (the run time scores each sentence and keeps the
  most threatening), and
- a logistic head over the MiniLM embedding of the whole comment, the one the on-topic model
  computes anyway (so it costs nothing more at run time).
A two-input logistic regression fitted on DEV sentences blends them into one calibrated
probability; the operating threshold is chosen on dev too (`choose_threshold`).

Data, all permissively licensed or the project's own:
- Civil Comments toxic-spans posts (CC0), cut into sentences: a sentence that a rater marked as
  (part of) a Threat span is a threat; a sentence nobody marked as a threat is not. The raters'
  marks are noisy (one rater's mark is enough), so these weigh less than the written sentences.
- training/moderation/threat_examples.py: threats and civil comments using the same words,
  written for the project by an engineer who had not seen the evaluation batch; a hash of each
  sentence puts a quarter of them in dev.
- Civil text that is not a threat: CAT Wikipedia talk replies, Davidson and RuhSOLD tweets and
  the project's civil templates (their train and dev splits, as everywhere else); and insults
  that threaten no one, written for the project for the abuse model (news_register_examples.py,
  news_register_more.py, identity_examples.py), so that a strong insult is not read as a threat.
Nothing from a test split is trained on. The functional suite (the evaluation batches) is read
only to drop near-copies from the written sentences (`decontaminated`): the two writers were
different engineers, but a few of their sentences came out close to each other ("We know which
school your kids go to." / "We know where your kids go to school."), and a near-copy in training
would make the batch measure memory instead of reading.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from masthead.moderation.core.classifiers.features import HashedTfidf
from masthead.moderation.core.classifiers.threat import ThreatModel, sentences
from masthead.moderation.core.normalise import normalise
from training.moderation.datasets import (
    DATA,
    Row,
    decontaminated,
    functional_sentences,
    read,
    split_of,
    toxic_spans,
)
from training.moderation.identity_examples import IDENTITY_HATE
from training.moderation.news_register_examples import TOXIC_MILD
from training.moderation.news_register_more import TOXIC_MILD_MORE
from training.moderation.threat_examples import CIVIL_VIOLENT_TRAIN, THREAT_TRAIN

SEED = 20261129
# Sources that are not threats: every row of these sets (train / dev splits).
CIVIL_SETS = ("cat_wikipedia", "civil_templates", "davidson", "ruhsold")
# How much more a written sentence weighs than a rater-marked one (per source and label, after
# balancing): the written ones are clean, the marks noisy.
WRITTEN_WEIGHT = 3.0
# Share of the (many) non-threat sentences embedded for the embedding head: enough to learn
# from, cheap enough for `make models` on two cores.
EMBED_SAMPLE = 0.08
# The threshold holds at most this share of civil CAT Wikipedia dev comments.
CIVIL_HELD = 0.01


@dataclass(frozen=True)
class Example:
    source: str
    text: str
    label: int
    split: str


def written_split(text: str) -> str:
    bucket = (
        int(
            hashlib.sha1(f"threat-written:{text}".encode(), usedforsecurity=False).hexdigest()[:8],
            16,
        )
        % 100
    )
    return "dev" if bucket < 25 else "train"


def rater_sentences() -> Iterator[Example]:
    """Sentences of the toxic-spans posts, a threat when a rater's Threat span overlaps them."""
    threat_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for cid, kind, start, end in toxic_spans(DATA):
        if kind == "Threat":
            threat_spans[cid].append((start, end))
    for r in read(DATA / "toxic_spans_civil_comments" / "comments.csv.gz"):
        cid, text = r["comment_id"], r["comment_text"]
        split = split_of("civil_comments", cid)
        if split == "test":
            continue
        for a, b in sentences(text):
            if len(text[a:b].split()) < 3:
                continue
            hit = any(x < b and y > a for x, y in threat_spans.get(cid, ()))
            yield Example("rater_threat" if hit else "rater_other", text[a:b], int(hit), split)


def examples(rows: list[Row]) -> list[Example]:
    out = list(rater_sentences())
    out += [Example(r.dataset, r.text, 0, r.split) for r in rows if r.dataset in CIVIL_SETS]
    out = [e for e in out if e.split != "test"]
    held_out = functional_sentences()
    threats = decontaminated(THREAT_TRAIN, held_out)
    civil = decontaminated(CIVIL_VIOLENT_TRAIN, held_out)
    print(
        f"threat: {len(THREAT_TRAIN) - len(threats)} written threats and "
        f"{len(CIVIL_VIOLENT_TRAIN) - len(civil)} written civil sentences left out as near-copies "
        "of the functional suite"
    )
    out += [Example("written_threat", t, 1, written_split(t)) for t in threats]
    out += [Example("written_civil", t, 0, written_split(t)) for t in civil]
    # Insults and contempt that threaten no one, written for the abuse model (news_register_*,
    # identity_examples: their writers were told to write no threats): without them the model
    # took a strong insult ("You are an idiot and a moron.") for a threat.
    insults = decontaminated([*TOXIC_MILD, *TOXIC_MILD_MORE, *IDENTITY_HATE], held_out)
    out += [Example("written_insult", t, 0, written_split(t)) for t in insults]
    return out


def weights(items: list[Example]) -> np.ndarray[Any, Any]:
    """Each (source, label) weighs the same in total; written sentences WRITTEN_WEIGHT times."""
    n = Counter((e.source, e.label) for e in items)
    w = np.array(
        [
            (WRITTEN_WEIGHT if e.source.startswith("written") else 1.0) / n[(e.source, e.label)]
            for e in items
        ]
    )
    out: np.ndarray[Any, Any] = w * len(items) / w.sum()
    return out


def embedding_sample(items: list[Example]) -> list[Example]:
    """Every threat and written sentence, and a fixed share of the rest."""

    def kept(e: Example) -> bool:
        if e.label or e.source.startswith("written"):
            return True
        h = int(
            hashlib.sha1(
                f"threat-embed:{e.source}:{e.text}".encode(), usedforsecurity=False
            ).hexdigest()[:8],
            16,
        )
        return h % 10_000 < EMBED_SAMPLE * 10_000

    return [e for e in items if kept(e)]


def train_threat(
    rows: list[Row], out: Path, embed: Callable[[list[str]], np.ndarray[Any, Any]], c: float = 0.5
) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    from training.moderation.train import save_linear

    items = examples(rows)
    train = [e for e in items if e.split == "train"]
    print(f"threat: {len(train)} training sentences, {sum(e.label for e in train)} threats")
    texts = [normalise(e.text) for e in tqdm(train, desc="normalise threat", unit="text")]
    word, char = HashedTfidf.counts(texts)
    features = HashedTfidf(HashedTfidf.fit_idf(word), HashedTfidf.fit_idf(char))
    x = features.transform(texts)
    y = np.array([e.label for e in train])
    lexical = LogisticRegression(C=c, solver="liblinear", max_iter=300, random_state=SEED)
    lexical.fit(x, y, sample_weight=weights(train))

    sample = embedding_sample(items)
    vectors = np.vstack(
        [
            embed([e.text for e in sample[i : i + 128]])
            for i in tqdm(range(0, len(sample), 128), desc="embed threat", unit="batch")
        ]
    )
    in_train = np.array([e.split == "train" for e in sample])
    ys = np.array([e.label for e in sample])
    semantic = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED)
    semantic.fit(
        vectors[in_train],
        ys[in_train],
        sample_weight=weights([e for e in sample if e.split == "train"]),
    )

    dev = [e for e, t in zip(sample, in_train, strict=True) if not t]
    dev_lexical = np.asarray(
        features.transform([normalise(e.text) for e in dev]) @ lexical.coef_[0]
        + lexical.intercept_[0]
    )
    dev_semantic = vectors[~in_train] @ semantic.coef_[0] + semantic.intercept_[0]
    blend = LogisticRegression(C=1e4, max_iter=1000)
    dev_y = ys[~in_train]
    blend.fit(np.column_stack([dev_lexical, dev_semantic]), dev_y, sample_weight=weights(dev))
    a, b = (float(v) for v in blend.coef_[0])
    digest = hashlib.sha256(
        np.concatenate([lexical.coef_[0], semantic.coef_[0]]).astype(np.float64).tobytes()
    ).hexdigest()[:8]
    meta = {
        "version": f"threat-tfidf-minilm-{datetime.now(UTC):%Y%m%d}-{digest}",
        "heads": ["threat"],
        # The lexical head's raw score z_l (max over sentences) and the embedding head's z_s
        # give p = sigmoid(a * z_l + b * z_s + c); "calibration" keeps LinearTextModel's shape.
        "calibration": {"a": 1.0, "b": 0.0},
        "blend": {"lexical": a, "semantic": b, "intercept": float(blend.intercept_[0])},
        "semantic": {
            "coef": [float(v) for v in semantic.coef_[0]],
            "intercept": float(semantic.intercept_[0]),
        },
        "trained_on": sorted({e.source for e in train}),
        "training_sentences": len(train),
        "embedded_sentences": int(in_train.sum()),
    }
    save_linear(out, "threat", features, lexical.coef_, lexical.intercept_, meta)
    # The threshold is chosen as the run time scores: whole comments, the most threatening
    # sentence counting, on civil dev comments; then the dev sentences are scored the same way.
    model = ThreatModel(out, embed)
    civil = [
        r.text for r in rows if r.dataset == "cat_wikipedia" and r.split == "dev" and not r.label
    ]
    civil_p = [model.score(t).probability for t in tqdm(civil, desc="threat threshold")]
    threshold = float(np.quantile(civil_p, 1 - CIVIL_HELD))
    dev_p = np.array([model.score(e.text).probability for e in dev])
    meta["dev"] = dev_report(dev, dev_p, threshold)
    meta["dev"]["held_cat_wikipedia_comments"] = round(
        float(np.mean(np.array(civil_p) >= threshold)), 3
    )
    (out / "threat.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    print(f"threat: threshold {threshold:.4f}, dev {meta['dev']}")
    return {**meta, "threshold": round(threshold, 4)}


def dev_report(dev: list[Example], p: np.ndarray[Any, Any], threshold: float) -> dict[str, float]:
    from sklearn.metrics import roc_auc_score

    def share(source: str) -> float:
        mask = np.array([e.source == source for e in dev])
        return round(float((p[mask] >= threshold).mean()), 3) if mask.any() else float("nan")

    def auc(pos: str, neg: str) -> float:
        mask = np.array([e.source in (pos, neg) for e in dev])
        y = np.array([e.label for e in dev])[mask]
        return round(float(roc_auc_score(y, p[mask])), 3)

    return {
        "auc_written_threat_vs_written_civil": auc("written_threat", "written_civil"),
        "auc_rater_threat_vs_rater_other": auc("rater_threat", "rater_other"),
        "held_written_threat": share("written_threat"),
        "held_written_civil": share("written_civil"),
        "held_rater_threat": share("rater_threat"),
        "held_cat_wikipedia": share("cat_wikipedia"),
        "held_civil_templates": share("civil_templates"),
    }
