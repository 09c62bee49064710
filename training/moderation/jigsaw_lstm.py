"""EXPERIMENT (2026-11-30): does a Jigsaw-2018 BiLSTM from a PyPI wheel help the abuse model?

    .venv/bin/pip install --target /tmp/pylib h5py      # h5py is not a project dependency
    PYTHONPATH=.:/tmp/pylib .venv/bin/python -m training.moderation.jigsaw_lstm \\
        --tox-block /tmp/exp/pkgs/tb/tox_block --tcc /tmp/exp/pkgs/tcc/toxic_classifier

Two MIT-licensed wheels ship a Keras BiLSTM trained on the Jigsaw 2018 Toxic Comment data
(Wikipedia talk comments, labels CC0): tox-block 0.1.2 (trained on train + labelled test,
223,549 texts) and toxic-comment-classifier 0.3.0 (train, 159,571 texts). This module runs both
without TensorFlow: weights read from the .h5 files with h5py, the tokenizer pickles read with an
unpickler that turns the Keras classes into plain stubs (nothing else is allowed), Keras'
texts_to_sequences and pad_sequences(maxlen=100, 'pre', 'pre') and the forward pass
(Embedding -> BiLSTM(50) -> GlobalMaxPool1D -> Dense(50, relu) -> Dense(6)) in numpy.
`verify` reproduces the example outputs printed in each wheel's README to 1e-7: tox-block with
raw text (its stop-word remover is not applied by its own prediction code; with it, the README
numbers are off by up to 0.43) and Keras 2's hard_sigmoid (0.2 x + 0.5, clipped) as the
recurrent activation; toxic-comment-classifier (Keras 3 weights file) with sigmoid.

`measure` copies training/moderation/measure_encoder.measure_abuse with two corrections: the
TF-IDF logit is taken on the text as the shipped model reads it (normalised AND respelt;
measure_encoder.tfidf_logits skips the respelling, which changes the disguised batch), and the
threshold rule takes the Civil Comments dev posts labelled toxic (train.choose_thresholds), not
every Civil Comments dev post. A logistic regression over the shipped TF-IDF logit and the
BiLSTM's `toxic` logit (or all six) is fitted on the shipped sets' dev splits, balanced weights;
threshold: hold 97 % of toxic Civil Comments dev posts. Result, measured 2026-11-30 08:41 UTC
(2-vCPU AMD EPYC, load 0.7), test ROC-AUC, TF-IDF -> blend with tox-block's toxic logit:
C3 0.677 -> 0.695, C3 clear cases 0.739 -> 0.766, OLID 0.784 -> 0.799, Stormfront 0.698 ->
0.721, CAT 0.808 -> 0.812, news 0.978 -> 0.984, HatEval 0.695 -> 0.692, RUHSOLD 0.951 ->
0.949, Civil Comments 0.677 -> 0.679; news dev civil published at 3 % abusive published 81.2 %
-> 85.0 %; attitude batch civil held 36 -> 37 of 48 (hate published 0 of 30 both). The bar set
in advance (>= +0.02 on several sets, none worse by > 0.005, >= +2 points news dev civil
published, attitude civil held not up) is NOT met: +0.02 on two sets only (Stormfront, and C3
clear cases, a subset of C3) and one more civil attitude sentence held. The other variants
(six logits; toxic-comment-classifier) do worse on the bar. Latency of tox-block's net, one
comment, one thread, p50: numpy 3.4 ms, the same net as an ONNX LSTM op in onnxruntime 0.27 ms
(logits agree to 3e-6). Not integrated into the product; an experiment, kept to be re-run.
"""

from __future__ import annotations

import argparse
import io
import json
import pickle
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]
CLASSES = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
# tox-block's min-max rescaling (config.RESCALE_PROBA), used by its README's rescale=True figures
RESCALE = (
    (0.002116, 0.999858),
    (0.000011, 0.648682),
    (0.000347, 0.997533),
    (0.000040, 0.918887),
    (0.000373, 0.986303),
    (0.000074, 0.901117),
)
SEED = 20261129


