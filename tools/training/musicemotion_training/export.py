"""ONNX export (torch.onnx, opset 14) with the model contract's names, the model card, and parity fixtures.

Every export is checked before its card is written: onnx.checker, the op set (onnx_numpy.ALLOWED_OPS),
and the .onnx file run by the NumPy interpreter against PyTorch (max abs difference recorded in the
card as `export_check`).
"""

import datetime
import hashlib
import io
import json
import math
import pathlib
import warnings

import numpy as np
import onnx
import torch

from . import onnx_numpy

OPSET = 14
FEATURES = {
    "sample_rate": 44100, "frame_length": 22050, "n_fft": 2048, "hop_length": 512, "n_mels": 128,
    "window": "hann periodic", "center": True, "mel": "slaney", "norm": "slaney", "log": "log1p",
    "normalisation": "per-frame z-score, unbiased std", "layout": "time-major [44,128]",
}
LABELS = ["arousal", "valence"]
LICENSE = "MIT (MusicEmotion project; trained by tools/training from data the card names)"
PARITY_FRAMES = 40


class ExportError(Exception):
    """An exported graph failed its checks; the message says which and by how much."""


def sha256(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


class _StatefulStep(torch.nn.Module):
    """The contract's signature around EmotionModel.forward: (mel, h_in, c_in) -> (av, h_out, c_out)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, mel, h_in, c_in):
        return self.net(mel, h_in, c_in)


def to_onnx(module, args, input_names, output_names, dynamic_axes=None):
    buffer = io.BytesIO()
    with torch.no_grad(), warnings.catch_warnings():
        # torch 1.13 warns about LSTM batch sizes, traced shape checks and constants; the checks below decide.
        warnings.simplefilter("ignore")
        torch.onnx.export(module, args, buffer, opset_version=OPSET, input_names=input_names,
                          output_names=output_names, dynamic_axes=dynamic_axes, do_constant_folding=True)
    graph = onnx.load_from_string(buffer.getvalue())
    onnx.checker.check_model(graph, full_check=True)
    return graph


def write_checked(graph, path, feeds, expected, tolerance=1e-5):
    """Write the graph, run the written file through the NumPy interpreter, compare; max abs difference."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(graph, str(path))
    outputs = onnx_numpy.Graph(path).run(feeds)
    worst = max(float(np.abs(outputs[name] - expected[name]).max()) for name in expected)
    if not worst <= tolerance:
        raise ExportError(f"{path}: the exported graph differs from PyTorch by {worst:.3g} (> {tolerance:g})")
    return worst


def managed_engine_form(graph):
    """Whether the managed C# engine can lower the graph: it runs the LSTM stack on the model input as
    given (only Transpose and Shape may read the input; the state inputs only through Slice) and then one
    chain on one LSTM time step. A Reshape of the input (stack > 1) or a head reading the input is refused."""
    inputs = {i.name for i in graph.graph.input} - {t.name for t in graph.graph.initializer}
    allowed = {"Transpose", "Shape", "Slice", "LSTM"}
    return all(node.op_type in allowed for node in graph.graph.node if inputs & set(node.input))


def io_shapes(graph):
    def dims(value):
        return [d.dim_value if d.dim_value else d.dim_param for d in value.type.tensor_type.shape.dim]
    return ({i.name: dims(i) for i in graph.graph.input}, {o.name: dims(o) for o in graph.graph.output})


def strict_json(value):
    """The value with NaN and infinities as null and NumPy scalars/arrays as plain values: JSON that any
    parser reads (Python's default writes NaN/Infinity, which System.Text.Json rejects)."""
    if isinstance(value, dict):
        return {str(k): strict_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strict_json(v) for v in value]
    if isinstance(value, np.ndarray):
        return strict_json(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pathlib.PurePath):
        return str(value)
    return value


def write_card(onnx_path, card):
    onnx_path = pathlib.Path(onnx_path)
    card = {"name": onnx_path.stem, "onnx": onnx_path.name, "sha256": sha256(onnx_path), **card}
    path = onnx_path.with_suffix(".json")
    path.write_text(json.dumps(strict_json(card), indent=2, allow_nan=False) + "\n")
    return path


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def export_emotion(net, onnx_path, check_frames, training, metrics, license=LICENSE):
    """Stateful emotion model -> NAME.onnx + NAME.json; check_frames: z-scored frames [n, 44, 128]."""
    trained, net = net.eval(), net.exportable()
    h, c = net.zero_state()
    mel = torch.from_numpy(np.ascontiguousarray(check_frames[:1]))
    graph = to_onnx(_StatefulStep(net), (mel, h, c), ["mel", "h_in", "c_in"], ["av", "h_out", "c_out"])
    # Check with a non-zero state: the second frame, after the first.
    with torch.no_grad():
        _, h1, c1 = net(mel, h, c)
        mel2 = torch.from_numpy(np.ascontiguousarray(check_frames[1:2]))
        av2, h2, c2 = net(mel2, h1, c1)
    # Checked against the trained module: for per-dim-lstm that also checks the block-diagonal packing.
    with torch.no_grad():
        _, h1, c1 = trained(mel, h, c)
        av2, h2, c2 = trained(mel2, h1, c1)
    worst = write_checked(graph, onnx_path, {"mel": mel2.numpy(), "h_in": h1.numpy(), "c_in": c1.numpy()},
                           {"av": av2.numpy(), "h_out": h2.numpy(), "c_out": c2.numpy()})
    inputs, outputs = io_shapes(graph)
    layers, hidden = net.state_shape
    card = {
        "kind": "emotion", "inputs": inputs, "outputs": outputs,
        "state": {"layers": layers, "hidden": hidden},
        "architecture": trained.describe(),
        "parameters": sum(p.numel() for p in trained.parameters()),
        "features": FEATURES, "labels": LABELS, "license": license, "opset": OPSET,
        "ops": onnx_numpy.Graph(onnx_path).ops, "export_check": {"numpy_vs_torch_max_abs": worst},
        "engines": {"onnxruntime": True, "managed": managed_engine_form(graph)},
        "created_utc": utc_now(), "training": training, "metrics": metrics,
    }
    return write_card(onnx_path, card)


def export_forecaster(net, onnx_path, check_histories, training, metrics, license=LICENSE):
    """Forecaster -> NAME.onnx + NAME.json; check_histories: [n, 10, 2]."""
    net.eval()
    history = torch.from_numpy(np.ascontiguousarray(check_histories[:1], dtype=np.float32))
    # Traced with a symbolic batch, declared with batch 1: the implicit-batch trace of a one-layer LSTM
    # creates its zero state with Expand, outside the op set; the symbolic one uses ConstantOfShape.
    graph = to_onnx(net, (history,), ["history"], ["next"], {"history": {0: "N"}, "next": {0: "N"}})
    for value in list(graph.graph.input) + list(graph.graph.output):
        value.type.tensor_type.shape.dim[0].dim_value = 1
    onnx.checker.check_model(graph, full_check=True)
    with torch.no_grad():
        expected = net(history).numpy()
    worst = write_checked(graph, onnx_path, {"history": history.numpy()}, {"next": expected})
    inputs, outputs = io_shapes(graph)
    card = {
        "kind": "forecaster", "inputs": inputs, "outputs": outputs, "state": None,
        "architecture": f"LSTM(2 -> {net.hidden}) -> Linear({net.hidden} -> {2 * net.horizon}) on the last step -> tanh",
        "history": 10, "horizon_seconds": [0.5 * (k + 1) for k in range(net.horizon)],
        "labels": LABELS, "license": license, "opset": OPSET, "ops": onnx_numpy.Graph(onnx_path).ops,
        "export_check": {"numpy_vs_torch_max_abs": worst},
        "engines": {"onnxruntime": True, "managed": managed_engine_form(graph)}, "created_utc": utc_now(),
        "training": training, "metrics": metrics,
    }
    return write_card(onnx_path, card)


def write_parity_fixture(net, frames, out_dir, track, model_sha256, frames_count=PARITY_FRAMES):
    """C# parity data for a stateful model: .npy files in out_dir.

      mel.npy    float32 [F, 44, 128]  consecutive z-scored frames of one held-out track, in order
      av.npy     float32 [F, 2]        PyTorch's output per frame, state carried from a zero state
      h_out.npy, c_out.npy  float32 [L, 1, H]  the state after the last frame
      fixture.json                      what the files are, the track, the sha256 of the .onnx they belong to
    """
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    mel = np.ascontiguousarray(frames[:frames_count], dtype=np.float32)
    net.eval()
    h, c = net.zero_state()
    avs = []
    with torch.no_grad():
        for k in range(len(mel)):
            av, h, c = net(torch.from_numpy(mel[k:k + 1]), h, c)
            avs.append(av[0].numpy())
    np.save(out_dir / "mel.npy", mel)
    np.save(out_dir / "av.npy", np.stack(avs).astype(np.float32))
    np.save(out_dir / "h_out.npy", h.numpy().astype(np.float32))
    np.save(out_dir / "c_out.npy", c.numpy().astype(np.float32))
    (out_dir / "fixture.json").write_text(json.dumps({
        "what": "frames fed one by one from a zero state, the state carried; av per frame, state after the last",
        "track": track, "frames": len(mel), "model_sha256": model_sha256, "tolerance": "abs 1e-5",
    }, indent=2) + "\n")
    return out_dir
