"""The Piper graph rewrite (1-D Conv -> 2-D Conv) keeps the arithmetic: same outputs."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
onnxruntime = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from masthead.narration.engines.piper_graph import conv1d_as_conv2d  # noqa: E402


def _conv_chain(opset: int = 15):  # type: ignore[no-untyped-def]
    """x -> Conv(k=5, dilation 3, padded) -> LeakyRelu -> Conv(k=3, stride 2) -> + Conv(k=1)."""
    rng = np.random.default_rng(7)
    weights = [
        numpy_helper.from_array(rng.standard_normal((16, 8, 5)).astype(np.float32), "w1"),
        numpy_helper.from_array(rng.standard_normal(16).astype(np.float32), "b1"),
        numpy_helper.from_array(rng.standard_normal((16, 16, 3)).astype(np.float32), "w2"),
        numpy_helper.from_array(rng.standard_normal((16, 16, 1)).astype(np.float32), "w3"),
    ]
    nodes = [
        helper.make_node(
            "Conv",
            ["x", "w1", "b1"],
            ["c1"],
            name="c1",
            dilations=[3],
            pads=[6, 6],
            kernel_shape=[5],
        ),
        helper.make_node("LeakyRelu", ["c1"], ["r1"], alpha=0.1),
        helper.make_node("Conv", ["r1", "w2"], ["c2"], name="c2", strides=[2], pads=[1, 1]),
        helper.make_node("Conv", ["c2", "w3"], ["c3"], name="c3"),
        helper.make_node("Add", ["c2", "c3"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes,
        "chain",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8, "T"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializer=weights,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def _run(model, x: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    session = onnxruntime.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    return session.run(None, {"x": x})[0]  # type: ignore[no-any-return]


def test_rewritten_convolutions_give_the_same_output_as_the_original() -> None:
    x = np.random.default_rng(1).standard_normal((1, 8, 301)).astype(np.float32)
    original = _conv_chain()
    expected = _run(original, x)
    rewritten = _conv_chain()
    assert conv1d_as_conv2d(rewritten) == 3
    assert all(len(t.dims) == 4 for t in rewritten.graph.initializer if t.name.startswith("w"))
    got = _run(rewritten, x)
    assert got.shape == expected.shape == (1, 16, 151)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


def test_old_opsets_are_left_alone() -> None:
    model = _conv_chain(opset=11)
    assert conv1d_as_conv2d(model) == 0
    assert all(len(t.dims) == 3 for t in model.graph.initializer if t.name.startswith("w"))
