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


def _seeded(model, seed: int = 11):  # type: ignore[no-untyped-def]
    """Fix the seed of the voice's noise generators (by their order), so two graphs of the same
    voice draw the same noise and their waveforms can be compared sample by sample."""
    from onnx import helper as onnx_helper

    generators = [n for n in model.graph.node if n.op_type == "RandomNormalLike"]
    assert generators, "a VITS voice draws noise for its durations and its sound"
    for number, node in enumerate(generators):
        node.attribute.append(onnx_helper.make_attribute("seed", float(seed + number)))
    return model


def test_the_packaged_voice_sounds_the_same_after_the_rewrite() -> None:
    """The shipped Piper voice, as the engine loads it (alignment output added), against the same
    graph rewritten: with the same noise, the same durations and the same waveform up to float
    rounding (measured: at most about 2e-5 apart on a [-1, 1] scale, correlation 1 - 1e-10)."""
    piper_voice = pytest.importorskip("piper.voice")
    from piper.patch_voice_with_alignment import add_alignment_output

    from masthead.narration.engines.piper import PiperEngine

    engine = PiperEngine("en_US-joe-medium")
    engine.fast_graph = False
    voice = engine.load()
    assert isinstance(voice, piper_voice.PiperVoice)
    shipped = onnx.load(str(engine.model_path))
    add_alignment_output(shipped)
    rewritten = onnx.load(str(engine.model_path))
    add_alignment_output(rewritten)
    convs = sum(n.op_type == "Conv" for n in rewritten.graph.node)
    assert conv1d_as_conv2d(rewritten) == convs == 129
    weights = {t.name: t for t in rewritten.graph.initializer}
    assert all(
        len(weights[n.input[1]].dims) == 4 for n in rewritten.graph.node if n.op_type == "Conv"
    )
    sessions = [
        onnxruntime.InferenceSession(
            _seeded(model).SerializeToString(), providers=["CPUExecutionProvider"]
        )
        for model in (shipped, rewritten)
    ]
    config = voice.config
    scales = np.array([config.noise_scale, config.length_scale, config.noise_w_scale], np.float32)
    text = "The council voted 31 to 17 on Tuesday night. Work is due to begin in the spring."
    for phonemes in voice.phonemize(text):
        ids = np.array([voice.phonemes_to_ids(phonemes)], dtype=np.int64)
        inputs = {
            "input": ids,
            "input_lengths": np.array([ids.shape[1]], np.int64),
            "scales": scales,
        }
        (before, durations_before), (after, durations_after) = (
            session.run(None, inputs) for session in sessions
        )
        np.testing.assert_array_equal(durations_after, durations_before)
        assert after.shape == before.shape and before.size > config.sample_rate  # > 1 s of speech
        assert np.abs(after - before).max() < 1e-3
        assert np.corrcoef(after.ravel(), before.ravel())[0, 1] > 0.99999


def test_speaking_with_piper_leaves_the_calling_thread_able_to_hold_subnormal_numbers() -> None:
    """onnxruntime's "set_denormal_as_zero" switches the calling thread to flush-to-zero and never
    switches it back; a worker thread that narrated an article would then compute everything
    after it (moderation scores, Hypothesis in the tests) without subnormal numbers."""
    pytest.importorskip("piper.voice")
    import sys

    from masthead.narration.engines.piper import PiperEngine

    tiny = sys.float_info.min
    assert tiny / 2 > 0  # this thread keeps subnormals before the voice runs
    PiperEngine("en_US-joe-medium").synthesize(["The council met on Tuesday."])
    assert tiny / 2 > 0, "Piper left this thread flushing subnormal numbers to zero"
