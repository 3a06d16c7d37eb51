"""DEAM / EmoMusic loaders: label alignment, every bad-input case, and the song-level split."""

import pathlib
import tempfile
import unittest

import numpy as np

import fixtures
import support
from musicemotion_training import datasets, tracks


class DeamBadInput(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        root = pathlib.Path(cls._tmp.name)
        fixtures.deam_with_every_fault(root)
        cls.tracks, cls.problems = tracks.prepare(root, root / "cache", extractor="numpy", log=lambda _: None)
        cls.by_id = {t.song_id: t for t in cls.tracks}
        cls.reported = {p.song_id: p for p in cls.problems}

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def assertReported(self, song_id, action, *words):
        self.assertIn(song_id, self.reported, f"song {song_id} not reported; problems: {self.problems}")
        problem = self.reported[song_id]
        self.assertEqual(problem.action, action)
        for word in words:
            self.assertIn(word, str(problem))

    def test_good_song_is_aligned_frame_by_frame(self):
        track = self.by_id["10"]
        self.assertEqual(track.logmel.shape, (35, 128, 44))
        labelled = np.flatnonzero(~np.isnan(track.labels[:, 0]))
        # sample_15000ms .. sample_17000ms label the frames ending at 15.0 .. 17.0 s: frames 29 .. 33.
        np.testing.assert_array_equal(labelled, [29, 30, 31, 32, 33])
        np.testing.assert_allclose(track.labels[29:34, 0], [0.1, 0.2, 0.3, 0.2, 0.1])
        np.testing.assert_allclose(track.labels[29:34, 1], [-0.1, -0.2, -0.3, -0.2, -0.1])
        self.assertEqual(track.source, "deam")

    def test_trailing_empty_cells_end_the_song_instead_of_failing(self):
        self.assertNotIn("11", self.reported)
        np.testing.assert_array_equal(np.flatnonzero(~np.isnan(self.by_id["11"].labels[:, 0])), [29, 30, 31])

    def test_gap_inside_the_annotations_skips_the_song(self):
        self.assertReported("12", "skipped", "NaN/empty at sample_15500ms")
        self.assertNotIn("12", self.by_id)

    def test_missing_audio_skips_the_song(self):
        self.assertReported("13", "skipped", "no audio file", "MEMD_audio")
        self.assertNotIn("13", self.by_id)

    def test_ids_in_only_one_file_are_skipped_naming_the_file(self):
        self.assertReported("14", "skipped", "in the arousal file but not in the valence file")
        self.assertReported("19", "skipped", "in the valence file but not in the arousal file")
        self.assertNotIn("14", self.by_id)
        self.assertNotIn("19", self.by_id)

    def test_audio_slightly_shorter_than_the_annotations_is_trimmed_and_reported(self):
        self.assertReported("15", "trimmed", "32 frames", "17.0 s", "last 2 label(s) dropped")
        track = self.by_id["15"]
        self.assertEqual(len(track.labels), 32)
        np.testing.assert_allclose(track.labels[29:, 0], [0.1, 0.2, 0.3])

    def test_audio_much_shorter_than_the_annotations_skips_the_song(self):
        self.assertReported("16", "skipped", "30 frames", "17.0 s")
        self.assertNotIn("16", self.by_id)

    def test_value_outside_the_scale_skips_the_song(self):
        self.assertReported("17", "skipped", "5 outside [-1, 1]")

    def test_all_nan_row_skips_the_song(self):
        self.assertReported("18", "skipped", "no arousal annotation")

    def test_exactly_the_good_songs_remain(self):
        self.assertEqual(sorted(self.by_id, key=int), ["10", "11", "15"])


class EmoMusicLayout(support.TempDirTest):
    def test_mp3_clips_and_cont_average_files_load(self):
        layout = datasets.EMOMUSIC_LAYOUT
        header = fixtures.columns(count=3)
        fixtures.write_annotations(self.root, layout, "arousal", header, [["2", "0.1", "0.2", "0.3"],
                                                                          ["5", "-0.1", "-0.2", "-0.3"]])
        fixtures.write_annotations(self.root, layout, "valence", header, [["5", "0.4", "0.5", "0.6"],
                                                                          ["2", "0.0", "0.0", "0.1"]])
        fixtures.write_audio(self.root, layout, "2", 16.5, ext=".mp3")
        fixtures.write_audio(self.root, layout, "5", 16.5, ext=".mp3")
        loaded, problems = tracks.prepare(self.root, self.root / "cache", extractor="numpy", log=lambda _: None)
        self.assertEqual(problems, [])
        self.assertEqual([t.song_id for t in loaded], ["2", "5"])
        self.assertEqual(loaded[0].source, "emomusic")
        # Rows are joined by song id, not by position: song 5's valence is the row listed first.
        np.testing.assert_allclose(loaded[1].labels[29:32], [[-0.1, 0.4], [-0.2, 0.5], [-0.3, 0.6]])


class MalformedFiles(support.TempDirTest):
    layout = datasets.DEAM_LAYOUT

    def write(self, header, rows, dimension="arousal"):
        return fixtures.write_annotations(self.root, self.layout, dimension, header, rows)

    def test_missing_annotation_folder_names_what_was_looked_for(self):
        with self.assertRaisesRegex(datasets.DatasetError, "no DEAM or EmoMusic annotations found"):
            datasets.load(self.root)

    def test_missing_valence_file_fails_naming_it(self):
        self.write(fixtures.columns(), [["1", "0", "0", "0", "0", "0"]])
        with self.assertRaisesRegex(datasets.DatasetError, "valence.csv: annotation file not found"):
            datasets.load(self.root)

    def test_header_without_song_id_fails(self):
        path = self.write(fixtures.columns(), [])
        path.write_text("id,sample_15000ms\n1,0.1\n")
        with self.assertRaisesRegex(datasets.DatasetError, "arousal.csv: expected a header starting with 'song_id'"):
            datasets.read_annotation_file(path)

    def test_column_off_the_half_second_grid_fails(self):
        path = self.write(["sample_15000ms", "sample_15250ms"], [["1", "0", "0"]])
        with self.assertRaisesRegex(datasets.DatasetError, "sample_15250ms is not on the 500 ms grid"):
            datasets.read_annotation_file(path)

    def test_duplicate_song_fails_naming_the_song(self):
        path = self.write(fixtures.columns(count=1), [["7", "0.1"], ["7", "0.2"]])
        with self.assertRaisesRegex(datasets.DatasetError, "song 7 appears twice"):
            datasets.read_annotation_file(path)

    def test_non_numeric_value_fails_naming_song_and_column(self):
        path = self.write(fixtures.columns(count=2), [["7", "0.1", "high"]])
        with self.assertRaisesRegex(datasets.DatasetError, "song 7, column sample_15500ms: 'high' is not a number"):
            datasets.read_annotation_file(path)

    def test_columns_before_the_warm_up_are_dropped(self):
        path = self.write(["sample_14500ms", "sample_15000ms"], [["7", "0.9", "0.1"]])
        frames, values = datasets.read_annotation_file(path)["7"]
        np.testing.assert_array_equal(frames, [29])
        np.testing.assert_allclose(values, [0.1])

    def test_arousal_and_valence_over_different_spans_skip_the_song(self):
        self.write(fixtures.columns(count=3), [["7", "0.1", "0.2", "0.3"]])
        self.write(fixtures.columns(count=3), [["7", "0.1", "0.2", ""]], dimension="valence")
        fixtures.write_audio(self.root, self.layout, "7", 17.0)
        songs, problems = datasets.load(self.root)
        self.assertEqual(songs, [])
        self.assertEqual([(p.song_id, p.action) for p in problems], [("7", "skipped")])
        self.assertIn("arousal annotated over frames 29..31 but valence over 29..30", str(problems[0]))


class SongLevelSplit(unittest.TestCase):
    def test_every_song_lands_in_exactly_one_split(self):
        ids = [str(i) for i in range(1, 51)]
        parts = datasets.split(ids, seed=4)
        seen = parts["train"] + parts["validation"] + parts["test"]
        self.assertEqual(sorted(seen, key=int), ids)
        self.assertEqual((len(parts["validation"]), len(parts["test"])), (5, 5))

    def test_split_is_deterministic_from_the_seed(self):
        ids = [str(i) for i in range(30)]
        self.assertEqual(datasets.split(ids, 1), datasets.split(ids, 1))
        self.assertNotEqual(datasets.split(ids, 1)["test"], datasets.split(ids, 2)["test"])


if __name__ == "__main__":
    unittest.main()
