"""The synthetic corpus: deterministic, labelled by the cue model, and its cue controls audible."""

import csv
import json
import pathlib
import tempfile
import unittest

import numpy as np
import scipy.io.wavfile

import support  # noqa: F401  (puts the training package on the path)
from musicemotion_training import corpus, cue_model, datasets, measure, synth

HELD = {name: 0.0 for name in cue_model.CUE_NAMES}


def measured(cue, u, key, seeds=(0, 1, 2, 3), parts=None):
    """Mean of measure.track_cues()[key] over short tracks with every cue held at 0 except `cue` = u."""
    values = []
    for seed in seeds:
        audio, _, _ = synth.render_track(seed, 0, 10.0, {**HELD, "consonance": 0.8, cue: u}, parts)
        values.append(measure.track_cues(audio)[key])
    return float(np.mean(values))


class Determinism(unittest.TestCase):
    def test_same_seed_and_index_render_the_same_track(self):
        a1, c1, l1 = synth.render_track(5, 2, 20.0)
        a2, c2, l2 = synth.render_track(5, 2, 20.0)
        np.testing.assert_array_equal(a1, a2)
        np.testing.assert_array_equal(l1, l2)
        self.assertFalse(np.array_equal(a1, synth.render_track(5, 3, 20.0)[0]))


class Labels(unittest.TestCase):
    def test_labels_are_the_cue_model_of_the_frame_cues_and_stay_in_range(self):
        audio, cues, labels = synth.render_track(11, 0, 20.0)
        self.assertEqual(audio.dtype, np.float32)
        self.assertLess(float(np.abs(audio).max()), 1.0)
        self.assertEqual(labels.shape, (40, 2))
        np.testing.assert_allclose(labels, cue_model.labels(cues))
        self.assertTrue(np.all(np.abs(labels) <= 1.0))

    def test_cue_model_weights_sum_to_one_and_follow_the_documented_directions(self):
        self.assertAlmostEqual(float(cue_model.weights("arousal").sum()), 1.0)
        self.assertAlmostEqual(float(cue_model.weights("valence").sum()), 1.0)
        high = {name: np.ones(1) for name in cue_model.CUE_NAMES}
        np.testing.assert_allclose(cue_model.labels(high), [[1.0, 1.0]])
        fast_only = {**{n: np.zeros(1) for n in cue_model.CUE_NAMES}, "tempo": np.ones(1)}
        arousal, valence = cue_model.labels(fast_only)[0]
        self.assertGreater(arousal, valence)
        self.assertGreater(valence, 0.0)

    def test_renormalised_weights_for_measurable_cues(self):
        w = cue_model.weights("valence", available={"mode", "tempo"})
        self.assertAlmostEqual(float(w.sum()), 1.0)
        self.assertAlmostEqual(float(w[cue_model.CUE_NAMES.index("mode")]), 0.8)


class CueControlsAreAudible(unittest.TestCase):
    """Each cue control moves the matching measured cue the stated way (so labels describe the audio)."""

    def test_loudness_raises_the_rms_level(self):
        self.assertGreater(measured("loudness", 0.9, "loudness_db"), measured("loudness", -0.9, "loudness_db") + 10.0)

    def test_tempo_and_density_raise_the_onset_rate(self):
        self.assertGreater(measured("tempo", 0.9, "onset_rate"), 1.5 * measured("tempo", -0.9, "onset_rate"))
        self.assertGreater(measured("density", 0.9, "onset_rate"), 2.0 * measured("density", -0.9, "onset_rate"))

    def test_brightness_and_register_raise_the_centroid_of_the_pitched_parts(self):
        pitched = {"chords", "melody"}
        self.assertGreater(measured("brightness", 0.9, "centroid_hz", parts=pitched),
                           1.2 * measured("brightness", -0.9, "centroid_hz", parts=pitched))
        self.assertGreater(measured("register", 0.9, "centroid_hz", parts=pitched),
                           1.2 * measured("register", -0.9, "centroid_hz", parts=pitched))

    def test_mode_moves_the_major_minor_score(self):
        pitched = {"chords", "melody"}
        self.assertGreater(measured("mode", 0.9, "mode_score", parts=pitched),
                           measured("mode", -0.9, "mode_score", parts=pitched) + 0.15)


class CorpusLayout(unittest.TestCase):
    def test_corpus_is_written_in_the_deam_layout_and_loads_back(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            corpus.generate(root, n_tracks=2, seed=3, duration=20.0, log=lambda _: None)
            songs, problems = datasets.load(root)
            self.assertEqual(problems, [])
            self.assertEqual([s.song_id for s in songs], ["1", "2"])
            manifest = json.loads((root / "corpus.json").read_text())
            self.assertEqual(manifest["seed"], 3)
            for song in songs:
                rate, pcm = scipy.io.wavfile.read(song.audio)
                self.assertEqual((rate, pcm.dtype, pcm.ndim), (44100, np.int16, 1))
                self.assertEqual(song.first_frame, 29)  # sample_15000ms labels frame [14.5, 15.0)
                _, _, labels = synth.render_track(3, int(song.song_id) - 1, 20.0)
                np.testing.assert_allclose(song.labels, labels[29:], atol=1e-6)
            with open(root / "synthetic_cues.csv") as f:
                rows = list(csv.DictReader(f))
            self.assertEqual(len(rows), 2 * 40)
            self.assertEqual(set(rows[0]) - {"song_id", "time_ms"}, set(cue_model.CUE_NAMES))


if __name__ == "__main__":
    unittest.main()
