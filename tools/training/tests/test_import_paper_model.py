"""import_paper_model: the paper's weights in our format reproduce the shared reference outputs."""

import json
import subprocess
import sys
import unittest

import numpy as np
import torch

import support
from musicemotion_training import export, features, onnx_numpy, paper


class ImportPaperModel(support.TempDirTest):
    def run_import(self, *args):
        return subprocess.run([sys.executable, str(support.TRAINING_ROOT / "import_paper_model.py"), *map(str, args)],
                              capture_output=True, text=True, timeout=300)

    def test_exported_onnx_files_reproduce_paper_av_and_paper_next(self):
        ref = support.require_reference()
        result = self.run_import("--emotion", ref / "paper_emotion.weights.npz",
                                 "--predictor", ref / "paper_predictor.weights.npz", "--out", self.root)
        self.assertEqual(result.returncode, 0, result.stderr)
        emotion = onnx_numpy.Graph(self.root / "paper-emotion.onnx")
        predictor = onnx_numpy.Graph(self.root / "paper-forecaster.onnx")
        for track in support.TRACKS:
            with self.subTest(track=track):
                frames = model_frames(ref, track)
                av = emotion.run({"mel": frames})["av"]
                np.testing.assert_allclose(av, np.load(ref / f"{track}.paper_av.npy"), rtol=0, atol=1e-5)
                paper_av = np.load(ref / f"{track}.paper_av.npy")
                windows = np.stack([paper_av[i:i + 10] for i in range(len(paper_av) - 9)])
                nxt = predictor.run({"history": windows})["next"]
                self.assertEqual(nxt.shape, (len(windows), 1, 2))
                np.testing.assert_allclose(nxt[:, 0], np.load(ref / f"{track}.paper_next.npy"), rtol=0, atol=1e-5)

    def test_cards_carry_the_contract_keys_and_the_sha256(self):
        ref = support.require_reference()
        self.assertEqual(self.run_import("--emotion", ref / "paper_emotion.weights.npz",
                                         "--predictor", ref / "paper_predictor.weights.npz",
                                         "--out", self.root).returncode, 0)
        emotion = json.loads((self.root / "paper-emotion.json").read_text())
        self.assertEqual(emotion["kind"], "emotion")
        self.assertIsNone(emotion["state"])
        self.assertEqual(emotion["inputs"], {"mel": ["N", 44, 128]})
        self.assertEqual(emotion["outputs"], {"av": ["N", 2]})
        self.assertEqual(emotion["labels"], ["arousal", "valence"])
        self.assertEqual(emotion["sha256"], export.sha256(self.root / "paper-emotion.onnx"))
        self.assertIn("MIT", emotion["license"])
        forecaster = json.loads((self.root / "paper-forecaster.json").read_text())
        self.assertEqual((forecaster["kind"], forecaster["history"], forecaster["horizon_seconds"]),
                         ("forecaster", 10, [1.0]))
        self.assertEqual(forecaster["outputs"], {"next": ["N", 1, 2]})

    def test_pth_state_dict_imports_like_the_npz(self):
        ref = support.require_reference()
        pth = self.root / "model_state_dict.pth"
        torch.save(paper.load_state_dict(ref / "paper_emotion.weights.npz"), pth)
        self.assertEqual(self.run_import("--emotion", pth, "--out", self.root / "pth").returncode, 0)
        frames = model_frames(ref, "sad")
        av = onnx_numpy.Graph(self.root / "pth" / "paper-emotion.onnx").run({"mel": frames})["av"]
        np.testing.assert_allclose(av, np.load(ref / "sad.paper_av.npy"), rtol=0, atol=1e-5)

    def test_wrong_weights_file_is_a_one_line_error(self):
        ref = support.require_reference()
        result = self.run_import("--emotion", ref / "paper_predictor.weights.npz", "--out", self.root)
        self.assertEqual(result.returncode, 1)
        self.assertIn("not the paper's PaperEmotionModel weights", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)


def model_frames(ref, track):
    """The reference log-mel of a track, z-scored and time-major: the paper model's input."""
    frames, _ = features.zscore(np.load(ref / f"{track}.logmel.npy"))
    return frames


if __name__ == "__main__":
    unittest.main()