class _Stub:
    def __setstate__(self, state: object) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)


class _Unpickler(pickle.Unpickler):
    """Keras / sklearn / tox-block classes become empty stubs holding their attributes; of the
    rest only the containers a Keras Tokenizer holds are allowed."""

    ALLOWED = frozenset(
        {("collections", "OrderedDict"), ("collections", "defaultdict"), ("builtins", "int")}
    )

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith(("tox_block", "keras", "tensorflow", "sklearn")):
            return type(name, (_Stub,), {})
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refused {module}.{name}")


class Tokenizer:
    """Keras Tokenizer.texts_to_sequences, then pad_sequences(maxlen, padding and truncating
    'pre') as both wheels call it."""

    def __init__(self, path: Path, maxlen: int = 100) -> None:
        obj = _Unpickler(io.BytesIO(path.read_bytes())).load()  # noqa: S301 (classes restricted)
        t = getattr(obj, "tokenizer", obj)  # tox-block pickles its TokenSequencer around it
        if t.oov_token is not None or getattr(t, "char_level", False):
            raise ValueError("only word-level tokenizers without an OOV token are handled")
        self.word_index: dict[str, int] = dict(t.word_index)
        self.word_counts: dict[str, int] = dict(t.word_counts)
        self.num_words: int | None = t.num_words
        self.lower: bool = t.lower
        self.split: str = t.split
        self.table = str.maketrans(dict.fromkeys(t.filters, t.split))
        self.maxlen = maxlen

    def words(self, text: str) -> list[str]:
        if self.lower:
            text = text.lower()
        return [w for w in text.translate(self.table).split(self.split) if w]

    def ids(self, text: str) -> list[int]:
        got = (self.word_index.get(w) for w in self.words(text))
        return [i for i in got if i is not None and not (self.num_words and i >= self.num_words)]

    def pad(self, texts: list[str]) -> Array:
        x = np.zeros((len(texts), self.maxlen), dtype=np.int64)
        for r, t in enumerate(texts):
            s = self.ids(t)[-self.maxlen :]
            if s:
                x[r, -len(s) :] = s
        return x


def sigmoid(z: Array) -> Array:
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def hard_sigmoid(z: Array) -> Array:
    return np.clip(0.2 * z + 0.5, 0.0, 1.0)


def _h5(path: Path) -> Any:
    try:
        import h5py
    except ImportError as e:  # pragma: no cover - experiment set-up
        raise SystemExit("h5py is needed: pip install --target DIR h5py; PYTHONPATH=DIR") from e
    return h5py.File(path, "r")


