"""A small NumPy interpreter for ONNX graphs restricted to the op set the project's C# engines run.

Python here has no ONNX Runtime, so exported models are checked by running the .onnx file itself
through this interpreter (in float64) and comparing with PyTorch. Any op outside ALLOWED_OPS (what both
C# engines run) and ONNXRUNTIME_ONLY_OPS (the convolutions of the cnn-lstm architecture, which only the
ONNX Runtime engine runs), or an LSTM attribute other than the defaults the C# engine supports, raises
UnsupportedGraph: that is also how an export that would not load in C# is caught.
"""

import numpy as np
import onnx
from onnx import numpy_helper

ALLOWED_OPS = frozenset({"Transpose", "LSTM", "Squeeze", "Unsqueeze", "Slice", "Concat", "Gather", "Gemm", "MatMul",
                         "Add", "Tanh", "Relu", "Sigmoid", "Reshape", "Shape", "Constant", "ConstantOfShape",
                         "Identity", "Flatten"})
ONNXRUNTIME_ONLY_OPS = frozenset({"Conv", "MaxPool"})


class UnsupportedGraph(Exception):
    """The graph uses an op or attribute outside the project's op set."""


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _lstm(node, inputs, attrs):
    for name, value in attrs.items():
        if name == "hidden_size":
            continue
        if name == "direction" and value in (b"forward", "forward"):
            continue
        if name == "layout" and value == 0:
            continue
        raise UnsupportedGraph(f"LSTM {node.name}: attribute {name}={value!r} is not supported")
    x, w, r = inputs[0], inputs[1], inputs[2]
    if w.shape[0] != 1:
        raise UnsupportedGraph(f"LSTM {node.name}: only forward (1 direction) is supported")
    hidden = attrs["hidden_size"]
    b = inputs[3] if len(inputs) > 3 and inputs[3] is not None else np.zeros((1, 8 * hidden))
    if len(inputs) > 4 and inputs[4] is not None:
        raise UnsupportedGraph(f"LSTM {node.name}: sequence_lens is not supported")
    seq, batch = x.shape[0], x.shape[1]
    h = inputs[5][0] if len(inputs) > 5 and inputs[5] is not None else np.zeros((batch, hidden))
    c = inputs[6][0] if len(inputs) > 6 and inputs[6] is not None else np.zeros((batch, hidden))
    if len(inputs) > 7 and inputs[7] is not None:
        raise UnsupportedGraph(f"LSTM {node.name}: peepholes are not supported")
    w, r, bias = w[0], r[0], b[0, :4 * hidden] + b[0, 4 * hidden:]
    ys = np.empty((seq, 1, batch, hidden))
    for t in range(seq):
        gates = x[t] @ w.T + h @ r.T + bias
        i, o, f, g = (gates[:, k * hidden:(k + 1) * hidden] for k in range(4))  # ONNX order: i, o, f, c
        c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
        h = _sigmoid(o) * np.tanh(c)
        ys[t, 0] = h
    return [ys, h[None], c[None]]


def _slice(inputs):
    data, starts, ends = inputs[0], inputs[1], inputs[2]
    axes = inputs[3] if len(inputs) > 3 and inputs[3] is not None else np.arange(len(starts))
    steps = inputs[4] if len(inputs) > 4 and inputs[4] is not None else np.ones(len(starts), dtype=np.int64)
    index = [slice(None)] * data.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        dim = data.shape[int(a)]
        s, e = int(max(-dim - 1, min(s, dim))), int(max(-dim - 1, min(e, dim)))
        index[int(a)] = slice(s, e, int(st))
    return data[tuple(index)]


def _reshape(data, shape):
    shape = [int(d) for d in shape]
    shape = [data.shape[i] if d == 0 else d for i, d in enumerate(shape)]
    return data.reshape(shape)


def _gemm(inputs, attrs):
    a, b = inputs[0], inputs[1]
    if attrs.get("transA", 0):
        a = a.T
    if attrs.get("transB", 0):
        b = b.T
    y = attrs.get("alpha", 1.0) * (a @ b)
    if len(inputs) > 2 and inputs[2] is not None:
        y = y + attrs.get("beta", 1.0) * inputs[2]
    return y


def _windows(x, kernel, strides, pads):
    """[N, C, H, W] -> [N, C, H', W', kh, kw] views of each window, zero padding pads = (top, left, bottom, right)."""
    if any(pads):
        x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    view = np.lib.stride_tricks.sliding_window_view(x, tuple(kernel), axis=(2, 3))
    return view[:, :, ::strides[0], ::strides[1]]


