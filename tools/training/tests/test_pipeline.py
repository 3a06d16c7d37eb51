"""The training command end to end on a tiny corpus (NumPy features), and the weak labels it uses."""

import json
import shutil
import subprocess
import sys
import unittest

import numpy as np

import support
from musicemotion_training import corpus, export, onnx_numpy, weak_labels


class TinyCorpus(unittest.TestCase):
    """One tiny synthetic corpus (6 tracks of 24 s) and a folder of 'real' music, shared by the tests."""

    @classmethod
    def setUpClass(cls):
        cls.dir = support.TempDirTest()
        cls.dir.setUp()
        cls.root = cls.dir.root
        corpus.generate(cls.root / "corpus", n_tracks=6, seed=9, duration=24.0, log=lambda _: None)
        music = cls.root / "music" / "album"
        music.mkdir(parents=True)
        for i in (1, 2, 3):  # stand-ins for real recordings: other synthetic tracks, as plain files
            shutil.copy(cls.root / "corpus" / "MEMD_audio" / f"{i}.wav", music / f"piece{i}.wav")

    @classmethod
    def tearDownClass(cls):
        cls.dir.tearDown()


class WeakLabels(TinyCorpus):
    def test_calibration_recovers_the_loudness_cue_and_labels_stay_in_range(self):
        fit = weak_labels.calibrate(self.root / "corpus", ["1", "2", "3", "4"], log=lambda _: None)
        self.assertEqual(set(fit), set(weak_labels.MEASURED))
        self.assertGreater(fit["loudness_db"]["r"], 0.8)
        self.assertGreater(fit["loudness_db"]["slope"], 0.0)
        from musicemotion_training import features
        labels = weak_labels.labels_from_audio(features.read_audio(self.root / "corpus" / "MEMD_audio" / "5.wav"), fit)
        self.assertEqual(labels.shape, (48, 2))
        self.assertTrue(np.all(np.abs(labels) <= 1.0))

    def test_wesnoth_music_is_refused(self):
        folder = self.root / "wesnoth-1.16-music"
        folder.mkdir(exist_ok=True)
        with self.assertRaisesRegex(ValueError, "evaluation music"):
            weak_labels.find_music([folder])


class TrainingCommand(TinyCorpus):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.out = cls.root / "run"
        cls.result = subprocess.run(
            [sys.executable, str(support.TRAINING_ROOT / "train_models.py"), "--dataset", str(cls.root / "corpus"),
             "--real-music", str(cls.root / "music"), "--out", str(cls.out / "models"), "--name", "tiny",
             "--report", str(cls.out / "report"), "--cache", str(cls.out / "cache"), "--features", "numpy",
             "--sizes", "8x1,4x1", "--epochs", "1", "--window", "8", "--chunk", "4", "--batch", "4",
             "--forecaster-hidden", "8", "--forecaster-epochs", "1", "--threads", "1"],
            capture_output=True, text=True, timeout=900)

    def test_one_epoch_run_writes_models_cards_report_and_parity_fixture(self):
        out = self.out
        self.assertEqual(self.result.returncode, 0, self.result.stderr + self.result.stdout[-2000:])
        emotion = json.loads((out / "models" / "tiny-emotion.json").read_text())
        forecaster = json.loads((out / "models" / "tiny-forecaster.json").read_text())
        for card in (emotion, forecaster):
            self.assertEqual(card["sha256"], export.sha256(out / "models" / card["onnx"]))
            self.assertIn("test", card["metrics"])
        self.assertEqual([row["size"] for row in emotion["training"]["sizes_tried"]], ["8x1", "4x1"])
        self.assertEqual(emotion["training"]["split"]["by"], "song")
        self.assertGreater(emotion["training"]["weakly_labelled_real_music"], 0)
        self.assertEqual(forecaster["horizon_seconds"], [0.5, 1.0, 1.5, 2.0])
        report = (out / "report" / "report.md").read_text()
        for heading in ("## Sizes tried", "## Held-out test split", "## Forecaster", "## Real music (weak labels)"):
            self.assertIn(heading, report)
        self.assertTrue((out / "report" / "held_out.png").stat().st_size > 1000)
        parity = out / "report" / "tiny-emotion.parity"
        self.assertEqual(json.loads((parity / "fixture.json").read_text())["model_sha256"], emotion["sha256"])
        graph = onnx_numpy.Graph(out / "models" / "tiny-emotion.onnx")
        self.assertLessEqual(set(graph.ops), onnx_numpy.ALLOWED_OPS)
        # The reference-music section needs ../shared/reference: its absence skips here and fails in CI.
        support.require_reference()
        self.assertIn("## Reference music", report)
        tracks = json.loads((out / "report" / "report.json").read_text())["report"]["reference_music"]["tracks"]
        self.assertEqual(len(tracks), 6)
        self.assertTrue(all(t["finite"] for t in tracks))

    def test_evaluating_the_exported_files_reproduces_the_training_report(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        out = self.out / "eval"
        result = subprocess.run(
            [sys.executable, str(support.TRAINING_ROOT / "evaluate.py"), "--model", str(self.out / "models" / "tiny-emotion.onnx"),
             "--forecaster", str(self.out / "models" / "tiny-forecaster.onnx"), "--dataset", str(self.root / "corpus"),
             "--cache", str(self.out / "cache"), "--features", "numpy", "--out", str(out)],
            capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stderr)
        trained = json.loads((self.out / "report" / "report.json").read_text())["report"]
        evaluated = json.loads((out / "report.json").read_text())
        for dimension in ("arousal", "valence"):
            self.assertAlmostEqual(evaluated["test"]["ours"][dimension]["rmse"],
                                   trained["test"]["ours"][dimension]["rmse"], places=5)
        for step in range(4):
            self.assertAlmostEqual(evaluated["forecaster"]["ours"][step], trained["forecaster"]["ours"][step], places=5)

    def test_bad_dataset_is_a_one_line_error(self):
        result = subprocess.run([sys.executable, str(support.TRAINING_ROOT / "train_models.py"),
                                 "--dataset", str(self.root / "nowhere"), "--out", str(self.root / "x")],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 1)
        self.assertIn("no DEAM or EmoMusic annotations found", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)


if __name__ == "__main__":
    unittest.main()
