"""The paper's published models (Jhanji 2024, arXiv:2403.17379; MIT licence) in our format.

Weights come from the paper repository's `model_state_dict.pth` / `predictor_state_dict.pth` or from
the `.weights.npz` files of ../shared/reference (the same tensors under the same PyTorch names).
The emotion model is stateless (zero state per clip): `mel` [N, 44, 128] -> `av` [N, 2]. The predictor
was trained to give the reading 1.0 s after the last of its ten inputs (manifest.json
pipeline.predictor), so its card says horizon_seconds [1.0]: `history` [N, 10, 2] -> `next` [N, 1, 2].
"""

import pathlib

import numpy as np
import torch

from . import export, model as models, onnx_numpy

LICENSE = "MIT, Copyright (c) 2023 Etash Jhanji (github.com/etashj/Exploring-and-Applying-Audio-Based-Sentiment-Analysis)"
SOURCE = "Jhanji, 'Exploring and Applying Audio-Based Sentiment Analysis', arXiv:2403.17379"


def load_state_dict(path):
    """{name: tensor} from a PyTorch state-dict file (.pth/.pt) or an .npz of raw tensors."""
    path = pathlib.Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: weights file not found")
    if path.suffix == ".npz":
        with np.load(path) as npz:
            return {name: torch.from_numpy(np.array(npz[name])) for name in npz.files}
    state = torch.load(path, map_location="cpu")
    if not isinstance(state, dict):
        raise ValueError(f"{path}: expected a state dict (name -> tensor), got {type(state).__name__}")
    return state


def emotion_model(path):
    net = models.PaperEmotionModel()
    _load(net, path)
    return net


def predictor_model(path):
    net = models.PaperPredictorModel()
    _load(net, path)
    return net


def _load(net, path):
    state = load_state_dict(path)
    expected = net.state_dict()
    missing, unexpected = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
    if missing or unexpected:
        raise ValueError(f"{path}: not the paper's {type(net).__name__} weights "
                         f"(missing {missing[:3]}, unexpected {unexpected[:3]})")
    for name, tensor in state.items():
        if tuple(tensor.shape) != tuple(expected[name].shape):
            raise ValueError(f"{path}: {name} has shape {tuple(tensor.shape)}, expected {tuple(expected[name].shape)}")
    net.load_state_dict({k: v.float() for k, v in state.items()})
    net.eval()


def export_emotion(weights, onnx_path, check_frames):
    """The paper's emotion model -> NAME.onnx + NAME.json (stateless, dynamic batch N)."""
    net = emotion_model(weights)
    mel = torch.from_numpy(np.ascontiguousarray(check_frames, dtype=np.float32))
    graph = export.to_onnx(net, (mel,), ["mel"], ["av"], {"mel": {0: "N"}, "av": {0: "N"}})
    with torch.no_grad():
        expected = net(mel).numpy()
    worst = export.write_checked(graph, onnx_path, {"mel": mel.numpy()}, {"av": expected})
    inputs, outputs = export.io_shapes(graph)
    return export.write_card(onnx_path, {
        "kind": "emotion", "inputs": inputs, "outputs": outputs, "state": None,
        "architecture": "LSTM(128 -> 20, 2 layers) -> LSTM(20 -> 20, 2 layers) -> Linear(20 -> 2) on the last step; "
                        "zero state per clip",
        "features": export.FEATURES, "labels": export.LABELS, "license": LICENSE, "opset": export.OPSET,
        "ops": onnx_numpy.Graph(onnx_path).ops, "export_check": {"numpy_vs_torch_max_abs": worst},
        "created_utc": export.utc_now(),
        "training": {"data": "EmoMusic (1000 songs), by the paper's author", "source": SOURCE,
                     "weights": pathlib.Path(weights).name},
        "metrics": {"paper_reported": "validation MSE about 0.054 (RMSE 0.23), EmoMusic"},
    })


def export_predictor(weights, onnx_path, check_histories):
    """The paper's predictor -> NAME.onnx + NAME.json (horizon 1.0 s, dynamic batch N)."""
    net = predictor_model(weights)
    history = torch.from_numpy(np.ascontiguousarray(check_histories, dtype=np.float32))
    graph = export.to_onnx(net, (history,), ["history"], ["next"], {"history": {0: "N"}, "next": {0: "N"}})
    with torch.no_grad():
        expected = net(history).numpy()
    worst = export.write_checked(graph, onnx_path, {"history": history.numpy()}, {"next": expected})
    inputs, outputs = export.io_shapes(graph)
    return export.write_card(onnx_path, {
        "kind": "forecaster", "inputs": inputs, "outputs": outputs, "state": None,
        "architecture": "LSTM(2 -> 32) -> Linear(32 -> 2) on the last step",
        "history": 10, "horizon_seconds": [1.0], "labels": export.LABELS, "license": LICENSE,
        "opset": export.OPSET, "ops": onnx_numpy.Graph(onnx_path).ops,
        "export_check": {"numpy_vs_torch_max_abs": worst}, "created_utc": export.utc_now(),
        "training": {"data": "EmoMusic (1000 songs) annotation sequences, target 1.0 s after the last input",
                     "source": SOURCE, "weights": pathlib.Path(weights).name},
        "metrics": {"paper_reported": "MSE about 0.0004 (training), EmoMusic"},
    })
