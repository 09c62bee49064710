"""The embedder leaves out a slow onnxruntime fusion; the sweep can cut the encoder's last layers."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from masthead.moderation.core.classifiers.loader import WEIGHTS_DIR
from masthead.moderation.core.classifiers.topic import (
    EmbedderConfig,
    MiniLM,
    make_embedder,
    packaged_model_path,
)
from training.moderation.topic_embedder_sweep import keep_layers

TEXTS = ["The council voted for the new bridge.", "Source?", "I would rather have a tunnel."]


def packaged() -> onnx.ModelProto:
    return onnx.load(str(packaged_model_path()))


def norms(model: onnx.ModelProto) -> int:
    return sum(n.op_type == "LayerNormalization" for n in model.graph.node)


def test_keeping_every_layer_changes_nothing():
    model = packaged()
    before = model.SerializeToString()
    assert keep_layers(model, 6) == 6
    assert model.SerializeToString() == before


def test_keeping_four_layers_drops_the_last_two_and_their_weights():
    model = packaged()
    weights_before = len(model.graph.initializer)
    assert keep_layers(model, 4) == 6
    # the embeddings' layer norm and two for each layer kept
    assert norms(model) == 1 + 2 * 4
    assert not any("layer.4." in w.name or "layer.5." in w.name for w in model.graph.initializer)
    assert len(model.graph.initializer) < weights_before
    # the graph still ends in the output the embedder reads, and onnx accepts it
    assert [o.name for o in model.graph.output] == ["last_hidden_state"]
    onnx.checker.check_model(model)


@pytest.mark.parametrize("layers", [0, 7, -1])
def test_a_layer_count_the_model_does_not_have_is_refused(layers):
    with pytest.raises(ValueError, match="has 6 layers"):
        keep_layers(packaged(), layers)


def test_a_graph_that_is_not_a_bert_encoder_is_refused():
    model = packaged()
    keep = [n for n in model.graph.node if n.op_type != "LayerNormalization"]
    del model.graph.node[:]
    model.graph.node.extend(keep)
    with pytest.raises(ValueError, match="not a BERT-style encoder"):
        keep_layers(model, 4)


def test_an_encoder_cut_to_four_layers_gives_unit_vectors_unlike_the_full_ones(tmp_path):
    cut = packaged()
    keep_layers(cut, 4)
    onnx.save(cut, str(tmp_path / "model.onnx"))
    tokenizer = WEIGHTS_DIR / "minilm" / "tokenizer.json"
    four = MiniLM(tmp_path / "model.onnx", tokenizer, int8=True)
    full = make_embedder(WEIGHTS_DIR, EmbedderConfig(int8=True))
    a, b = full.embed(TEXTS, 64, 48), four.embed(TEXTS, 64, 48)
    assert b.shape == a.shape
    assert abs(float((b * b).sum(axis=1).min()) - 1.0) < 1e-4
    # other vectors: the last two layers change them a lot (a topic model fitted on one set of
    # vectors cannot read the other)
    assert ((a * b).sum(axis=1) < 0.9).all()


def test_the_embedder_runs_the_plain_layer_norm_not_the_slower_fused_one():
    embedder = make_embedder(WEIGHTS_DIR, EmbedderConfig(int8=True))
    raw = embedder.session._model_bytes  # the graph as the embedder built it (int8 rewrite)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    texts = TEXTS + ["A much longer comment about the council, the ferry and the cost of it all."]
    feeds = []
    for ids in embedder.token_ids(texts, 64, 48):
        x = np.array([ids], dtype=np.int64)
        feeds.append({"input_ids": x, "attention_mask": np.ones_like(x), "token_type_ids": 0 * x})

    def hidden(session: ort.InferenceSession) -> list[np.ndarray]:
        return [session.run(None, feed)[0] for feed in feeds]

    ours = hidden(embedder.session)
    unfused = ort.InferenceSession(
        raw, options, ["CPUExecutionProvider"], disabled_optimizers=["SkipLayerNormFusion"]
    )
    fused = ort.InferenceSession(raw, options, ["CPUExecutionProvider"])
    assert all(np.array_equal(a, b) for a, b in zip(ours, hidden(unfused), strict=True))
    # the fused kernel rounds differently: the two graphs do not give the same numbers
    assert not all(np.array_equal(a, b) for a, b in zip(ours, hidden(fused), strict=True))
