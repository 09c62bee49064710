"""Rewrite a Piper voice's ONNX graph so onnxruntime runs it faster on one CPU core.

A VITS voice is mostly one-dimensional convolutions (the HiFi-GAN vocoder, the flow, the text
encoder). onnxruntime runs a 1-D Conv through im2col and a matrix product, but a 2-D Conv on x86
through its blocked "NCHWc" kernels, which on this voice give 16 to 22 % more audio per CPU
second (12 to 18 % on the VM's earlier host; docs/benchmarks.md). A 1-D convolution over
length T is exactly a 2-D convolution over a 1 x T image with a 1 x k kernel, so each 1-D Conv
with constant weights becomes Unsqueeze -> Conv (2-D) -> Squeeze. The arithmetic is the same up
to float rounding: a convolution chain agrees to about 1e-6, the packaged voice's waveform (same
seeded noise) to about 2e-5 on its [-1, 1] scale, with identical durations; the voice, its
speed of speech and its sound are unchanged.

Tried and not kept (no gain beyond the 2 % noise of one-core runs, decision 0004): keeping the
vocoder's residual blocks 4-D between convolutions (onnxruntime 1.32 has no NCHWc LeakyRelu
and a ConvTranspose output is never NCHWc, so the reorders stay), even with the residual add and
LeakyRelu fused into NCHWc convolutions; 2-D or polyphase ConvTranspose.

Pure: onnx and numpy only (onnx is the optional dependency that also gives word timings).
"""

from __future__ import annotations

from typing import Any

AXES_NAME = "masthead_conv2d_axes"


def conv1d_as_conv2d(model: Any) -> int:
    """Rewrite every 1-D Conv of `model` (an onnx ModelProto, changed in place) whose weight is
    a constant into its 2-D equivalent; returns how many were rewritten."""
    import numpy as np
    from onnx import helper, numpy_helper

    graph = model.graph
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    if opset < 13:  # Squeeze/Unsqueeze take their axes as an input from opset 13 on
        return 0
    weights = {tensor.name: tensor for tensor in graph.initializer}
    rewritten = 0
    nodes: list[Any] = []
    for node in graph.node:
        weight = weights.get(node.input[1]) if len(node.input) > 1 else None
        if node.op_type != "Conv" or node.domain not in ("", "ai.onnx") or weight is None:
            nodes.append(node)
            continue
        if len(weight.dims) != 3:
            nodes.append(node)
            continue
        if rewritten == 0:
            graph.initializer.append(
                numpy_helper.from_array(np.array([2], dtype=np.int64), AXES_NAME)
            )
        rewritten += 1
        array = numpy_helper.to_array(weight)
        weight.CopyFrom(numpy_helper.from_array(array[:, :, None, :], weight.name))
        for attribute in node.attribute:
            values = list(attribute.ints)
            if attribute.name in ("dilations", "strides", "kernel_shape"):
                new = [1, *values]
            elif attribute.name == "pads":
                new = [0, values[0], 0, values[1]]
            else:
                continue
            del attribute.ints[:]
            attribute.ints.extend(new)
        source, target = node.input[0], node.output[0]
        wide_in, wide_out = f"{target}__2d_in", f"{target}__2d_out"
        nodes.append(
            helper.make_node("Unsqueeze", [source, AXES_NAME], [wide_in], name=f"{node.name}__to2d")
        )
        node.input[0] = wide_in
        node.output[0] = wide_out
        nodes.append(node)
        nodes.append(
            helper.make_node("Squeeze", [wide_out, AXES_NAME], [target], name=f"{node.name}__to1d")
        )
    del graph.node[:]
    graph.node.extend(nodes)
    return rewritten