class BiLSTM:
    """Embedding -> Bidirectional LSTM (return_sequences) -> GlobalMaxPool1D -> Dense(relu) ->
    Dense(6): the six logits. Keras gate order i, f, c, o; dropout is off at inference."""

    def __init__(self, w: dict[str, Array], recurrent: str) -> None:
        self.w = {k: np.asarray(v, dtype=np.float32) for k, v in w.items()}
        self.recurrent = recurrent
        self.gate: Callable[[Array], Array] = (
            hard_sigmoid if recurrent == "hard_sigmoid" else sigmoid
        )
        self.units = int(self.w["f_U"].shape[0])

    @classmethod
    def tox_block(cls, package: Path) -> BiLSTM:
        """tox-block 0.1.2: a whole Keras 2.2.4-tf model file (LSTM recurrent_activation is
        hard_sigmoid in its config)."""
        with _h5(package / "trained_models" / "lstm_model_0.1.2.h5") as f:
            config = json.loads(f.attrs["model_config"])
            lstm = next(x for x in config["config"]["layers"] if x["name"] == "bidirectional")
            recurrent = lstm["config"]["layer"]["config"]["recurrent_activation"]
            g = f["model_weights"]
            b = g["bidirectional/bidirectional"]
            w = {"emb": g["embedding/embedding/embeddings:0"][()]}
            for d, name in (("f", "forward_lstm"), ("b", "backward_lstm")):
                w[f"{d}_W"] = b[f"{name}/kernel:0"][()]
                w[f"{d}_U"] = b[f"{name}/recurrent_kernel:0"][()]
                w[f"{d}_b"] = b[f"{name}/bias:0"][()]
            for d, name in (("d1", "dense"), ("d2", "dense_1")):
                w[f"{d}_W"] = g[f"{name}/{name}/kernel:0"][()]
                w[f"{d}_b"] = g[f"{name}/{name}/bias:0"][()]
        return cls(w, recurrent)

    @classmethod
    def tcc(cls, package: Path) -> BiLSTM:
        """toxic-comment-classifier 0.3.0: a Keras 3 weights file (the architecture is in its
        model.py: LSTM defaults, so sigmoid gates); cell vars are kernel, recurrent, bias."""
        with _h5(package / "model" / "model.weights.h5") as f:
            g = f["layers"]
            w = {"emb": g["embedding/vars/0"][()]}
            for d, name in (("f", "forward_layer"), ("b", "backward_layer")):
                v = g[f"bidirectional/{name}/cell/vars"]
                w[f"{d}_W"], w[f"{d}_U"], w[f"{d}_b"] = v["0"][()], v["1"][()], v["2"][()]
            for d, name in (("d1", "dense"), ("d2", "dense_1")):
                w[f"{d}_W"], w[f"{d}_b"] = g[f"{name}/vars/0"][()], g[f"{name}/vars/1"][()]
        return cls(w, "sigmoid")

    def _lstm(self, x: Array, d: str) -> Array:
        """x (n, T, e) -> the maximum over time of the hidden state, (n, units)."""
        W, U, b, u = self.w[f"{d}_W"], self.w[f"{d}_U"], self.w[f"{d}_b"], self.units
        xz = x @ W + b
        h = np.zeros((x.shape[0], u), np.float32)
        c = np.zeros_like(h)
        best = np.full_like(h, -np.inf)
        steps = range(x.shape[1]) if d == "f" else range(x.shape[1] - 1, -1, -1)
        for t in steps:
            z = xz[:, t] + h @ U
            i, f, o = self.gate(z[:, :u]), self.gate(z[:, u : 2 * u]), self.gate(z[:, 3 * u :])
            c = f * c + i * np.tanh(z[:, 2 * u : 3 * u])
            h = o * np.tanh(c)
            np.maximum(best, h, out=best)
        return best

    def logits(self, ids: Array) -> Array:
        x = self.w["emb"][ids]
        pooled = np.concatenate([self._lstm(x, "f"), self._lstm(x, "b")], axis=1)
        hidden = np.maximum(pooled @ self.w["d1_W"] + self.w["d1_b"], 0.0)
        return np.asarray(hidden @ self.w["d2_W"] + self.w["d2_b"])


class Model:
    def __init__(self, net: BiLSTM, tok: Tokenizer) -> None:
        self.net, self.tok = net, tok

    @classmethod
    def tox_block(cls, package: Path) -> Model:
        tok = Tokenizer(package / "trained_models" / "encoder_0.1.2.pkl")
        return cls(BiLSTM.tox_block(package), tok)

    @classmethod
    def tcc(cls, package: Path) -> Model:
        return cls(BiLSTM.tcc(package), Tokenizer(package / "model" / "tokenizer.pickle"))

    def logits(self, texts: list[str], batch: int = 256) -> Array:
        parts = [
            self.net.logits(self.tok.pad(texts[i : i + batch])) for i in range(0, len(texts), batch)
        ]
        return np.concatenate(parts) if parts else np.zeros((0, len(CLASSES)), np.float32)


