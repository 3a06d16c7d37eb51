"""The feature cache: the one function training gets features through, with either extractor."""

import os
import pathlib
import shutil
import unittest

import numpy as np

import fixtures
import support
from musicemotion_training import datasets, features


class NumpyExtractorCache(support.TempDirTest):
    def test_writes_the_extractor_layout_and_reuses_fresh_files(self):
        audio = fixtures.write_audio(self.root, datasets.DEAM_LAYOUT, "3", 2.2)
        messages = []
        features.extract([audio], self.root / "cache", "numpy", log=messages.append)
        logmel, times = features.load(self.root / "cache", audio)
        self.assertEqual(logmel.shape, (4, 128, 44))
        np.testing.assert_allclose(times, [0.0, 0.5, 1.0, 1.5])
        self.assertEqual(len(messages), 1)
        features.extract([audio], self.root / "cache", "numpy", log=messages.append)
        self.assertEqual(len(messages), 1, "a fresh cache entry must not be extracted again")
        logmel_path, _ = features.paths(self.root / "cache", audio)
        older = audio.stat().st_mtime - 10
        os.utime(logmel_path, (older, older))
        features.extract([audio], self.root / "cache", "numpy", log=messages.append)
        self.assertEqual(len(messages), 2, "a file newer than its features must be extracted again")

    def test_reference_track_matches_the_reference_logmel(self):
        ref = support.require_reference()
        wav = shutil.copy(ref / "music" / "sad.wav", self.root / "sad.wav")
        features.extract([wav], self.root / "cache", "numpy", log=lambda _: None)
        logmel, _ = features.load(self.root / "cache", wav)
        np.testing.assert_allclose(logmel, np.load(ref / "sad.logmel.npy"), rtol=0, atol=1e-5)

    def test_two_files_with_one_stem_are_refused(self):
        a = fixtures.write_audio(self.root / "a", datasets.DEAM_LAYOUT, "1", 1.0)
        b = fixtures.write_audio(self.root / "b", datasets.DEAM_LAYOUT, "1", 1.0)
        with self.assertRaisesRegex(features.FeatureError, "share the stem '1'"):
            features.extract([a, b], self.root / "cache", "numpy")

    def test_malformed_feature_file_is_named(self):
        audio = fixtures.write_audio(self.root, datasets.DEAM_LAYOUT, "4", 1.0)
        logmel_path, times_path = features.paths(self.root, audio)
        np.save(logmel_path, np.zeros((2, 44, 128), dtype=np.float32))
        np.save(times_path, np.zeros(2, dtype=np.float32))
        with self.assertRaisesRegex(features.FeatureError, r"4.logmel.npy: expected float32 \[n, 128, 44\]"):
            features.load(self.root, audio)

    def test_unknown_extractor_is_refused(self):
        with self.assertRaisesRegex(features.FeatureError, "unknown feature extractor 'librosa'"):
            features.extract([], self.root, "librosa")


class CSharpExtractor(support.TempDirTest):
    """The C# extractor (musicemotion features) must agree with the NumPy reference and the shared data."""

    def require_csharp(self):
        try:
            features.csharp_command()
            available = True
        except features.FeatureError:
            available = False
        support.require(available, "the C# extractor (build src/MusicEmotion.Cli or set MUSICEMOTION_CLI)")

    def test_unreadable_file_is_named_and_the_others_are_still_extracted(self):
        self.require_csharp()
        bad = self.root / "broken.wav"
        bad.write_bytes(b"not audio at all")
        good = fixtures.write_audio(self.root, datasets.DEAM_LAYOUT, "7", 1.2)
        with self.assertRaisesRegex(features.FeatureError, "broken.wav"):
            features.extract([bad, good], self.root / "cache", "csharp", log=lambda _: None)
        logmel, _ = features.load(self.root / "cache", good)
        self.assertEqual(logmel.shape, (2, 128, 44))

    def test_csharp_features_match_the_numpy_reference(self):
        ref = support.require_reference()
        self.require_csharp()
        wavs = [shutil.copy(ref / "music" / f"{t}.wav", self.root / f"{t}.wav") for t in ("sad", "frantic")]
        features.extract(wavs, self.root / "csharp", "csharp", log=lambda _: None)
        features.extract(wavs, self.root / "numpy", "numpy", log=lambda _: None)
        for wav in wavs:
            with self.subTest(track=pathlib.Path(wav).stem):
                ours, times = features.load(self.root / "csharp", wav)
                theirs, _ = features.load(self.root / "numpy", wav)
                np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-5)
                np.testing.assert_allclose(ours, np.load(ref / f"{pathlib.Path(wav).stem}.logmel.npy"), rtol=0, atol=1e-5)
                np.testing.assert_allclose(times, np.arange(24) * 0.5, atol=1e-6)


if __name__ == "__main__":
    unittest.main()
