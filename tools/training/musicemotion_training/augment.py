"""Gain, EQ and noise augmentation applied to log1p-mel frames, in the mel-power domain.

Features come from the C# extractor as log1p(mel power). Mel power is linear in the power spectrum, so
a gain g and a smooth EQ curve e(band) multiply it exactly, and independent noise adds its own mel
power on average: augmenting log1p(expm1(x) * g * e + noise) is what the extractor would have given
for the gained, equalised, noisy audio, without extracting features again. The noise's mel power is
derived from the feature contract itself: white noise of RMS sigma gives sigma^2 * sum(window^2) per
STFT bin, weighted by each mel row; a row averaging few bins fluctuates more (a Gamma draw with the
row's effective number of bins).
"""

import dataclasses

import numpy as np

from .features import features_numpy

_BIN_HZ = np.linspace(0, features_numpy.SAMPLE_RATE / 2, features_numpy.N_FFT // 2 + 1)
_FB = features_numpy.mel_filterbank()
_WHITE_MEL_POWER = float((features_numpy._WINDOW ** 2).sum()) * _FB.sum(axis=1)  # per band, for sigma = 1
_BAND_HZ = np.maximum((_FB * _BIN_HZ).sum(axis=1) / _FB.sum(axis=1), 20.0)
_EFFECTIVE_BINS = np.maximum(1.0, _FB.sum(axis=1) ** 2 / (_FB ** 2).sum(axis=1))


@dataclasses.dataclass(frozen=True)
class Augmentation:
    probability: float = 0.8  # of augmenting a window at all
    gain_db: float = 3.0  # +- uniform; small, because loudness is itself a labelled cue
    eq_db: float = 4.0  # +- amplitude of each of three cosine EQ components across the bands
    noise_dbfs: tuple = (-60.0, -25.0)  # RMS of the added noise, uniform in dB
    noise_probability: float = 0.5

    def __call__(self, logmel, rng):
        """Augmented copy of log1p-mel frames [n, 128, 44] (float32), one draw for the whole window."""
        if rng.random() >= self.probability:
            return logmel
        bands = np.arange(features_numpy.N_MELS)
        eq = sum(rng.uniform(-self.eq_db, self.eq_db) * np.cos(np.pi * k * bands / (len(bands) - 1)) for k in (1, 2, 3))
        scale = 10 ** ((rng.uniform(-self.gain_db, self.gain_db) + eq) / 10.0)
        power = np.expm1(logmel.astype(np.float64)) * scale[None, :, None]
        if rng.random() < self.noise_probability:
            sigma = 10 ** (rng.uniform(*self.noise_dbfs) / 20.0)
            colour = (1000.0 / _BAND_HZ) ** rng.uniform(0.0, 1.0)  # white to pink
            mean = sigma ** 2 * _WHITE_MEL_POWER * colour
            shape = _EFFECTIVE_BINS[None, :, None]
            power = power + rng.gamma(shape, 1.0 / shape, size=power.shape) * mean[None, :, None]
        return np.log1p(power).astype(np.float32)
