"""Exports small LSTM models with the heads our own trained models may have, and torch's outputs for them.

usage: export_torch_heads.py OUT_DIR
  mlp_head.onnx       stateful emotion model: LSTM(128->16, 2 layers) -> Linear -> ReLU -> Linear -> tanh
  sigmoid_head.onnx   stateless emotion model [N,44,128]: LSTM(128->12) -> Linear on out[:, -1:, :] (3-D, so
                      MatMul + Add) -> sigmoid -> reshape to [N, 2]
  forecaster3.onnx    forecaster [1,10,2] -> LSTM(2->24) -> Linear(24->6) -> view [1, 3, 2]
and for each NAME: NAME.input.npy (frames or history windows, fed in order) and NAME.expected.npy (torch's
outputs; for the stateful model with the state carried from frame to frame).
"""
import os
import sys

import numpy as np
import torch

torch.manual_seed(1234)


class MlpHead(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(128, 16, num_layers=2, batch_first=True)
        self.fc1 = torch.nn.Linear(16, 8)
        self.fc2 = torch.nn.Linear(8, 2)
        for p in self.parameters():
            p.data *= 3  # swing across [-1, 1] so that a wrong result shows

    def forward(self, mel, h_in, c_in):
        out, (h_out, c_out) = self.lstm(mel, (h_in, c_in))
        return torch.tanh(self.fc2(torch.relu(self.fc1(out[:, -1, :])))), h_out, c_out


class SigmoidHead(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(128, 12, batch_first=True)
        self.linear = torch.nn.Linear(12, 2)

    def forward(self, mel):
        out, _ = self.lstm(mel)
        y = torch.sigmoid(self.linear(out[:, -1:, :]))
        return y.reshape(y.shape[0], 2)


class Forecaster(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(2, 24, batch_first=True)
        self.fc = torch.nn.Linear(24, 6)

    def forward(self, history):
        out, _ = self.lstm(history)
        return self.fc(out[:, -1, :]).view(1, 3, 2)


def export(model, args, path, inputs, outputs, dynamic_axes=None):
    torch.onnx.export(model, args, path, opset_version=14, input_names=inputs, output_names=outputs,
                      dynamic_axes=dynamic_axes)


def main(out_dir):
    mlp = MlpHead().eval()
    frames = torch.randn(6, 1, 44, 128)
    zeros = torch.zeros(2, 1, 16)
    export(mlp, (frames[0], zeros, zeros), os.path.join(out_dir, "mlp_head.onnx"),
           ["mel", "h_in", "c_in"], ["av", "h_out", "c_out"])
    with torch.no_grad():
        h, c, readings = zeros, zeros, []
        for frame in frames:
            av, h, c = mlp(frame, h, c)
            readings.append(av[0].numpy())
    np.save(os.path.join(out_dir, "mlp_head.input.npy"), frames[:, 0].numpy())
    np.save(os.path.join(out_dir, "mlp_head.expected.npy"), np.stack(readings))

    sigmoid = SigmoidHead().eval()
    frames = torch.randn(4, 44, 128)
    export(sigmoid, (frames[:1],), os.path.join(out_dir, "sigmoid_head.onnx"), ["mel"], ["av"],
           {"mel": {0: "N"}, "av": {0: "N"}})
    with torch.no_grad():
        expected = sigmoid(frames).numpy()
    np.save(os.path.join(out_dir, "sigmoid_head.input.npy"), frames.numpy())
    np.save(os.path.join(out_dir, "sigmoid_head.expected.npy"), expected)

    forecaster = Forecaster().eval()
    windows = torch.rand(5, 1, 10, 2) * 2 - 1
    export(forecaster, (windows[0],), os.path.join(out_dir, "forecaster3.onnx"), ["history"], ["next"])
    with torch.no_grad():
        expected = np.stack([forecaster(w)[0].numpy() for w in windows])
    np.save(os.path.join(out_dir, "forecaster3.input.npy"), windows[:, 0].numpy())
    np.save(os.path.join(out_dir, "forecaster3.expected.npy"), expected)


if __name__ == "__main__":
    main(sys.argv[1])
