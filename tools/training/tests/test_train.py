"""Training pieces: windows, forecaster baselines, metrics, augmentation, and a tiny run that must learn."""

import unittest

import numpy as np

import support  # noqa: F401
from musicemotion_training import augment, features, metrics, train, tracks
from musicemotion_training.features import features_numpy


def track(song_id, n=40, first=10, value=0.3, seed=0):
    logmel = np.random.default_rng(seed).uniform(0, 4, (n, 128, 44)).astype(np.float32)
    labels = np.full((n, 2), np.nan, dtype=np.float32)
    labels[first:] = value
    return tracks.Track(str(song_id), "test", logmel, labels)


class Windows(unittest.TestCase):
    def test_window_has_the_configured_length_and_keeps_labels_with_their_frames(self):
        config = train.EmotionConfig(window=16, splice_probability=0.0)
        t = track(1)
        t.labels[:, 0] = np.arange(40)  # label = frame index, to check the alignment
        rng = np.random.default_rng(0)
        for _ in range(20):
            logmel, labels, weights = train.sample_window([t], rng, config)
            self.assertEqual((logmel.shape, labels.shape, weights.shape), ((16, 128, 44), (16, 2), (16, 2)))
            start = int(labels[0, 0])
            np.testing.assert_array_equal(labels[:, 0], np.arange(start, start + 16))
            np.testing.assert_array_equal(logmel, t.logmel[start:start + 16])

    def test_short_track_is_padded_with_unlabelled_frames(self):
        config = train.EmotionConfig(window=16, splice_probability=0.0)
        logmel, labels, weights = train.sample_window([track(1, n=10, first=0)], np.random.default_rng(0), config)
        self.assertEqual(logmel.shape[0], 16)
        self.assertTrue(np.isnan(labels[10:]).all())
        self.assertTrue((weights[10:] == 0).all())

    def test_spliced_window_switches_track_and_labels_together(self):
        config = train.EmotionConfig(window=16, splice_probability=1.0, start_probability=0.0)
        a, b = track(1, first=0, value=0.5, seed=1), track(2, first=0, value=-0.5, seed=2)
        rng = np.random.default_rng(3)
        seen = False
        for _ in range(10):
            _, labels, _ = train.sample_window([a, b], rng, config)
            seen |= bool(len(set(labels[:, 0].tolist())) == 2)
        self.assertTrue(seen, "a splice of the two tracks should mix their labels")


class ForecastBaselines(unittest.TestCase):
    def test_windows_skip_unlabelled_stretches(self):
        labels = np.zeros((30, 2), np.float32)
        labels[12] = np.nan
        x, y = train.forecast_windows([labels], horizon=4)
        self.assertEqual(x.shape[1:], (10, 2))
        self.assertEqual(y.shape[1:], (4, 2))
        self.assertEqual(len(x), 30 - 13 - 14 + 1)  # only windows after frame 12 fit

    def test_linear_trend_extends_a_straight_line_exactly(self):
        line = (np.arange(10) * 0.05 - 0.2)[None, :, None].repeat(2, axis=2)
        ahead = train.linear_trend_forecast(line, 4)
        np.testing.assert_allclose(ahead[0, :, 0], 0.25 + 0.05 * np.arange(1, 5) - 0.0, atol=1e-9)

    def test_persistence_repeats_the_last_reading(self):
        history = np.random.default_rng(0).uniform(-1, 1, (3, 10, 2))
        np.testing.assert_array_equal(train.persistence_forecast(history, 4)[:, 3], history[:, -1])


class Metrics(unittest.TestCase):
    def test_perfect_and_constant_predictions(self):
        true = np.random.default_rng(0).uniform(-1, 1, (200, 2))
        perfect = metrics.report(true, true)
        self.assertAlmostEqual(perfect["arousal"]["ccc"], 1.0)
        self.assertAlmostEqual(perfect["valence"]["rmse"], 0.0)
        self.assertEqual(perfect["quadrant"]["accuracy"], 1.0)
        constant = metrics.report(np.zeros_like(true) + true.mean(axis=0), true)
        self.assertAlmostEqual(constant["arousal"]["ccc"], 0.0)
        self.assertTrue(np.isnan(constant["arousal"]["pearson"]))

    def test_ccc_penalises_a_bias_that_pearson_ignores(self):
        true = np.linspace(-0.5, 0.5, 50)
        self.assertAlmostEqual(metrics.pearson(true + 0.4, true), 1.0)
        self.assertLess(metrics.ccc(true + 0.4, true), 0.6)

    def test_quadrants_follow_the_product_circumplex(self):
        av = np.array([[0.5, 0.5], [0.5, -0.5], [-0.5, -0.5], [-0.5, 0.5], [0.0, 0.0]])
        np.testing.assert_array_equal(metrics.quadrant(av), [0, 1, 2, 3, 0])

    def test_confusion_and_macro_f1(self):
        matrix = metrics.confusion([0, 0, 1, 2], [0, 1, 1, 2])
        self.assertEqual(matrix.tolist(), [[1, 0, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]])
        self.assertAlmostEqual(metrics.macro_f1(matrix), (2 / 3 + 2 / 3 + 1.0) / 3)

    def test_unlabelled_rows_are_left_out(self):
        true = np.array([[0.1, 0.1], [np.nan, np.nan], [0.3, 0.3]])
        self.assertEqual(metrics.report(np.zeros((3, 2)), true)["frames"], 2)