def _conv(node, inputs, attrs):
    x, w = inputs[0], inputs[1]
    if attrs.get("group", 1) != 1 or any(d != 1 for d in attrs.get("dilations", [1, 1])) or x.ndim != 4:
        raise UnsupportedGraph(f"Conv {node.name}: only 2-D, ungrouped, undilated convolutions are supported")
    kernel = w.shape[2:]
    windows = _windows(x, kernel, attrs.get("strides", [1, 1]), attrs.get("pads", [0, 0, 0, 0]))
    y = np.einsum("nchwij,mcij->nmhw", windows, w)
    if len(inputs) > 2 and inputs[2] is not None:
        y = y + inputs[2][None, :, None, None]
    return y


def _max_pool(node, inputs, attrs):
    if attrs.get("ceil_mode", 0) or any(d != 1 for d in attrs.get("dilations", [1, 1])):
        raise UnsupportedGraph(f"MaxPool {node.name}: ceil_mode and dilations are not supported")
    kernel = attrs["kernel_shape"]
    pads = attrs.get("pads", [0, 0, 0, 0])
    if any(pads):
        raise UnsupportedGraph(f"MaxPool {node.name}: padding is not supported")
    return _windows(inputs[0], kernel, attrs.get("strides", kernel), pads).max(axis=(4, 5))


def _run_node(node, inputs):
    op, attrs = node.op_type, _attrs(node)
    if op == "Conv":
        return [_conv(node, inputs, attrs)]
    if op == "MaxPool":
        return [_max_pool(node, inputs, attrs)]
    if op not in ALLOWED_OPS:
        raise UnsupportedGraph(f"op {op} ({node.name}) is outside the project's op set")
    if op == "LSTM":
        return _lstm(node, inputs, attrs)
    if op == "Constant":
        return [numpy_helper.to_array(attrs["value"])]
    if op == "ConstantOfShape":
        value = numpy_helper.to_array(attrs["value"]) if "value" in attrs else np.zeros(1, dtype=np.float32)
        return [np.full([int(d) for d in inputs[0]], value.reshape(-1)[0], dtype=value.dtype)]
    if op == "Transpose":
        return [np.transpose(inputs[0], attrs.get("perm"))]
    if op == "Squeeze":
        axes = inputs[1] if len(inputs) > 1 else None
        return [np.squeeze(inputs[0], axis=None if axes is None else tuple(int(a) for a in axes))]
    if op == "Unsqueeze":
        out = inputs[0]
        for axis in sorted(int(a) if a >= 0 else int(a) + out.ndim + 1 for a in inputs[1]):
            out = np.expand_dims(out, axis)
        return [out]
    if op == "Slice":
        return [_slice(inputs)]
    if op == "Concat":
        return [np.concatenate(inputs, axis=attrs["axis"])]
    if op == "Gather":
        return [np.take(inputs[0], inputs[1], axis=attrs.get("axis", 0))]
    if op == "Gemm":
        return [_gemm(inputs, attrs)]
    if op == "MatMul":
        return [np.matmul(inputs[0], inputs[1])]
    if op == "Add":
        return [inputs[0] + inputs[1]]
    if op == "Tanh":
        return [np.tanh(inputs[0])]
    if op == "Relu":
        return [np.maximum(inputs[0], 0)]
    if op == "Sigmoid":
        return [_sigmoid(inputs[0])]
    if op == "Reshape":
        return [_reshape(inputs[0], inputs[1])]
    if op == "Shape":
        return [np.array(inputs[0].shape, dtype=np.int64)]
    if op == "Identity":
        return [inputs[0]]
    if op == "Flatten":
        axis = attrs.get("axis", 1)
        return [inputs[0].reshape(int(np.prod(inputs[0].shape[:axis])), -1)]
    raise UnsupportedGraph(f"op {op} has no implementation here")


class Graph:
    """A loaded ONNX model; run({input: array}) -> {output: float64 array}."""

    def __init__(self, path_or_model):
        self.model = path_or_model if isinstance(path_or_model, onnx.ModelProto) else onnx.load(str(path_or_model))
        graph = self.model.graph
        unsupported = sorted({n.op_type for n in graph.node} - ALLOWED_OPS - ONNXRUNTIME_ONLY_OPS)
        if unsupported:
            raise UnsupportedGraph(f"ops outside the project's op set: {', '.join(unsupported)}")
        self.initializers = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
        self.input_names = [i.name for i in graph.input if i.name not in self.initializers]
        self.output_names = [o.name for o in graph.output]

    @property
    def ops(self):
        return sorted({n.op_type for n in self.model.graph.node})

    def run(self, feeds):
        values = {name: (v.astype(np.float64) if v.dtype.kind == "f" else v) for name, v in self.initializers.items()}
        for name in self.input_names:
            if name not in feeds:
                raise ValueError(f"missing input {name!r}; the graph takes {self.input_names}")
            array = np.asarray(feeds[name])
            values[name] = array.astype(np.float64) if array.dtype.kind == "f" else array
        for node in self.model.graph.node:
            inputs = [values[name] if name else None for name in node.input]
            for name, value in zip(node.output, _run_node(node, inputs)):
                if name:
                    values[name] = value
        return {name: values[name] for name in self.output_names}
