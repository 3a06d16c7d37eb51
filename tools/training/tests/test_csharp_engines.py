"""Exported models in the project's own C# engines: `musicemotion analyze` with each engine must give
PyTorch's readings frame by frame (state carried), on features from the C# extractor."""

import csv
import io
import subprocess
import unittest

import numpy as np
import torch

import support
from musicemotion_training import export, features, model, train
from test_model_export import frames, trained_looking


class CSharpEngines(support.TempDirTest):
    def setUp(self):
        super().setUp()
        try:
            self.cli = features.csharp_command()
        except features.FeatureError:
            self.cli = None
        support.require(self.cli is not None, "the musicemotion command (build src/MusicEmotion.Cli or set MUSICEMOTION_CLI)")
        self.ref = support.require_reference()

    def analyze(self, wav, emotion, forecaster, engine):
        result = subprocess.run(self.cli + ["analyze", str(wav), "-m", str(emotion), "--forecaster", str(forecaster),
                                            "--engine", engine, "-f", "csv", "--no-progress"],
                                capture_output=True, text=True, timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        return np.array([[float(r["arousal"]), float(r["valence"])] for r in rows])

    def test_both_engines_reproduce_torch_over_every_frame_of_a_track(self):
        torch.manual_seed(4)
        net = trained_looking(model.EmotionModel(24, 2))
        card = export.export_emotion(net, self.root / "e.onnx", frames(2), {}, {})
        forecaster = model.ForecasterModel(8, 4).eval()
        export.export_forecaster(forecaster, self.root / "f.onnx", np.zeros((1, 10, 2), np.float32), {}, {})
        self.assertIn('"managed": true', card.read_text())
        wav = self.ref / "music" / "sad.wav"
        features.extract([wav], self.root / "features", "csharp", log=lambda _: None)
        logmel, _ = features.load(self.root / "features", wav)
        expected = train.predict(net, logmel)[0]
        self.assertGreater(float(np.ptp(expected)), 0.3)
        for engine in ("managed", "onnxruntime"):
            with self.subTest(engine=engine):
                got = self.analyze(wav, self.root / "e.onnx", self.root / "f.onnx", engine)
                self.assertEqual(got.shape, expected.shape)
                np.testing.assert_allclose(got, expected, rtol=0, atol=2e-5)


if __name__ == "__main__":
    unittest.main()