class Augmentation(unittest.TestCase):
    def test_gain_in_the_mel_domain_equals_features_of_the_gained_audio(self):
        samples = np.random.default_rng(1).normal(0, 0.1, 2 * 22050)
        aug = augment.Augmentation(probability=1.0, gain_db=0.0, eq_db=0.0, noise_probability=0.0)
        logmel = features_numpy.logmel(samples)
        np.testing.assert_allclose(aug(logmel, np.random.default_rng(0)), logmel, atol=1e-5)
        gain = 10 ** (4.0 / 20)
        expected = features_numpy.logmel(samples * gain)
        mel_gained = np.log1p(np.expm1(logmel.astype(np.float64)) * gain ** 2).astype(np.float32)
        np.testing.assert_allclose(mel_gained, expected, atol=2e-5)

    def test_noise_has_the_mel_power_of_real_white_noise(self):
        sigma = 0.05
        noise_logmel = features_numpy.logmel(np.random.default_rng(2).normal(0, sigma, 30 * 22050))
        measured = np.expm1(noise_logmel.astype(np.float64))[:, :, 4:-4].mean(axis=(0, 2))
        predicted = sigma ** 2 * augment._WHITE_MEL_POWER
        ratio = measured[8:] / predicted[8:]  # the lowest bands hold a bin or two: too noisy to compare
        self.assertTrue(np.all(np.abs(ratio - 1) < 0.1), f"ratio range {ratio.min():.3f}..{ratio.max():.3f}")

    def test_augmented_frames_stay_finite_and_zscore_cleanly(self):
        logmel = np.random.default_rng(3).uniform(0, 6, (4, 128, 44)).astype(np.float32)
        aug = augment.Augmentation(probability=1.0, noise_probability=1.0)
        out = aug(logmel, np.random.default_rng(4))
        self.assertTrue(np.isfinite(out).all())
        self.assertFalse(np.array_equal(out, logmel))
        z, silent = features.zscore(out)
        self.assertFalse(silent.any())


class TinyRunLearns(unittest.TestCase):
    def test_a_few_epochs_beat_the_mean_predictor_on_a_learnable_task(self):
        # Label = spectral tilt of the frame (bright vs dark noise): visible after the z-score.
        rng = np.random.default_rng(5)
        tilt = np.linspace(-1, 1, 128)[None, :, None]
        data = []
        for i in range(48):
            value = rng.choice([-0.6, -0.2, 0.2, 0.6])
            logmel = (2.0 + value * 1.5 * tilt + rng.normal(0, 0.3, (12, 128, 44))).astype(np.float32)
            data.append(tracks.Track(str(i), "test", logmel, np.full((12, 2), [value, -value], np.float32)))
        config = train.EmotionConfig(hidden=8, layers=1, window=6, chunk=3, batch=8, epochs=6, patience=6,
                                     threads=1, augmentation=augment.Augmentation(probability=0.0))
        net, history = train.train_emotion(data[:36], data[36:42], config, log=lambda _: None)
        _, report = train.evaluate_tracks(net, data[42:])
        labels = np.concatenate([t.labels for t in data[42:]])
        mean_rmse = float(np.sqrt(np.mean((labels - labels.mean(axis=0)) ** 2)))
        self.assertLess(train.score(report), 0.7 * mean_rmse)
        self.assertGreater(report["arousal"]["ccc"], 0.5)
        # Learning shows on the validation split too: the best epoch beats predicting the training labels' mean.
        train_mean = np.concatenate([t.labels for t in data[:36]]).mean(axis=0)
        val_labels = np.concatenate([t.labels for t in data[36:42]])
        val_mean_rmse = float(np.mean(np.sqrt(np.mean((val_labels - train_mean) ** 2, axis=0))))  # as train.score
        self.assertLess(min(h["val_rmse"] for h in history), 0.7 * val_mean_rmse)


if __name__ == "__main__":
    unittest.main()
