"""The NumPy feature reference against the shared librosa-exact references."""

import subprocess
import sys
import tempfile
import pathlib
import unittest

import numpy as np

from support import REFERENCE_TOOLS, TRACKS, require_reference

import features_numpy


class LogMelAgainstReference(unittest.TestCase):
    def test_every_track_matches_the_reference_logmel_within_1e5(self):
        ref = require_reference()
        for track in TRACKS:
            with self.subTest(track=track):
                ours = features_numpy.logmel(features_numpy.read_wav(ref / "music" / f"{track}.wav"))
                expected = np.load(ref / f"{track}.logmel.npy")
                self.assertEqual(ours.shape, expected.shape)
                self.assertEqual(ours.dtype, np.float32)
                self.assertLessEqual(float(np.abs(ours - expected).max()), 1e-5)

    def test_zscore_uses_the_unbiased_std_of_the_reference_zstats(self):
        ref = require_reference()
        for track in TRACKS:
            with self.subTest(track=track):
                logmel = np.load(ref / f"{track}.logmel.npy")
                stats = np.load(ref / f"{track}.zstats.npy")
                z, silent = features_numpy.zscore(logmel)
                self.assertEqual(z.shape, (logmel.shape[0], 44, 128))
                self.assertFalse(silent.any())
                # Undo the z-score with the reference's (mean, std): it must give back the log-mel, which
                # only holds when the std is the ddof=1 one (ddof=0 is off by 8.9e-5 relative).
                rebuilt = z * stats[:, None, 1:2] + stats[:, None, 0:1]
                np.testing.assert_allclose(rebuilt, logmel.transpose(0, 2, 1), rtol=0, atol=2e-5)
                flat = logmel.reshape(logmel.shape[0], -1)
                np.testing.assert_allclose(flat.std(axis=1, ddof=1), stats[:, 1], rtol=1e-5)

    def test_stereo_file_is_averaged_to_the_mono_reference(self):
        ref = require_reference()
        ours = features_numpy.logmel(features_numpy.read_wav(ref / "music" / "knalgan_theme_stereo.wav"))
        expected = np.load(ref / "knalgan_theme.logmel.npy")
        self.assertLessEqual(float(np.abs(ours - expected).max()), 1e-3)


class ContractDetails(unittest.TestCase):
    def test_filterbank_rows_have_slaney_area_norm(self):
        fb = features_numpy.mel_filterbank()
        self.assertEqual(fb.shape, (128, 1025))
        edges = features_numpy.mel_to_hz_slaney(np.linspace(0, features_numpy.hz_to_mel_slaney(22050.0), 130))
        bin_hz = np.linspace(0, 22050, 1025)
        peaks = fb.max(axis=1)
        # A triangle sampled on the bin grid peaks at most at 2/(f[i+2]-f[i]).
        self.assertTrue(np.all(peaks <= 2.0 / (edges[2:] - edges[:-2]) + 1e-12))
        self.assertAlmostEqual(float(bin_hz[fb[60].argmax()]), float(edges[61]), delta=22050 / 1024)

    def test_silent_clip_gives_zeros_and_a_flag_not_nan(self):
        logmel = features_numpy.logmel(np.zeros(3 * 22050, dtype=np.float32))
        z, silent = features_numpy.zscore(logmel)
        self.assertTrue(silent.all())
        self.assertTrue(np.all(z == 0.0))

    def test_incomplete_tail_is_dropped(self):
        samples = np.random.default_rng(1).uniform(-0.5, 0.5, 2 * 22050 + 22049).astype(np.float32)
        self.assertEqual(features_numpy.logmel(samples).shape, (2, 128, 44))

    def test_clip_of_wrong_length_is_refused_with_the_length(self):
        with self.assertRaisesRegex(ValueError, "22050 samples"):
            features_numpy.logmel_clip(np.zeros(100))


class CommandLine(unittest.TestCase):
    def run_cli(self, *args):
        return subprocess.run([sys.executable, str(REFERENCE_TOOLS / "features_numpy.py"), *map(str, args)],
                              capture_output=True, text=True, timeout=120)

    def test_out_writes_the_reference_layout(self):
        ref = require_reference()
        with tempfile.TemporaryDirectory() as tmp:
            out = pathlib.Path(tmp) / "sad.npy"
            result = self.run_cli(ref / "music" / "sad.wav", "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            np.testing.assert_allclose(np.load(out), np.load(ref / "sad.logmel.npy"), rtol=0, atol=1e-5)

    def test_bench_prints_a_median(self):
        ref = require_reference()
        result = self.run_cli(ref / "music" / "sad.wav", "--bench", "3")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"median \d+\.\d+ ms/frame over 3 frames")

    def test_wrong_sample_rate_is_a_one_line_error_naming_the_file(self):
        ref = require_reference()
        result = self.run_cli(ref / "music" / "sad_48k.wav", "--bench", "1")
        self.assertEqual(result.returncode, 1)
        self.assertIn("sad_48k.wav: sample rate 48000 Hz, expected 44100 Hz", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)


if __name__ == "__main__":
    unittest.main()
