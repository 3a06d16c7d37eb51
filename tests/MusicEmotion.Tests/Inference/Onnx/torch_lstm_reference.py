"""Runs a stateful LSTM emotion model (the project's contract, torch's export pattern) in torch, from its .onnx weights.

usage: torch_lstm_reference.py MODEL.onnx FRAMES.npy OUT_DIR
  FRAMES.npy: float32 [n, 44, bands], fed in order from a zero state with the state carried frame to frame.
  Writes OUT_DIR/av.npy [n, 2] and OUT_DIR/state.npy [2 (h, c), layers, hidden] after the last frame.

The weights come from the file through onnx.numpy_helper; the network is rebuilt from torch modules, so the
result depends on the ONNX operator semantics (LSTM gate order i, o, f, c; both biases added; Gemm with transB),
not on the engine under test.
"""
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper


def torch_gate_order(blocks):
    """ONNX stacks gate blocks i, o, f, c; torch stacks i, f, g (= c), o."""
    i, o, f, c = np.split(blocks, 4, axis=0)
    return np.concatenate([i, f, c, o], axis=0)


def main(model_path, frames_path, out_dir):
    model = onnx.load(model_path)
    weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    lstms = [n for n in model.graph.node if n.op_type == "LSTM"]
    gemm = next(n for n in model.graph.node if n.op_type == "Gemm")
    assert [a.name for a in gemm.attribute if a.name == "transB" and a.i == 1], "expected Gemm with transB=1"

    layers = []
    for node in lstms:
        w, r, b = (weights[name] for name in node.input[1:4])
        hidden = r.shape[-1]
        lstm = torch.nn.LSTM(w.shape[-1], hidden)
        with torch.no_grad():
            lstm.weight_ih_l0.copy_(torch.from_numpy(torch_gate_order(w[0])))
            lstm.weight_hh_l0.copy_(torch.from_numpy(torch_gate_order(r[0])))
            lstm.bias_ih_l0.copy_(torch.from_numpy(torch_gate_order(b[0, : 4 * hidden])))
            lstm.bias_hh_l0.copy_(torch.from_numpy(torch_gate_order(b[0, 4 * hidden :])))
        layers.append(lstm)
    linear = torch.nn.Linear(weights[gemm.input[1]].shape[1], weights[gemm.input[1]].shape[0])
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(weights[gemm.input[1]]))
        linear.bias.copy_(torch.from_numpy(weights[gemm.input[2]]))

    frames = np.load(frames_path)
    hidden = layers[0].hidden_size
    state = [(torch.zeros(1, 1, hidden), torch.zeros(1, 1, hidden)) for _ in layers]
    readings = []
    with torch.no_grad():
        for frame in frames:
            x = torch.from_numpy(frame).unsqueeze(1)  # [time, batch, features]
            for k, lstm in enumerate(layers):
                x, state[k] = lstm(x, state[k])
            readings.append(torch.tanh(linear(x[-1, 0])).numpy())
    np.save(os.path.join(out_dir, "av.npy"), np.stack(readings).astype(np.float32))
    h = np.stack([s[0][0, 0].numpy() for s in state])
    c = np.stack([s[1][0, 0].numpy() for s in state])
    np.save(os.path.join(out_dir, "state.npy"), np.stack([h, c]).astype(np.float32))


if __name__ == "__main__":
    main(*sys.argv[1:4])
