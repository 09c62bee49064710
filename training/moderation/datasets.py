"""Load the labelled sets in ../shared/data into one shape, deduplicated and split by group.

Every row gets a split (train / dev / test) from a hash of its GROUP (article, thread, post,
video, or the row id where a set has no grouping), never of the row itself, so comments from one
article never sit on both sides. Texts that occur in any set's dev or test split are dropped from
every training split (several sets share texts).

`shipped` marks the sets whose licence allows training the model we ship (CC0, MIT, Apache,
CC BY); the others are for measuring only.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from training.moderation import (
    civil_templates,
    functional_suite,
    identity_attitudes,
    identity_attitudes_more,
    identity_examples,
    news_register_examples,
    news_register_more,
    ordinary_words,
    short_replies,
    short_statements,
)

csv.field_size_limit(sys.maxsize)

DATA = Path(
    os.environ.get("MASTHEAD_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")
)


# How many civil template sentences the abuse model learns from (civil_templates.py).
TEMPLATES = 6000


@dataclass(frozen=True)
class Row:
    dataset: str
    text: str
    label: int  # 1 abusive (or spam), 0 not
    group: str
    split: str
    extra: tuple[str, ...] = ()  # e.g. abuse types, for the per-type heads


@dataclass(frozen=True)
class DataSet:
    name: str
    task: str  # abuse | spam
    licence: str
    shipped: bool
    domain: str


SETS = {
    s.name: s
    for s in [
        DataSet("civil_comments", "abuse", "CC0", True, "news comments"),
        # Civil Comments posts with every annotated toxic span cut out: civil news-comment text
        # (derived here from the CC0 spans; training only, never a test set).
        DataSet("civil_comments_spans_removed", "abuse", "CC0", True, "news comments"),
        DataSet("cat_wikipedia", "abuse", "Apache-2.0", True, "Wikipedia talk replies"),
        # Civil sentences written for this project that name groups, places and people
        # (civil_templates.py): training and dev only, never a test set.
        DataSet("civil_templates", "abuse", "project's own", True, "news-comment-like sentences"),
        # Heated-but-civil and mildly toxic news comments written for this project
        # (news_register_examples.py): training and dev only, never a test set.
        DataSet("news_register", "abuse", "project's own", True, "news-comment-like comments"),
        # Two more written batches (identity_examples.py: hate against groups without slurs and
        # civil comments naming the same groups; news_register_more.py: a second writer's
        # news-register comments): training and dev only, never a test set. The abuse model
        # learns from them only when train.py is told to (ABUSE_WRITTEN, --abuse-written).
        DataSet("identity_written", "abuse", "project's own", True, "comments naming groups"),
        DataSet("news_register_more", "abuse", "project's own", True, "news-comment-like comments"),
        # Short replies (one to six words) written for this project (short_replies.py): civil
        # ones aimed at no person and short insults of the same shapes; training and dev only.
        DataSet("short_replies", "abuse", "project's own", True, "short news-comment replies"),
        # Short plain statements (3-12 words) written for this project (short_statements.py):
        # civil declaratives, civil sentences with violent words in a news sense, and short
        # attacks on people and groups and threats; training and dev only.
        DataSet(
            "short_statements", "abuse", "project's own", True, "short news-register statements"
        ),
        # Ordinary words that contain a rude-looking string ("embassy", "Hitchcock"), in civil
        # sentences, and insults that use the genuinely rude words (ordinary_words.py): training
        # and dev only, never a test set.
        DataSet("ordinary_words", "abuse", "project's own", True, "ordinary words, rude strings"),
        # A group named neutrally, kindly, in denying a stereotype or in quoting hate to condemn
        # it, and hate of the same shapes (identity_attitudes.py and identity_attitudes_more.py,
        # two writers): training and dev only, never a test set.
        DataSet("identity_attitudes", "abuse", "project's own", True, "attitudes toward groups"),
        # The threat model's written sentences (threat_examples.py: threats, and civil sentences
        # with the same violent words), offered to the abuse model too; the threat model's own
        # split (threats.written_split, a quarter dev), so its dev sentences stay held out.
        DataSet("threat_written", "abuse", "project's own", True, "threats and violent words"),
        DataSet("davidson", "abuse", "MIT", True, "tweets"),
        DataSet("ruhsold", "abuse", "MIT", True, "Roman Urdu tweets"),
        DataSet("c3", "abuse", "CC BY-NC-SA (probable)", False, "news comments"),
        DataSet("olid", "abuse", "unstated (research)", False, "tweets"),
        DataSet("hateval", "abuse", "unstated (research)", False, "tweets"),
        DataSet("trac_hinglish", "abuse", "CC BY-NC-SA", False, "Hinglish Facebook comments"),
        DataSet("stormfront", "abuse", "CC BY-SA 3.0", False, "forum sentences"),
        DataSet("germeval", "abuse", "unstated (research)", False, "German Facebook comments"),
        DataSet("youtube_spam", "spam", "CC BY 4.0", True, "YouTube comments"),
        DataSet("sms_spam", "spam", "CC BY 4.0", True, "SMS"),
    ]
}


# Written batches the abuse model may learn from beside the always-used sets. ABUSE_WRITTEN
# is what the shipped model (`make models`) learns from; train.py's --abuse-written overrides
# it for experiments. short_replies was shipped on 2026-11-29; short_statements, identity_written
# and news_register_more, with NB-weighted features (train.py ABUSE_NB), on 2026-11-30, and
# ordinary_words the same night; the threat model's threat_written was tried on dev and not
# shipped, and identity_attitudes (2026-11-30) neither (docs/moderation.md, "Attitude toward a
# group").
OPTIONAL_WRITTEN = (
    "identity_attitudes",
    "identity_written",
    "news_register_more",
    "ordinary_words",
    "short_replies",
    "short_statements",
    "threat_written",
)
ABUSE_WRITTEN: tuple[str, ...] = (
    "identity_written",
    "news_register_more",
    "ordinary_words",
    "short_replies",
    "short_statements",
)

# A written batch's rows weigh this much of their balanced weight (balanced_weights) in the
# abuse model's training and calibration. short_replies at full weight cost news dev comments
# (civil published at 3 % abusive published 63.7 % -> 60.8 %); at half weight it kept the
# short-reply gain without that loss (docs/moderation.md).
WRITTEN_WEIGHT: dict[str, float] = {"short_replies": 0.5}


def abuse_trains_on(dataset: str, shipped_only: bool, written: Sequence[str]) -> bool:
    """Whether the abuse model learns from (and is calibrated on) this set: an abuse set, of a
    shipped licence unless `shipped_only` is off, and an optional written batch only if named."""
    if dataset in OPTIONAL_WRITTEN and dataset not in written:
        return False
    return SETS[dataset].task == "abuse" and (SETS[dataset].shipped or not shipped_only)


def read(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def split_of(dataset: str, group: str) -> str:
    bucket = (
        int(hashlib.sha1(f"{dataset}:{group}".encode(), usedforsecurity=False).hexdigest()[:8], 16)
        % 100
    )
    return "test" if bucket < 20 else "dev" if bucket < 30 else "train"


def text_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())[:300]


def _rows() -> Iterator[Row]:
    d = DATA
    for r in read(d / "toxic_spans_civil_comments" / "comments_summary.csv.gz"):
        n, nt = int(r["n_raters"]), int(r["n_not_toxic"])
        toxic = int(nt * 2 < n)
        types = tuple(t for t in r["span_types"].split("|") if t) if toxic else ()
        g = r["comment_id"]
        yield Row(
            "civil_comments", r["comment_text"], toxic, g, split_of("civil_comments", g), types
        )
    yield from _spans_removed(d)
    for i, text in enumerate(civil_templates.generate(TEMPLATES)):
        g = f"template-{i}"
        s = "dev" if split_of("civil_templates", g) == "dev" else "train"
        yield Row("civil_templates", text, 0, g, s)
    held_out = functional_sentences()
    for label, texts in (
        (0, news_register_examples.CIVIL_HEATED),
        (1, news_register_examples.TOXIC_MILD),
    ):
        for i, text in enumerate(decontaminated(list(texts), held_out)):
            g = f"news-register-{label}-{i}"
            s = "dev" if split_of("news_register", text) == "dev" else "train"
            yield Row("news_register", text, label, g, s)
    yield from written_rows(
        "identity_written",
        ((0, identity_examples.IDENTITY_CIVIL), (1, identity_examples.IDENTITY_HATE)),
        held_out,
    )
    yield from written_rows(
        "news_register_more",
        ((0, news_register_more.CIVIL_HEATED_MORE), (1, news_register_more.TOXIC_MILD_MORE)),
        held_out,
    )
    yield from written_rows(
        "short_replies",
        ((0, short_replies.SHORT_CIVIL), (1, short_replies.SHORT_ABUSIVE)),
        held_out,
    )
    yield from written_rows(
        "short_statements",
        (
            (0, [*short_statements.STATEMENTS_CIVIL, *short_statements.VIOLENT_WORDS_CIVIL]),
            (1, short_statements.STATEMENTS_ABUSIVE),
        ),
        held_out,
    )
    # This batch was written after the disguised-spelling check of the functional suite, so it
    # is also kept clear of that check's sentences (the older batches are not: changing what
    # they are cleaned against would change the shipped models).
    yield from written_rows(
        "ordinary_words",
        ((0, ordinary_words.CIVIL_ORDINARY), (1, ordinary_words.ABUSIVE_RUDE)),
        [*held_out, *functional_suite.CIVIL_TYPOS, *functional_suite.DISGUISED_ABUSIVE],
    )
    # Written after the functional suite's attitude check (ATTITUDE_CIVIL / ATTITUDE_HATE) by
    # writers who never saw it, and kept clear of it and of the disguised-spelling check.
    yield from written_rows(
        "identity_attitudes",
        (
            (0, [*identity_attitudes.ATTITUDE_CIVIL, *identity_attitudes_more.ATTITUDE_CIVIL_MORE]),
            (1, [*identity_attitudes.ATTITUDE_HATE, *identity_attitudes_more.ATTITUDE_HATE_MORE]),
        ),
        [
            *held_out,
            *functional_suite.CIVIL_TYPOS,
            *functional_suite.DISGUISED_ABUSIVE,
            *functional_suite.ATTITUDE_CIVIL,
            *functional_suite.ATTITUDE_HATE,
        ],
    )
    yield from threat_written_rows(held_out)
    for name in ("cat_large_gc_in_context.csv.gz", "cat_large_gn_no_context.csv.gz"):
        for r in read(d / "cat_context_toxicity_wikipedia" / name):
            g = r["id"].split(".")[0]
            yield Row("cat_wikipedia", r["text"], int(r["label"]), g, split_of("cat_wikipedia", g))
    for r in read(d / "davidson_hate_offensive" / "labeled_data.csv.gz"):
        g = r["row_id"]
        extra = ("hate",) if r["class"] == "0" else ()
        yield Row("davidson", r["tweet"], int(r["class"] != "2"), g, split_of("davidson", g), extra)
    for r in read(d / "ruhsold_roman_urdu" / "task_1_train.csv.gz"):
        g = text_key(r["text"])
        s = "dev" if split_of("ruhsold", g) == "dev" else "train"
        yield Row("ruhsold", r["text"], int(r["label"] == "0"), g, s)
    for r in read(d / "ruhsold_roman_urdu" / "task_1_validation.csv.gz"):
        yield Row("ruhsold", r["text"], int(r["label"] == "0"), text_key(r["text"]), "test")
    for r in read(d / "c3_constructive_comments" / "C3_anonymized.csv.gz"):
        level = float(r["crowd_toxicity_level"])
        g = r["article_id"]
        # extra carries the mean level so the evaluation can use both thresholds (>=2 and >2)
        yield Row("c3", r["comment_text"], int(level >= 2), g, split_of("c3", g), (str(level),))
    for r in read(d / "olid_offenseval2019" / "olid_train.csv.gz"):
        g = r["id"]
        yield Row("olid", r["tweet"], int(r["subtask_a"] == "OFF"), g, split_of("olid", g))
    for name in ("train.csv.gz", "val.csv.gz"):
        for i, r in enumerate(read(d / "tweeteval_hate_hateval2019" / name)):
            g = f"{name}:{i}"
            yield Row("hateval", r["text"], int(r["label"]), g, split_of("hateval", g))
    for r in read(d / "trac1_hinglish_facebook_aggression" / "trac1_en_hi_codemixed.csv.gz"):
        if r["label"] == "CAG":
            continue  # covert aggression is a fuzzy class: OAG vs NAG only
        g = r["id"]
        yield Row(
            "trac_hinglish", r["text"], int(r["label"] == "OAG"), g, split_of("trac_hinglish", g)
        )
    for r in read(d / "stormfront_hate_sentences" / "stormfront_sentences.csv.gz"):
        if r["label"] not in {"hate", "noHate"}:
            continue
        g = r["file_id"].split("_")[0]
        yield Row("stormfront", r["text"], int(r["label"] == "hate"), g, split_of("stormfront", g))
    for name in ("GermEval21_TrainData.csv.gz", "GermEval21_TestData.csv.gz"):
        for r in read(d / "germeval2021_toxic_de" / name):
            g = r["comment_id"]
            yield Row(
                "germeval", r["comment_text"], int(r["Sub1_Toxic"]), g, split_of("germeval", g)
            )
    for r in read(d / "youtube_spam_uci" / "youtube_spam.csv.gz"):
        # one video is the test set, so no channel's spam is on both sides
        s = (
            "test"
            if r["video"] == "Youtube04-Eminem"
            else split_of("youtube_spam", r["COMMENT_ID"])
        )
        s = "train" if s == "test" and r["video"] != "Youtube04-Eminem" else s
        yield Row("youtube_spam", r["CONTENT"], int(r["CLASS"]), r["video"], s)
    for i, r in enumerate(read(d / "sms_spam_uci" / "sms_spam.csv.gz")):
        g = str(i)
        yield Row("sms_spam", r["text"], int(r["label"] == "spam"), g, split_of("sms_spam", g))


def written_rows(
    name: str, batches: Sequence[tuple[int, Sequence[str]]], held_out: list[str]
) -> Iterator[Row]:
    """A project-written batch as rows of set `name`: each text's split by a hash of the text
    (10 % dev, never test), near-copies of a `held_out` sentence left out."""
    for label, texts in batches:
        for i, text in enumerate(decontaminated(list(texts), held_out)):
            s = "dev" if split_of(name, text) == "dev" else "train"
            yield Row(name, text, label, f"{name}-{label}-{i}", s)


def threat_written_rows(held_out: list[str]) -> Iterator[Row]:
    """The threat model's written sentences (threat_examples.py) as rows of `threat_written`, in
    the threat model's own split (threats.written_split), near-copies of `held_out` left out."""
    from training.moderation import threat_examples
    from training.moderation.threats import written_split  # imports this module: here, not above

    batches = ((1, threat_examples.THREAT_TRAIN), (0, threat_examples.CIVIL_VIOLENT_TRAIN))
    for label, texts in batches:
        for i, text in enumerate(decontaminated(list(texts), held_out)):
            yield Row(
                "threat_written", text, label, f"threat-written-{label}-{i}", written_split(text)
            )


