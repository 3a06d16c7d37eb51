#!/usr/bin/python3
"""Times MusicEmotion's per-frame path in Python: the NumPy reference of the feature contract, then the same
ONNX model rebuilt as a PyTorch network (eval mode, torch.no_grad, one thread), then the forecaster.

  tools/bench/pytorch_bench.py --frames FRAMES.npy --model MODEL.onnx [--forecaster F.onnx|linear] --run N
  tools/bench/pytorch_bench.py --frames FRAMES.npy --model MODEL.onnx [--forecaster F.onnx|linear] --serve

FRAMES.npy is float32 [n, 22050]: the 0.5 s audio frames to cycle through (`musicemotion bench` writes the
ones it times). --run N times N frames and prints one JSON object. --serve is the protocol of
`musicemotion bench --against-pytorch`: after loading it prints `ready {"torch": ..., "threads": 1}`; each
stdin line `run K` times the next K frames and answers one JSON line of per-frame microseconds
{"features_us": [...], "inference_us": [...], "forecast_us": [...], "total_us": [...]}; `quit` or the end of
stdin stops it. Any failure is one line `error MESSAGE` on stdout and exit status 3.

The model is rebuilt from the ONNX file's initializers: each LSTM node becomes a one-layer torch.nn.LSTM
(ONNX gate order i, o, f, c reordered to torch's i, f, g, o), the Gemm head a torch.nn.Linear, a trailing
Tanh a tanh. Models with h_in/c_in inputs carry their state from frame to frame, as the C# engines do.
"""

import argparse
import json
import pathlib
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "reference"))

INSTALL = "apt-get install python3-torch python3-numpy python3-scipy python3-onnx"


class BenchError(Exception):
    pass


def fail(message):
    print(f"error {message}", flush=True)
    sys.exit(3)


try:
    import numpy as np
    import onnx
    from onnx import numpy_helper
    import torch
except ImportError as missing:
    fail(f"{sys.executable} lacks the module '{missing.name}'; install it with: {INSTALL}")

import features_numpy  # noqa: E402  (after the path and the dependency check above)

# (i, o, f, c) blocks of ONNX -> (i, f, c, o), which is torch's (i, f, g, o).
ONNX_TO_TORCH_GATES = (0, 2, 3, 1)
PLUMBING = {"Shape", "Constant", "Gather", "Unsqueeze", "Squeeze", "Concat", "ConstantOfShape", "Transpose",
            "Slice", "Reshape", "Identity", "Cast"}


def reorder_gates(tensor, hidden):
    blocks = [tensor[k * hidden:(k + 1) * hidden] for k in range(4)]
    return np.concatenate([blocks[k] for k in ONNX_TO_TORCH_GATES], axis=0)


class OnnxLstmNetwork(torch.nn.Module):
    """A chain of LSTM nodes, the head on the last step, an optional tanh: the shape of every MusicEmotion model."""

    def __init__(self, path):
        super().__init__()
        try:
            graph = onnx.load(str(path)).graph
        except Exception as error:  # onnx raises several types for a bad file
            raise BenchError(f"{path}: not an ONNX model ({error})") from error
        weights = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
        self.stateful = any(i.name == "h_in" for i in graph.input)
        self.lstms = torch.nn.ModuleList()
        self.head = None
        self.tanh = False
        pending_matmul = None
        for node in graph.node:
            if node.op_type == "LSTM":
                self.lstms.append(self._lstm(node, weights, path))
            elif node.op_type == "Gemm":
                attrs = {a.name: a for a in node.attribute}
                w = weights[node.input[1]]
                if attrs.get("transB") is None or attrs["transB"].i == 0:
                    w = w.T
                self.head = self._linear(w, weights[node.input[2]])
            elif node.op_type == "MatMul" and node.input[1] in weights:
                pending_matmul = weights[node.input[1]].T
            elif node.op_type == "Add" and pending_matmul is not None and node.input[1] in weights:
                self.head = self._linear(pending_matmul, weights[node.input[1]])
                pending_matmul = None
            elif node.op_type == "Tanh" and self.head is not None:
                self.tanh = True
            elif node.op_type not in PLUMBING:
                raise BenchError(f"{path}: operator {node.op_type} is not part of an LSTM model; cannot rebuild it in torch")
        if not self.lstms or self.head is None:
            raise BenchError(f"{path}: expected LSTM layers and a linear head, found {len(self.lstms)} LSTM nodes")
        self.eval()
        self.state = None

    @staticmethod
    def _lstm(node, weights, path):
        attrs = {a.name: a for a in node.attribute}
        direction = attrs["direction"].s.decode() if "direction" in attrs else "forward"
        if direction != "forward":
            raise BenchError(f"{path}: {direction} LSTM layers are not supported")
        w, r = weights[node.input[1]][0], weights[node.input[2]][0]
        hidden = r.shape[1]
        b = weights[node.input[3]][0] if len(node.input) > 3 and node.input[3] in weights else np.zeros(8 * hidden, np.float32)
        lstm = torch.nn.LSTM(w.shape[1], hidden, num_layers=1, batch_first=True)
        with torch.no_grad():
            lstm.weight_ih_l0.copy_(torch.tensor(reorder_gates(w, hidden)))
            lstm.weight_hh_l0.copy_(torch.tensor(reorder_gates(r, hidden)))
            lstm.bias_ih_l0.copy_(torch.tensor(reorder_gates(b[:4 * hidden], hidden)))
            lstm.bias_hh_l0.copy_(torch.tensor(reorder_gates(b[4 * hidden:], hidden)))
        return lstm

    @staticmethod
    def _linear(weight_out_in, bias):
        linear = torch.nn.Linear(weight_out_in.shape[1], weight_out_in.shape[0])
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(np.ascontiguousarray(weight_out_in)))
            linear.bias.copy_(torch.tensor(bias.reshape(-1)))
        return linear

    def forward(self, x):
        states = []
        for k, lstm in enumerate(self.lstms):
            x, state = lstm(x, self.state[k] if self.state is not None else None)
            states.append(state)
        if self.stateful:
            self.state = states
        y = self.head(x[:, -1, :])
        return torch.tanh(y) if self.tanh else y