# The examples in each wheel's README (tox-block: rescale=True).
TB_README = {
    "I will kill you, you fucking idiot!": (
        0.9998680353164673, 0.7870364189147949, 0.9885633587837219,
        0.8483908176422119, 0.9883397221565247, 0.1710592657327652,
    ),
    "Good morning my friend, I hope you're having a fantastic day!": (
        0.05347811430692673, 0.0006274021579883993, 0.004466842859983444,
        0.009578478522598743, 0.00757843442261219, 0.002106667961925268,
    ),
    "I do strongly disagree with the fascist views of this joke that calls itself a political "
    "party.": (
        0.026190076023340225, 7.185135473264381e-05, 0.0009493605466559529,
        0.00012321282702032477, 0.0029190618079155684, 0.0022098885383456945,
    ),
}  # fmt: skip
TCC_README_SCORES = {
    "You are so dumb and stupid!": (
        0.9889402985572815, 0.07256772369146347, 0.620429277420044,
        0.01934845559298992, 0.8664075136184692, 0.04072948172688484,
    ),
}  # fmt: skip
TCC_README_MEANS = {  # predict_batch: the mean of the six probabilities, 4 decimals
    "I hate you so much!": 0.1395,
    "This is wonderful news.": 0.0013,
    "You're disgusting!": 0.3110,
    "Absolutely love your energy!": 0.0088,
    "You're the worst person ever!": 0.0937,
    "Have a nice day :)": 0.0115,
}


def verify(tb: Model, tcc: Model) -> dict[str, float]:
    """Largest absolute differences from the README figures."""
    texts = list(TB_README)
    p = sigmoid(tb.logits(texts).astype(np.float64))
    lo, hi = np.array(RESCALE).T
    got = np.abs((p - lo) / (hi - lo))
    out = {"tox-block": float(np.abs(got - np.array(list(TB_README.values()))).max())}
    p = sigmoid(tcc.logits(list(TCC_README_SCORES)).astype(np.float64))
    out["toxic-comment-classifier"] = float(
        np.abs(p - np.array(list(TCC_README_SCORES.values()))).max()
    )
    means = sigmoid(tcc.logits(list(TCC_README_MEANS)).astype(np.float64)).mean(1)
    out["toxic-comment-classifier means (4 decimals)"] = float(
        np.abs(np.round(means, 4) - np.array(list(TCC_README_MEANS.values()))).max()
    )
    return out


def shipped_logits(texts: list[str]) -> Array:
    """The shipped abuse head's raw logit on the text as the shipped model reads it."""
    from masthead.moderation.core.classifiers.abuse import TfidfAbuse
    from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR

    model = TfidfAbuse(WEIGHTS_DIR)
    m = model.model
    parts = [
        m.raw([model.prepared(t) for t in texts[i : i + 2000]])[:, 0]
        for i in range(0, len(texts), 2000)
    ]
    return np.concatenate(parts) if parts else np.zeros(0)