# A written sentence sharing at least this share of its words (Jaccard, on word sets) with a
# sentence of the functional suite is left out of training.
NEAR_COPY = 0.4


def word_set(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z']+", text.lower()))


def decontaminated(texts: list[str], held_out: list[str]) -> list[str]:
    """`texts` without those that nearly copy a sentence of `held_out` (word-set Jaccard): the
    functional suite measures reading, and a near-copy in training would make it measure memory."""
    others = [word_set(t) for t in held_out]

    def near(text: str) -> bool:
        words = word_set(text)
        return any(len(words & o) >= NEAR_COPY * len(words | o) for o in others if words | o)

    return [t for t in texts if not near(t)]


def functional_sentences() -> list[str]:
    """Every sentence of the functional suite (all its batches)."""
    from training.moderation import functional_suite as f

    return [
        *f.CIVIL,
        *f.ABUSIVE,
        *f.CIVIL_IDENTITY,
        *f.ABUSIVE_IDENTITY,
        *f.THREATS,
        *f.CIVIL_VIOLENT_WORDS,
        *f.SHORT_CIVIL,
        *f.SHORT_ABUSIVE,
    ]


def toxic_spans(d: Path) -> Iterator[tuple[str, str, int, int]]:
    """Each rater's span in the toxic-spans posts: (comment id, kind, start, end)."""
    owner = {
        r["annotation"]: r["comment_id"]
        for r in read(d / "toxic_spans_civil_comments" / "annotations.csv.gz")
    }
    for r in read(d / "toxic_spans_civil_comments" / "spans.csv.gz"):
        cid = owner.get(r["annotation"])
        if cid and r["start"] and r["end"]:
            yield cid, r["type"], int(float(r["start"])), int(float(r["end"]))


def _spans_removed(d: Path) -> Iterator[Row]:
    """Toxic posts minus all their annotated toxic spans: the news-domain civil text we lack."""
    cut: dict[str, set[int]] = {}
    for cid, _, start, end in toxic_spans(d):
        cut.setdefault(cid, set()).update(range(start, end))
    for r in read(d / "toxic_spans_civil_comments" / "comments.csv.gz"):
        chars = cut.get(r["comment_id"])
        if not chars:
            continue
        text = r["comment_text"]
        kept = "".join(ch if i not in chars else " " for i, ch in enumerate(text))
        kept = " ".join(kept.split())
        if len(kept.split()) < 6 or len(kept) < 0.6 * len(text):
            continue
        g = r["comment_id"]
        # same group and split as the original post, so no text crosses a split
        s = split_of("civil_comments", g)
        if s == "train":
            yield Row("civil_comments_spans_removed", kept, 0, g, s)


def load() -> list[Row]:
    """All rows, one per distinct text per set; texts held out anywhere never train anything."""
    rows: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for row in _rows():
        key = text_key(row.text)
        if not key or (row.dataset, key) in seen:
            continue
        seen.add((row.dataset, key))
        rows.append(row)
    # The optional written batches' dev texts are held out from the abuse model alone
    # (`written_dev_keys`, train_abuse): the spam, threat and topic models learn from exactly
    # the rows they learnt from before those batches existed, so `make models` reproduces them.
    held_out = {
        text_key(r.text) for r in rows if r.split != "train" and r.dataset not in OPTIONAL_WRITTEN
    }
    return [r for r in rows if r.split != "train" or text_key(r.text) not in held_out]


def written_dev_keys(rows: Sequence[Row]) -> set[str]:
    """The texts of the optional written batches' dev splits, which the abuse model (measured on
    them) never learns from, whichever batches it is told to learn from."""
    return {text_key(r.text) for r in rows if r.split == "dev" and r.dataset in OPTIONAL_WRITTEN}


def abuse_weights(rows: Sequence[Row]) -> np.ndarray[Any, Any]:
    """balanced_weights, with each written batch's rows scaled by its WRITTEN_WEIGHT."""
    w = balanced_weights(rows)
    scale = np.array([WRITTEN_WEIGHT.get(r.dataset, 1.0) for r in rows])
    out: np.ndarray[Any, Any] = w * scale
    return out


def domain(row: Row) -> str:
    return "civil_comments" if row.dataset.startswith("civil_comments") else row.dataset


def balanced_weights(rows: Sequence[Row]) -> np.ndarray[Any, Any]:
    """Every (set, label) pair weighs the same in total, so no set's topic or label mix leaks in."""
    counts = Counter((domain(r), r.label) for r in rows)
    w = np.array([len(rows) / len(counts) / counts[(domain(r), r.label)] for r in rows])
    return np.minimum(w, 5 * np.median(w))
