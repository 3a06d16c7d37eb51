"""The emotion architectures of --arch: the same stateful step, their exports, and bad names."""

import contextlib
import io
import json
import unittest

import numpy as np
import torch

import support
from musicemotion_training import export, model, onnx_numpy, train
from test_model_export import assert_run_frames_is_forward_frame_by_frame, frames, trained_looking

import train_models

SMALL = {"lstm": (8, 1), "per-dim-lstm": (6, 2), "cnn-lstm": (8, 1), "paper": (5, 2)}


def small(arch):
    net = trained_looking(model.build(arch, *SMALL[arch]))
    if arch == "cnn-lstm":  # the recurrent part swings; three convolutions scaled 3x each would blow up 27x
        with torch.no_grad():
            for p in net.cnn.parameters():
                p.div_(3.0)
    return net


class StatefulStep(unittest.TestCase):
    def test_run_frames_is_forward_frame_by_frame_with_the_state_carried(self):
        for arch in model.ARCHITECTURES:
            with self.subTest(arch=arch):
                assert_run_frames_is_forward_frame_by_frame(small(arch))

    def test_state_shapes_pack_every_recurrent_part(self):
        shapes = {arch: model.build(arch, 20, 2).state_shape for arch in model.ARCHITECTURES}
        self.assertEqual(shapes, {"lstm": (2, 20), "per-dim-lstm": (2, 40), "cnn-lstm": (2, 20), "paper": (4, 20)})

    def test_per_dimension_stacks_do_not_read_each_other(self):
        """Arousal depends only on the arousal stack: changing the valence stack leaves it bit for bit."""
        net = small("per-dim-lstm")
        x = torch.from_numpy(frames(2))
        with torch.no_grad():
            before, _, _ = net.run_frames(x[None], *net.zero_state())
            for p in net.valence.parameters():
                p.add_(0.5)
            after, _, _ = net.run_frames(x[None], *net.zero_state())
        np.testing.assert_array_equal(before[..., 0].numpy(), after[..., 0].numpy())
        self.assertGreater(float((before[..., 1] - after[..., 1]).abs().max()), 1e-3)

    def test_packed_per_dimension_model_is_the_same_arithmetic(self):
        net = small("per-dim-lstm")
        packed = net.exportable()
        self.assertEqual(type(packed), model.EmotionModel)
        x = torch.from_numpy(frames(6))
        with torch.no_grad():
            ours, h, c = net.run_frames(x[None], *net.zero_state())
            theirs, h2, c2 = packed.run_frames(x[None], *packed.zero_state())
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), atol=1e-6)
        np.testing.assert_allclose(h.numpy(), h2.numpy(), atol=1e-6)
        np.testing.assert_allclose(c.numpy(), c2.numpy(), atol=1e-5)

    def test_quadrant_head_learns_with_the_regression(self):
        """A few steps on frames whose quadrant is told by their level: the head's cross-entropy falls."""
        torch.manual_seed(0)
        rng = np.random.default_rng(0)
        net = model.build("cnn-lstm", 8, 1)
        optimiser = torch.optim.Adam(net.parameters(), lr=1e-2)
        labels = rng.choice([-0.6, 0.6], (4, 4, 2)).astype(np.float32)
        x = (rng.standard_normal((4, 4, 44, 128)) + labels[..., :1, None] * np.linspace(-1, 1, 128)).astype(np.float32)
        target = torch.from_numpy(train.metrics.quadrant(labels.reshape(-1, 2)))

        def cross_entropy():
            with torch.no_grad():
                _, logits, _, _ = net.run_frames(torch.from_numpy(x), *net.zero_state(4), logits=True)
            return float(torch.nn.functional.cross_entropy(logits.reshape(-1, 4), target))
        start = cross_entropy()
        for _ in range(15):
            train._tbptt(net, optimiser, x, labels, np.ones_like(labels), chunk=2, quadrant_weight=1.0)
        self.assertLess(cross_entropy(), 0.8 * start)