def measure(models: dict[str, Model]) -> dict[str, Any]:
    """Per-set ROC-AUC (dev and test), news dev civil published at 3 % abusive published, and
    the functional suite at each blend's dev-rule threshold, for TF-IDF, each BiLSTM and the
    blends (its toxic logit, or all six)."""
    from sklearn.linear_model import LogisticRegression

    from masthead.moderation.core.classifiers.abuse import TfidfAbuse
    from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR, load_classifiers
    from masthead.moderation.core.cli import default_policy
    from training.moderation import functional_suite as fs
    from training.moderation.datasets import (
        ABUSE_WRITTEN,
        SETS,
        abuse_trains_on,
        balanced_weights,
        load,
    )
    from training.moderation.evaluate import abuse_sets, auc

    rows = load()
    dev = [
        replace(r, label=1) if r.dataset == "civil_comments" else r
        for r in rows
        if r.split == "dev"
        and SETS[r.dataset].task == "abuse"
        and abuse_trains_on(r.dataset, True, ABUSE_WRITTEN)
    ]
    toxic = [r.text for r in rows if r.dataset == "civil_comments" and r.split == "dev" and r.label]
    split_sets = {s: abuse_sets(rows, s) for s in ("dev", "test")}
    batches = fs.BATCHES
    texts = sorted(
        {r.text for r in dev}
        | {t for sets in split_sets.values() for ts, _ in sets.values() for t in ts}
        | {t for b in batches.values() for t in b}
    )
    zt = dict(zip(texts, shipped_logits(texts), strict=True))
    nets = {k: dict(zip(texts, m.logits(texts), strict=True)) for k, m in models.items()}

    def x_of(ts: list[str], net: str, six: bool) -> Array:
        b = np.array([nets[net][t] for t in ts])
        return np.hstack([np.array([zt[t] for t in ts])[:, None], b if six else b[:, :1]])

    y_dev, w_dev = np.array([r.label for r in dev]), balanced_weights(dev)
    blends: dict[str, tuple[str, bool, Any, float]] = {}
    for net in models:
        for six in (False, True):
            lr = LogisticRegression(C=1e4, max_iter=5000)
            lr.fit(x_of([r.text for r in dev], net, six), y_dev, sample_weight=w_dev)
            thr = float(np.quantile(sigmoid(lr.decision_function(x_of(toxic, net, six))), 0.03))
            blends[f"blend {net}-{'6' if six else 'toxic'}"] = (net, six, lr, thr)

    def scores(ts: list[str]) -> dict[str, Array]:
        s = {"tfidf": np.array([zt[t] for t in ts])}
        s.update({f"{net} toxic alone": np.array([nets[net][t][0] for t in ts]) for net in nets})
        s.update(
            {k: lr.decision_function(x_of(ts, n, six)) for k, (n, six, lr, _) in blends.items()}
        )
        return s

    report: dict[str, Any] = {
        "blends": {
            k: {"coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0]), "thr": thr}
            for k, (_, _, lr, thr) in blends.items()
        }
    }
    for split, sets in split_sets.items():
        report[split] = {}
        for name, (ts, y) in sets.items():
            report[split][name] = {"n": len(y), "abusive": int(y.sum())} | {
                k: auc(y, v) for k, v in scores(ts).items()
            }
    ts, y = split_sets["dev"]["news (C3 civil + Civil Comments toxic)"]
    report["news dev civil published at 3 %"] = {
        k: float(np.mean(v[y == 0] < np.quantile(v[y == 1], 0.03))) for k, v in scores(ts).items()
    }
    shipped_t = default_policy().thresholds
    tfidf = TfidfAbuse(WEIGHTS_DIR)
    threat = getattr(load_classifiers(WEIGHTS_DIR).abuse, "threat", None)
    if threat is None:
        raise SystemExit("the shipped models have no threat model")
    report["functional (abuse score, or the shipped threat model)"] = {}
    for name, batch in batches.items():
        bt = list(batch)
        th = np.array([threat.score(t).probability >= shipped_t.threat for t in bt])
        s = scores(bt)
        held = {"tfidf @ shipped": np.array(tfidf.probabilities(bt)) >= shipped_t.abuse}
        held.update({k: sigmoid(s[k]) >= thr for k, (_, _, _, thr) in blends.items()})
        report["functional (abuse score, or the shipped threat model)"][name] = {
            k: int((~(h | th)).sum() if "published" in name else (h | th).sum())
            for k, h in held.items()
        } | {"of": len(bt)}
    return report


def latency(model: Model) -> dict[str, dict[str, float]]:
    """One comment at a time, one thread (run with OMP_NUM_THREADS=1 and under the bench lock):
    the numpy batch path and the same network as an ONNX graph (LSTM op) in onnxruntime."""
    import onnxruntime as ort

    from training.moderation.datasets import load

    texts = [r.text for r in load() if r.split == "test" and r.dataset in {"civil_comments", "c3"}]
    texts = random.Random(SEED).sample(texts, 300)
    o = ort.SessionOptions()
    o.intra_op_num_threads = o.inter_op_num_threads = 1
    session = ort.InferenceSession(to_onnx(model), o, providers=["CPUExecutionProvider"])
    got = session.run(None, {"ids": model.tok.pad(texts)})[0]
    if float(np.abs(got - model.logits(texts)).max()) > 1e-4:
        raise SystemExit("the ONNX graph disagrees with the numpy forward pass")

    def timed(fn: Callable[[str], object]) -> dict[str, float]:
        for t in texts[:20]:
            fn(t)
        ms = []
        for t in texts:
            t0 = time.perf_counter()
            fn(t)
            ms.append((time.perf_counter() - t0) * 1000)
        ms.sort()
        return {"p50_ms": statistics.median(ms), "p99_ms": ms[int(0.99 * len(ms)) - 1]}

    return {
        "numpy": timed(lambda t: model.logits([t])),
        "onnxruntime": timed(lambda t: session.run(None, {"ids": model.tok.pad([t])})),
    }


def to_onnx(model: Model) -> bytes:
    """The network as an ONNX graph: Gather, LSTM (bidirectional), ReduceMax, Dense layers."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w, u = model.net.w, model.net.units

    def iofc(m: Array) -> Array:  # Keras gate blocks i, f, c, o -> ONNX i, o, f, c
        i, f, c, o = (m[..., k * u : (k + 1) * u] for k in range(4))
        return np.concatenate([i, o, f, c], axis=-1)

    zeros = np.zeros(4 * u, np.float32)
    tensors = {
        "emb": w["emb"],
        "W": np.stack([iofc(w[f"{d}_W"]).T for d in "fb"]),
        "R": np.stack([iofc(w[f"{d}_U"]).T for d in "fb"]),
        "B": np.stack([np.concatenate([iofc(w[f"{d}_b"]), zeros]) for d in "fb"]),
        "d1W": w["d1_W"],
        "d1b": w["d1_b"],
        "d2W": w["d2_W"],
        "d2b": w["d2_b"],
    }
    inits = [numpy_helper.from_array(v.astype(np.float32), k) for k, v in tensors.items()]
    inits.append(numpy_helper.from_array(np.array([-1, 2 * u], np.int64), "shape"))
    # HardSigmoid's ONNX defaults (alpha 0.2, beta 0.5) are Keras 2's hard_sigmoid. Per-slot
    # alpha lists are read by onnxruntime only for the activations that take one, so
    # [0.2, 0, 0, 0.2, 0, 0] gave the backward gates alpha 0: left out.
    gate = "HardSigmoid" if model.net.recurrent == "hard_sigmoid" else "Sigmoid"
    nodes = [
        helper.make_node("Gather", ["emb", "ids"], ["x_bt"], axis=0),
        helper.make_node("Transpose", ["x_bt"], ["x"], perm=[1, 0, 2]),
        helper.make_node(
            "LSTM",
            ["x", "W", "R", "B"],
            ["y"],
            direction="bidirectional",
            hidden_size=u,
            activations=[gate, "Tanh", "Tanh"] * 2,
        ),
        helper.make_node("ReduceMax", ["y"], ["pooled_d"], axes=[0], keepdims=0),
        helper.make_node("Transpose", ["pooled_d"], ["pooled_t"], perm=[1, 0, 2]),
        helper.make_node("Reshape", ["pooled_t", "shape"], ["pooled"]),
        helper.make_node("MatMul", ["pooled", "d1W"], ["h1a"]),
        helper.make_node("Add", ["h1a", "d1b"], ["h1b"]),
        helper.make_node("Relu", ["h1b"], ["h1"]),
        helper.make_node("MatMul", ["h1", "d2W"], ["la"]),
        helper.make_node("Add", ["la", "d2b"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "jigsaw_bilstm",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["b", model.tok.maxlen])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["b", len(CLASSES)])],
        inits,
    )
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    return bytes(m.SerializeToString())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tox-block", type=Path, required=True, help="unpacked tox_block/")
    parser.add_argument("--tcc", type=Path, required=True, help="unpacked toxic_classifier/")
    parser.add_argument("--skip-measure", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("var/jigsaw-lstm.json"))
    args = parser.parse_args(argv)
    models = {"tb": Model.tox_block(args.tox_block), "tcc": Model.tcc(args.tcc)}
    report: dict[str, Any] = {"verify (max abs difference)": verify(models["tb"], models["tcc"])}
    print(json.dumps(report, indent=1), flush=True)
    if not args.skip_measure:
        report["measure"] = measure(models)
    if not args.skip_latency:
        report["latency (one comment, one thread)"] = {k: latency(m) for k, m in models.items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "measure"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
