"""Models, their ONNX export, the cards and the C# parity fixture."""

import json
import unittest

import numpy as np
import onnx
import torch

import support
from musicemotion_training import export, features, model, onnx_numpy

CARD_KEYS = {"name", "kind", "onnx", "sha256", "inputs", "outputs", "state", "features", "labels", "license",
             "training", "metrics"}


def frames(n, seed=0):
    z, _ = features.zscore(np.random.default_rng(seed).uniform(0, 5, (n, 128, 44)).astype(np.float32))
    return z


def trained_looking(net, seed=0):
    """Weights scaled up so outputs swing across [-1, 1] (a fresh init barely moves): a strong parity check."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for p in net.parameters():
            p.mul_(3.0)
    return net.eval()


def assert_run_frames_is_forward_frame_by_frame(net, count=6):
    """run_frames over `count` frames equals `count` calls of forward with the state carried."""
    x = torch.from_numpy(frames(count))
    h, c = net.zero_state()
    stepped = []
    with torch.no_grad():
        for k in range(count):
            av, h, c = net(x[k:k + 1], h, c)
            stepped.append(av[0])
        together, h2, c2 = net.run_frames(x[None], *net.zero_state())
    np.testing.assert_allclose(torch.stack(stepped).numpy(), together[0].numpy(), atol=1e-6)
    np.testing.assert_allclose(h.numpy(), h2.numpy(), atol=1e-6)
    np.testing.assert_allclose(c.numpy(), c2.numpy(), atol=1e-5)


class StatefulSteps(unittest.TestCase):
    def test_run_frames_is_forward_frame_by_frame_with_the_state_carried(self):
        for stack in (1, 4):
            with self.subTest(stack=stack):
                assert_run_frames_is_forward_frame_by_frame(trained_looking(model.EmotionModel(16, 2, stack)))

    def test_stack_must_divide_44(self):
        with self.assertRaisesRegex(ValueError, "stack must divide 44"):
            model.EmotionModel(8, 1, stack=5)


class EmotionExport(support.TempDirTest):
    def export(self, net, name="m"):
        card = export.export_emotion(net, self.root / f"{name}.onnx", frames(2), {"data": "test"}, {"test": {}})
        return json.loads(card.read_text())

    def test_card_is_strict_json_even_with_unbounded_or_undefined_numbers(self):
        net = trained_looking(model.EmotionModel(8, 1))
        path = export.export_emotion(net, self.root / "n.onnx", frames(2), {"time_budget_s": float("inf")},
                                     {"pearson": float("nan"), "values": np.array([1.5, np.inf])})
        text = path.read_text()
        self.assertNotIn("Infinity", text)
        self.assertNotIn("NaN", text)
        card = json.loads(text, parse_constant=lambda name: self.fail(f"non-standard JSON constant {name}"))
        self.assertIsNone(card["training"]["time_budget_s"])
        self.assertEqual(card["metrics"]["values"], [1.5, None])

    def test_card_has_the_contract_keys_shapes_and_sha256(self):
        card = self.export(trained_looking(model.EmotionModel(24, 2)))
        self.assertLessEqual(CARD_KEYS, set(card))
        self.assertEqual(card["kind"], "emotion")
        self.assertEqual(card["onnx"], "m.onnx")
        self.assertEqual(card["sha256"], export.sha256(self.root / "m.onnx"))
        self.assertEqual(card["inputs"], {"mel": [1, 44, 128], "h_in": [2, 1, 24], "c_in": [2, 1, 24]})
        self.assertEqual(card["outputs"], {"av": [1, 2], "h_out": [2, 1, 24], "c_out": [2, 1, 24]})
        self.assertEqual(card["state"], {"layers": 2, "hidden": 24})
        self.assertEqual(card["labels"], ["arousal", "valence"])
        self.assertEqual(card["features"]["normalisation"], "per-frame z-score, unbiased std")
        self.assertLessEqual(set(card["ops"]), onnx_numpy.ALLOWED_OPS)
        self.assertEqual(card["engines"], {"onnxruntime": True, "managed": True})
        self.assertEqual(onnx.load(str(self.root / "m.onnx")).opset_import[0].version, 14)

    def test_stacked_input_is_marked_as_outside_the_managed_engine(self):
        # The managed engine refuses a Reshape that mixes the input's time and feature axes.
        card = self.export(trained_looking(model.EmotionModel(8, 1, stack=4)), "stacked")
        self.assertFalse(card["engines"]["managed"])

    def test_onnx_file_matches_torch_over_48_frames_with_the_state_carried(self):
        for stack in (1, 4):
            with self.subTest(stack=stack):
                net = trained_looking(model.EmotionModel(20, 2, stack))
                self.export(net, f"s{stack}")
                graph = onnx_numpy.Graph(self.root / f"s{stack}.onnx")
                x = frames(48, seed=stack)
                with torch.no_grad():
                    expected, h_t, c_t = net.run_frames(torch.from_numpy(x)[None], *net.zero_state())
                h, c = np.zeros((2, 1, 20)), np.zeros((2, 1, 20))
                got = []
                for k in range(48):
                    out = graph.run({"mel": x[k:k + 1], "h_in": h, "c_in": c})
                    h, c = out["h_out"], out["c_out"]
                    got.append(out["av"][0])
                self.assertGreater(float(np.ptp(expected[0].numpy())), 0.5, "outputs should swing for a strong check")
                np.testing.assert_allclose(np.array(got), expected[0].numpy(), rtol=0, atol=1e-5)
                np.testing.assert_allclose(h, h_t.numpy(), rtol=0, atol=1e-5)
                np.testing.assert_allclose(c, c_t.numpy(), rtol=0, atol=1e-5)

    def test_parity_fixture_is_reproduced_by_the_exported_file(self):
        net = trained_looking(model.EmotionModel(16, 2))
        self.export(net)
        fixture = export.write_parity_fixture(net, frames(50), self.root / "parity", "synthetic:1",
                                              export.sha256(self.root / "m.onnx"))
        mel, av = np.load(fixture / "mel.npy"), np.load(fixture / "av.npy")
        self.assertEqual((mel.shape, av.shape, mel.dtype), ((40, 44, 128), (40, 2), np.float32))
        graph = onnx_numpy.Graph(self.root / "m.onnx")
        h, c = np.zeros((2, 1, 16)), np.zeros((2, 1, 16))
        for k in range(40):
            out = graph.run({"mel": mel[k:k + 1], "h_in": h, "c_in": c})
            h, c = out["h_out"], out["c_out"]
            np.testing.assert_allclose(out["av"][0], av[k], rtol=0, atol=1e-5)
        np.testing.assert_allclose(h, np.load(fixture / "h_out.npy"), rtol=0, atol=1e-5)
        np.testing.assert_allclose(c, np.load(fixture / "c_out.npy"), rtol=0, atol=1e-5)
        meta = json.loads((fixture / "fixture.json").read_text())
        self.assertEqual(meta["model_sha256"], export.sha256(self.root / "m.onnx"))


class ForecasterExport(support.TempDirTest):
    def test_forecaster_onnx_matches_torch_and_its_card_has_the_horizon(self):
        torch.manual_seed(3)
        net = model.ForecasterModel(16, 4).eval()
        histories = np.random.default_rng(2).uniform(-0.8, 0.8, (5, 10, 2)).astype(np.float32)
        card = json.loads(export.export_forecaster(net, self.root / "f.onnx", histories, {}, {}).read_text())
        self.assertLessEqual(CARD_KEYS - {"features"}, set(card))
        self.assertEqual((card["kind"], card["history"], card["horizon_seconds"]), ("forecaster", 10, [0.5, 1.0, 1.5, 2.0]))
        self.assertEqual(card["inputs"], {"history": [1, 10, 2]})
        self.assertEqual(card["outputs"], {"next": [1, 4, 2]})
        self.assertTrue(card["engines"]["managed"])
        graph = onnx_numpy.Graph(self.root / "f.onnx")
        with torch.no_grad():
            expected = net(torch.from_numpy(histories)).numpy()
        for k in range(5):
            np.testing.assert_allclose(graph.run({"history": histories[k:k + 1]})["next"][0], expected[k], atol=1e-5)
        self.assertTrue(np.all(np.abs(expected) <= 1.0))


class Interpreter(support.TempDirTest):
    def test_reproduces_the_onnx_runtime_references_of_the_stateful_random_model(self):
        ref = support.require_reference()
        graph = onnx_numpy.Graph(ref / "stateful_random.onnx")
        z, _ = features.zscore(np.load(ref / "sad.logmel.npy"))
        h, c = np.zeros((2, 1, 32)), np.zeros((2, 1, 32))
        got = []
        for k in range(len(z)):
            out = graph.run({"mel": z[k:k + 1], "h_in": h, "c_in": c})
            h, c = out["h_out"], out["c_out"]
            got.append(out["av"][0])
        np.testing.assert_allclose(np.array(got), np.load(ref / "sad.stateful_av.npy"), rtol=0, atol=1e-5)
        state = np.load(ref / "sad.stateful_state.npy")
        np.testing.assert_allclose(h[:, 0], state[0], atol=1e-5)
        np.testing.assert_allclose(c[:, 0], state[1], atol=1e-5)

    def test_op_outside_the_set_is_refused(self):
        node = onnx.helper.make_node("Mul", ["x", "x"], ["y"])
        graph = onnx.helper.make_graph([node], "g", [onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])],
                                       [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1])])
        with self.assertRaisesRegex(onnx_numpy.UnsupportedGraph, "ops outside the project's op set: Mul"):
            onnx_numpy.Graph(onnx.helper.make_model(graph))


if __name__ == "__main__":
    unittest.main()