class Export(support.TempDirTest):
    def test_each_architecture_exports_the_contract_and_the_file_matches_torch_with_the_state_carried(self):
        x = frames(8, seed=3)
        for arch in model.ARCHITECTURES:
            with self.subTest(arch=arch):
                net = small(arch)
                path = self.root / f"{arch}.onnx"
                card = json.loads(export.export_emotion(net, path, x, {"data": "test"}, {"test": {}}).read_text())
                layers, hidden = net.state_shape
                self.assertEqual(card["inputs"], {"mel": [1, 44, 128], "h_in": [layers, 1, hidden], "c_in": [layers, 1, hidden]})
                self.assertEqual(card["outputs"], {"av": [1, 2], "h_out": [layers, 1, hidden], "c_out": [layers, 1, hidden]})
                self.assertEqual(card["state"], {"layers": layers, "hidden": hidden})
                self.assertEqual(card["parameters"], sum(p.numel() for p in net.parameters()))
                self.assertEqual(card["engines"]["managed"], arch != "cnn-lstm")
                graph = onnx_numpy.Graph(path)
                h, c = np.zeros((layers, 1, hidden)), np.zeros((layers, 1, hidden))
                th, tc = net.zero_state()
                for k in range(len(x)):
                    out = graph.run({"mel": x[k:k + 1], "h_in": h, "c_in": c})
                    h, c = out["h_out"], out["c_out"]
                    with torch.no_grad():
                        av, th, tc = net(torch.from_numpy(x[k:k + 1]), th, tc)
                    np.testing.assert_allclose(out["av"], av.numpy(), atol=1e-5)
                np.testing.assert_allclose(h, th.numpy(), atol=1e-5)

    def test_convolutions_are_onnx_runtime_only(self):
        path = self.root / "cnn.onnx"
        export.export_emotion(small("cnn-lstm"), path, frames(2), {}, {})
        ops = set(onnx_numpy.Graph(path).ops)
        self.assertEqual(ops & onnx_numpy.ONNXRUNTIME_ONLY_OPS, {"Conv", "MaxPool"})
        self.assertLessEqual(ops, onnx_numpy.ALLOWED_OPS | onnx_numpy.ONNXRUNTIME_ONLY_OPS)

    def test_interpreter_convolution_and_pooling_match_torch(self):
        rng = np.random.default_rng(1)
        x = rng.standard_normal((2, 3, 11, 9))
        conv = torch.nn.Conv2d(3, 4, (3, 2), stride=(2, 1), padding=(1, 0)).double()
        pool = torch.nn.MaxPool2d((3, 2), stride=(2, 2))
        with torch.no_grad():
            expected = pool(conv(torch.from_numpy(x))).numpy()
        node = type("Node", (), {"name": "n"})
        got = onnx_numpy._conv(node, [x, conv.weight.detach().numpy(), conv.bias.detach().numpy()],
                               {"strides": [2, 1], "pads": [1, 0, 1, 0]})
        got = onnx_numpy._max_pool(node, [got], {"kernel_shape": [3, 2], "strides": [2, 2]})
        np.testing.assert_allclose(got, expected, atol=1e-12)


class CommandLine(unittest.TestCase):
    def run_main(self, argv):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = train_models.main(argv)
            except SystemExit as stop:
                code = stop.code
        return code, stderr.getvalue().strip().splitlines()

    def test_unknown_architecture_is_a_one_line_error_naming_it_and_the_choices(self):
        code, lines = self.run_main(["--dataset", "x", "--out", "y", "--arch", "transformer"])
        self.assertEqual((code, lines), (1, ["train_models: unknown architecture 'transformer': "
                                             "expected one of lstm, per-dim-lstm, cnn-lstm, paper"]))

    def test_stack_with_another_architecture_is_refused_before_any_work(self):
        code, lines = self.run_main(["--dataset", "/nonexistent", "--out", "y", "--arch", "paper", "--stack", "4"])
        self.assertEqual((code, len(lines)), (1, 1))
        self.assertEqual(lines[0], "train_models: architecture 'paper': --stack and --dropout apply to lstm only")

    def test_each_architecture_has_a_default_size(self):
        self.assertEqual(set(model.DEFAULT_SIZES), set(model.ARCHITECTURES))
        for arch, size in model.DEFAULT_SIZES.items():
            model.build(arch, *map(int, size.split("x")))


if __name__ == "__main__":
    unittest.main()
