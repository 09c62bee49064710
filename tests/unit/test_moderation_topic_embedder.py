"""How the on-topic model embeds text: cut comments, int8 arithmetic, batches, its model file."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from masthead.moderation.core.classifiers.loader import (
    WEIGHTS_DIR,
    ModelUnavailable,
    load_classifiers,
)
from masthead.moderation.core.classifiers.topic import (
    EmbedderConfig,
    MiniLMTopic,
    clip,
    int8_matmuls,
    make_embedder,
    packaged_model_path,
)

WORDS = "the council voted for a new bridge over the river and the ferry will stop ".split()


def long_text(words: int, tail: str = "") -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(words)) + tail


def test_clip_keeps_the_first_and_last_tokens_of_a_long_text():
    ids = list(range(100))
    assert clip(ids, 10, 7) == [0, 1, 2, 3, 4, 5, 6, 97, 98, 99]


def test_clip_leaves_a_short_text_alone():
    assert clip([101, 5, 6, 102], 64, 48) == [101, 5, 6, 102]


@pytest.fixture(scope="module")
def float_embedder():
    return make_embedder(WEIGHTS_DIR, EmbedderConfig(int8=False))


@pytest.fixture(scope="module")
def int8_embedder():
    return make_embedder(WEIGHTS_DIR, EmbedderConfig(int8=True))


def test_a_long_comment_is_judged_on_its_beginning_and_its_end(float_embedder):
    start = long_text(60)  # more than the 48 head tokens
    ending = " and in the end I would much prefer a tunnel under the river to this bridge"
    base = f"{start} {long_text(40)}{ending}"
    middle_changed = f"{start} {'football ' * 40}{ending.lstrip()}"
    end_changed = (
        f"{start} {long_text(40)} and in the end I would much prefer football on the telly"
    )
    cut = float_embedder.embed([base, middle_changed, end_changed], 64, 48)
    # the middle (past the first 48 tokens, before the last 16) does not count; the end does
    assert float(cut[0] @ cut[1]) > 1 - 1e-6
    assert float(cut[0] @ cut[2]) < 0.999


def test_float_embeddings_do_not_depend_on_batch_mates(float_embedder):
    texts = ["Short one.", long_text(90), "The bridge is too expensive for the town."]
    together = float_embedder.embed(texts)
    alone = np.concatenate([float_embedder.embed([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_int8_mode_embeds_each_text_alone_so_batch_mates_change_nothing(int8_embedder):
    texts = ["The bridge is too expensive for the town.", long_text(120)]
    together = int8_embedder.embed(texts)
    alone = int8_embedder.embed(texts[:1])
    assert np.array_equal(together[0], alone[0])


def test_int8_arithmetic_stays_close_to_the_float_embedding(float_embedder, int8_embedder):
    texts = [
        "The council should publish the full cost breakdown for the bridge.",
        "My favourite recipe for banana bread uses three ripe bananas.",
        long_text(60),
    ]
    cosines = (float_embedder.embed(texts) * int8_embedder.embed(texts)).sum(axis=1)
    assert cosines.min() > 0.95


def test_int8_rewrite_turns_every_weight_matmul_of_the_packaged_model_into_integer_arithmetic():
    import onnx

    model = onnx.load(str(packaged_model_path()))
    assert int8_matmuls(model) == 36  # 6 layers x (query, key, value, output, two feed-forward)
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("MatMulInteger") == 36 and "DynamicQuantizeLinear" in ops


def weights_copy(tmp_path):
    copy = tmp_path / "weights"
    shutil.copytree(WEIGHTS_DIR, copy)
    return copy


def test_a_model_onnx_in_the_weights_folder_replaces_the_packaged_one(tmp_path):
    copy = weights_copy(tmp_path)
    shutil.copyfile(packaged_model_path(), copy / "minilm" / "model.onnx")
    topic = load_classifiers(copy).topic
    assert isinstance(topic, MiniLMTopic)
    assert "+minilm-" in topic.version  # named by its file's hash, not the packaged name
    assert topic.score("The bridge vote was close.", _article(), None).off_topic < 1.0


def test_a_different_model_file_than_the_one_the_topic_model_was_fitted_on_fails_closed(tmp_path):
    import onnx

    copy = weights_copy(tmp_path)
    model = onnx.load(str(packaged_model_path()))
    model.doc_string = "fine-tuned elsewhere"  # any other file: another hash
    onnx.save(model, str(copy / "minilm" / "model.onnx"))
    with pytest.raises(ModelUnavailable, match="refit"):
        load_classifiers(copy)


def test_the_shipped_topic_model_was_fitted_on_the_packaged_embedding_model():
    import hashlib

    meta = json.loads((WEIGHTS_DIR / "topic.json").read_text())
    config = EmbedderConfig.from_meta(meta)
    assert config.to_meta() == meta["embedder"]
    assert config.sha256 == hashlib.sha256(packaged_model_path().read_bytes()).hexdigest()
    assert not (WEIGHTS_DIR / "minilm" / "model.onnx").exists()


def _article():
    from tests.unit.moderation_helpers import ARTICLE

    return ARTICLE


def test_a_model_that_outputs_its_pooled_embedding_is_used_as_it_is(tmp_path):
    """A fine-tuned encoder may give an "embedding" output (pooled) instead of token states."""
    from onnx import TensorProto, helper, save

    from masthead.moderation.core.classifiers.topic import MiniLM

    ints = [
        helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "tokens"])
        for n in ("input_ids", "attention_mask", "token_type_ids")
    ]
    axes = helper.make_tensor("axes", TensorProto.INT64, [1], [1])
    nodes = [
        helper.make_node("Cast", ["input_ids"], ["ids_f"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("ReduceSum", ["ids_f", "axes"], ["id_sum"], keepdims=1),
        helper.make_node("ReduceSum", ["mask_f", "axes"], ["length"], keepdims=1),
        helper.make_node("Concat", ["id_sum", "length"], ["embedding"], axis=1),
    ]
    out = helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 2])
    graph = helper.make_graph(nodes, "pooled", ints, [out], initializer=[axes])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    save(model, str(tmp_path / "model.onnx"))
    embedder = MiniLM(tmp_path / "model.onnx", WEIGHTS_DIR / "minilm" / "tokenizer.json")
    texts = ["bridge", "the bridge is late"]
    ids = embedder.token_ids(texts, 128, 127)
    expected = np.array([[sum(i), len(i)] for i in ids], dtype=np.float64)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(embedder.embed(texts), expected, atol=1e-6)  # padding not counted