def linear_trend(history):
    """The C# linear-trend fallback's job: a least-squares line through the history, one step ahead."""
    t = np.arange(len(history), dtype=np.float64)
    slope, intercept = np.polyfit(t, history, 1)
    return slope * len(history) + intercept


class FramePath:
    def __init__(self, frames_path, model_path, forecaster):
        try:
            self.frames = np.load(frames_path)
        except (OSError, ValueError) as error:
            raise BenchError(f"{frames_path}: cannot read the frames ({error})") from error
        if self.frames.ndim != 2 or self.frames.shape[1] != features_numpy.CLIP_LENGTH:
            raise BenchError(f"{frames_path}: expected float32 [n, {features_numpy.CLIP_LENGTH}], got {self.frames.shape}")
        self.model = OnnxLstmNetwork(model_path)
        self.forecaster = None if forecaster == "linear" else OnnxLstmNetwork(forecaster)
        self.history = []
        self.next = 0

    def run(self, count):
        times = {"features_us": [], "inference_us": [], "forecast_us": [], "total_us": []}
        clock = time.perf_counter_ns
        with torch.no_grad():
            for _ in range(count):
                clip = self.frames[self.next]
                self.next = (self.next + 1) % len(self.frames)
                start = clock()
                z, _ = features_numpy.zscore(features_numpy.logmel_clip(clip))
                featured = clock()
                av = self.model(torch.from_numpy(z))[0].numpy()
                inferred = clock()
                self.history = (self.history or [av] * 10)[1:] + [av]
                window = np.asarray(self.history, dtype=np.float32)
                if self.forecaster is None:
                    linear_trend(window)
                else:
                    self.forecaster(torch.from_numpy(window[None]))
                done = clock()
                times["features_us"].append((featured - start) / 1e3)
                times["inference_us"].append((inferred - featured) / 1e3)
                times["forecast_us"].append((done - inferred) / 1e3)
                times["total_us"].append((done - start) / 1e3)
        return times


def serve(path):
    print("ready " + json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            return
        if words[0] != "run" or len(words) != 2 or not words[1].isdigit() or int(words[1]) < 1:
            raise BenchError(f"unknown command {line.strip()!r}: expected 'run K' or 'quit'")
        print(json.dumps(path.run(int(words[1]))), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", required=True, type=pathlib.Path, help="float32 [n, 22050] .npy of audio frames")
    parser.add_argument("--model", required=True, type=pathlib.Path, help="the emotion model (.onnx)")
    parser.add_argument("--forecaster", default="linear", help="the forecaster (.onnx) or 'linear'")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--run", type=int, metavar="N", help="time N frames and print one JSON object")
    action.add_argument("--serve", action="store_true", help="answer 'run K' lines on stdin (musicemotion bench)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    try:
        path = FramePath(args.frames, args.model, args.forecaster)
        if args.serve:
            serve(path)
        else:
            print(json.dumps(path.run(args.run)))
    except BenchError as error:
        fail(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
